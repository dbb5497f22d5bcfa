/**
 * Dates and times in report prose, always in UTC whatever the machine's zone:
 * `16 Nov 14:00 UTC`, `11–20 November 2019`.
 */

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** `16 Nov 14:00 UTC`; with `year`, `16 Nov 2019 14:00 UTC`. */
export function utcMoment(ms: number, options: { year?: boolean } = {}): string {
  const d = new Date(ms);
  const time = d.toISOString().slice(11, 16);
  return `${utcDay(ms)}${options.year === true ? ` ${d.getUTCFullYear()}` : ""} ${time} UTC`;
}

/** `16 Nov`. */
export function utcDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${(MONTHS[d.getUTCMonth()] ?? "").slice(0, 3)}`;
}

/** `2019-11-16 14:00`, for tables whose header says UTC. */
export function utcCell(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

/**
 * The days `[from, until)` covers, in words: `11–20 November 2019`,
 * `28 October – 3 November 2019`, `30 December 2019 – 2 January 2020`.
 */
export function utcDateRange(from: number, until: number): string {
  const a = new Date(from);
  // `until` is exclusive: a range ending at midnight ends the day before.
  const b = new Date(Math.max(from, until - 1));
  const day = (d: Date): string => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()] ?? ""}`;
  if (a.getUTCFullYear() !== b.getUTCFullYear()) return `${day(a)} ${a.getUTCFullYear()} – ${day(b)} ${b.getUTCFullYear()}`;
  if (a.getUTCMonth() !== b.getUTCMonth()) return `${day(a)} – ${day(b)} ${b.getUTCFullYear()}`;
  if (a.getUTCDate() !== b.getUTCDate()) return `${a.getUTCDate()}–${day(b)} ${b.getUTCFullYear()}`;
  return `${day(a)} ${a.getUTCFullYear()}`;
}
