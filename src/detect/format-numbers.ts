/**
 * How detection writes numbers and times in evidence and explanations: percentages
 * without false precision, times in ISO 8601 UTC.
 */

/** `0.0312` → `3 %`; below 1 % one decimal (`0.4 %`). */
export function percent(ratio: number): string {
  const p = ratio * 100;
  return `${p < 1 && p > 0 ? p.toFixed(1) : Math.round(p).toString()} %`;
}

/** Milliseconds since the epoch → `2019-11-16T18:30:00.000Z`. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Milliseconds since the epoch → `2019-11-16 18:30 UTC`, for sentences. */
export function shortTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A duration in words: `3 h`, `2 d 4 h`, `45 min`. */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest === 0 ? `${days} d` : `${days} d ${rest} h`;
}
