/**
 * The times an import accepts: from 1970 (there are no internet measurements before
 * it, and it keeps out years 0–99, which JavaScript's Date reads as 1900–1999) to the
 * end of the year 9999 (the last that ISO 8601 writes in four digits; beyond ±8.64e15 ms
 * a Date is invalid and `signals` and `report` fail with "Invalid time value").
 */

/** First instant accepted: 1970-01-01T00:00:00Z. */
export const FIRST_TIME = 0;
/** First instant refused: 10000-01-01T00:00:00Z. */
export const END_TIME = Date.UTC(10000, 0, 1);

/** Why `ms` (since the epoch, UTC) is not a time an import accepts, or undefined. */
export function checkTime(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return "not a finite time";
  // A Date holds ±8.64e15 ms; below that there is no ISO form to show.
  if (ms < FIRST_TIME) return `before 1970${ms >= -8.64e15 ? ` (${new Date(ms).toISOString()})` : ""}, and no internet measurement is`;
  if (ms >= END_TIME) return "after the year 9999";
  return undefined;
}
