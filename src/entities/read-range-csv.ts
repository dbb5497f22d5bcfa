/**
 * Reads an `@ip-location-db` CSV (`start,end,…`, inclusive ranges) into a RangeTable.
 */
import { readFileSync } from "node:fs";
import type { Family } from "../model/bgp-elem.ts";
import { InputSyntaxError } from "../model/errors.ts";
import { csvRows } from "./csv-rows.ts";
import { ipKey } from "./ip-key.ts";
import type { RangeTable } from "./range-table.ts";
import { RangeTableBuilder } from "./range-table.ts";

/** Turns a row's other fields into the range's value; null skips the row. */
export type RowValue = (fields: readonly string[], line: number) => number | null;

/** First key of an IPv4 address (text or number) or the first whole /48 of an IPv6 address. */
function startKey(text: string, family: Family): number | null {
  if (family === 4) return endKey(text, 4);
  const k = ipKey(text);
  if (k === null || k.family !== family) return null;
  // A /48 takes the value of its first address: a range starting inside a /48 covers the next one first.
  return k.blockStart ? k.key : k.key + 1;
}

function endKey(text: string, family: Family): number | null {
  if (family === 4 && !text.includes(".")) {
    const n = text === "" ? Number.NaN : Number(text); // the -num files
    return Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? n : null;
  }
  const k = ipKey(text);
  return k === null || k.family !== family ? null : k.key;
}

/**
 * Reads `file` (IPv4 as dotted quads or numbers, IPv6 as text) into a table keyed as
 * in ip-key.ts. A row whose addresses do not parse is an InputSyntaxError.
 */
export function readRangeCsv(file: string, family: Family, value: RowValue): RangeTable {
  const builder = new RangeTableBuilder(family === 6);
  for (const { line, fields } of csvRows(readFileSync(file, "utf8"), file)) {
    const [startText = "", endText = ""] = fields;
    const start = startKey(startText, family);
    const end = endKey(endText, family);
    if (start === null || end === null) {
      throw new InputSyntaxError(file, line, start === null ? 1 : 2, `not an IPv${family} address: ${JSON.stringify(start === null ? startText : endText)}`);
    }
    const v = value(fields, line);
    if (v !== null) builder.add(start, end, v);
  }
  return builder.build();
}
