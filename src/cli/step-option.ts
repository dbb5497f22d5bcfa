/**
 * `--step` of `report` and `signals`: a bin length such as 300s, 5m, 1h or 1d. Whether
 * the store can give it (not finer than a series' native step) is the reader's call.
 */
import { UsageError } from "../model/errors.ts";

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a --step text; undefined stays undefined (each series' native step). */
export function stepOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)(s|m|min|h|d)$/.exec(text);
  const ms = m === null ? Number.NaN : Number(m[1]) * (UNIT_MS[m[2] ?? ""] ?? Number.NaN);
  if (!(ms > 0)) throw new UsageError(`--step '${text}' is not a duration such as 300s, 5m, 1h or 1d`);
  return ms;
}
