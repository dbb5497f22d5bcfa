/**
 * Times as the API and the CLI write them: ISO 8601 UTC to the second, without
 * milliseconds when they are zero (`2019-11-16T18:30:00Z`), as IODA and RFC 3339 do.
 */

/** `ms` since the epoch → `2019-11-16T18:30:00Z` (milliseconds kept when not zero). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

const DAY_MS = 86_400_000;

/**
 * The times of a regular grid, `start + i * stepMs` for i < n, as {@link isoSeconds}
 * writes them. A 30-day series of 5-minute bins has 8 640 of them: the date part is
 * formatted once a day and the time of day from the offset, about 20× faster than a
 * `Date` per bin. Grids that are not whole seconds take the plain path.
 */
export function isoGrid(start: number, stepMs: number, n: number): string[] {
  const out = new Array<string>(n);
  if (start % 1000 !== 0 || stepMs % 1000 !== 0 || stepMs <= 0) {
    for (let i = 0; i < n; i++) out[i] = isoSeconds(start + i * stepMs);
    return out;
  }
  let day = Number.NaN;
  let date = "";
  for (let i = 0; i < n; i++) {
    const t = start + i * stepMs;
    const d = Math.floor(t / DAY_MS);
    if (d !== day) {
      day = d;
      date = new Date(d * DAY_MS).toISOString().slice(0, 11);
    }
    const s = (t - d * DAY_MS) / 1000;
    const hh = Math.floor(s / 3600);
    const mm = Math.floor((s % 3600) / 60);
    const ss = s % 60;
    out[i] = `${date}${hh < 10 ? "0" : ""}${hh}:${mm < 10 ? "0" : ""}${mm}:${ss < 10 ? "0" : ""}${ss}Z`;
  }
  return out;
}
