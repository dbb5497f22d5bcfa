/**
 * A value cell: a number, or missing. Missing cells (empty, `NA`, `NaN`, `null`,
 * `None`, `-`) are gaps, never zeros. Anything else that is not a number is an error
 * naming the file, line and column. Only decimal numbers are read (no `0x1F`).
 */
import { InputSyntaxError } from "../model/errors.ts";
import { echoInput } from "./echo-input.ts";

/**
 * A decimal number, with an optional exponent (`1.5e3`). Number() alone also reads
 * `0x1F` as 31, `0b11` as 3 and `0o17` as 15, which no measurement file means.
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const MISSING = new Set(["", "na", "n/a", "nan", "null", "none", "-"]);

/** Where a cell is, for the error message. */
export interface CellPlace {
  readonly file: string;
  readonly line: number;
  readonly column: string | number;
}

/** The number in `text`, `null` when missing; `-0` reads as 0. */
export function parseValue(text: string, place: CellPlace): number | null {
  const t = text.trim();
  if (MISSING.has(t.toLowerCase())) return null;
  const n = Number(t);
  if (!Number.isFinite(n) || !DECIMAL.test(t)) {
    const what = Number.isFinite(n) ? "a decimal number" : "a number";
    throw new InputSyntaxError(place.file, place.line, place.column, `'${echoInput(t)}' is not ${what} (missing values are left empty)`);
  }
  return n === 0 ? 0 : n;
}
