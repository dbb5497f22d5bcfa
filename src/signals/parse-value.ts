/**
 * A value cell: a number, or missing. Missing cells (empty, `NA`, `NaN`, `null`,
 * `None`, `-`) are gaps, never zeros. Anything else that is not a number is an error
 * naming the file, line and column.
 */
import { InputSyntaxError } from "../model/errors.ts";

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
  if (!Number.isFinite(n)) {
    throw new InputSyntaxError(place.file, place.line, place.column, `'${t}' is not a number (missing values are left empty)`);
  }
  return n === 0 ? 0 : n;
}
