/**
 * Wide CSV, as IODA's dashboard exports it: a time column, then one column per signal
 * (`Time (UTC)`, `BGP (#Visible /24s)`, `Active Probing (#/24s Up)`, …), all for one
 * entity. Empty cells are gaps.
 */
import { InputSyntaxError } from "../model/errors.ts";
import type { EntityId } from "../model/signal.ts";
import { checkSignalName } from "./check-signal-name.ts";
import { checkTime } from "./check-time.ts";
import { echoInput } from "./echo-input.ts";
import { columnSignalName } from "./ioda-signal-name.ts";
import type { LocatedPoint } from "./located-point.ts";
import { parseCsv } from "./parse-csv.ts";
import { parseTime, type ParseTimeOptions } from "./parse-time.ts";
import { parseValue } from "./parse-value.ts";

/** Options of `parseWideCsv`. */
export interface WideCsvOptions extends ParseTimeOptions {
  readonly file: string;
  /** The entity every column measures. */
  readonly entity: EntityId;
  /** Default: the first column. */
  readonly timeColumn?: string;
}

/** Reads a wide CSV. */
export function parseWideCsv(text: string, options: WideCsvOptions): { points: LocatedPoint[]; rows: number } {
  const { file, entity } = options;
  const [head, ...records] = parseCsv(text, { file });
  if (head === undefined) return { points: [], rows: 0 };
  const header = head.cells.map((c) => c.trim());
  const timeAt = options.timeColumn === undefined ? 0 : header.indexOf(options.timeColumn);
  if (timeAt < 0) {
    throw new TypeError(`Cannot find the time column '${echoInput(options.timeColumn ?? "")}' in ${file}; its columns are: ${echoInput(header.join(", "))}`);
  }
  const timeName = header[timeAt] ?? "";
  // IODA's export titles its time column "Time (UTC)": a zone the file states wins.
  const timeOptions = /\(utc\)/i.test(timeName) ? { ...options, timeZone: "UTC" } : options;
  const signals = header.map((title, i) => (i === timeAt ? "" : columnSignalName(title)));
  signals.forEach((signal, i) => {
    const bad = signal === "" ? undefined : checkSignalName(signal);
    if (bad !== undefined) throw new InputSyntaxError(file, head.line, i + 1, `column '${echoInput(header[i] ?? "")}' gives the signal '${echoInput(signal)}': ${bad}`);
  });
  const points: LocatedPoint[] = [];
  for (const { line, cells } of records) {
    if (cells.length !== header.length) {
      throw new InputSyntaxError(file, line, undefined, `${cells.length} cells where the header has ${header.length}`);
    }
    const timeText = cells[timeAt] ?? "";
    const time = parseTime(timeText, timeOptions);
    if (time === undefined) throw new InputSyntaxError(file, line, timeName, `'${echoInput(timeText)}' is not a time`);
    const early = checkTime(time);
    if (early !== undefined) throw new InputSyntaxError(file, line, timeName, `'${echoInput(timeText)}' is ${early}`);
    cells.forEach((cell, i) => {
      const signal = signals[i];
      if (i === timeAt || signal === undefined || signal === "") return;
      points.push({ time, entity, signal, value: parseValue(cell, { file, line, column: header[i] ?? i + 1 }), line });
    });
  }
  return { points, rows: records.length };
}
