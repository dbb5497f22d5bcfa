/**
 * Local wall-clock time → UTC, for inputs that write times without a zone (and for
 * Kepler.gl exports, whose "epoch" numbers count local time). Zones are fixed offsets
 * (`+03:30`, `UTC`) or IANA names (`Asia/Tehran`, which knows Iran's old DST).
 */

const OFFSET = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds east of UTC of a fixed offset such as `+03:30`, or undefined for an IANA name. */
function fixedOffset(zone: string): number | undefined {
  if (/^(UTC|GMT|Z)$/i.test(zone)) return 0;
  const m = OFFSET.exec(zone);
  if (m === null) return undefined;
  const ms = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000;
  return m[1] === "-" ? -ms : ms;
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    // Throws RangeError for an unknown zone name.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The offset of `zone` at UTC instant `utc`, ms east of UTC. */
function offsetAt(zone: string, utc: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(utc))) parts[p.type] = Number(p.value);
  const wall = Date.UTC(
    parts["year"] ?? 1970,
    (parts["month"] ?? 1) - 1,
    parts["day"] ?? 1,
    parts["hour"] ?? 0,
    parts["minute"] ?? 0,
    parts["second"] ?? 0,
  );
  return wall - (utc - (((utc % 1000) + 1000) % 1000));
}

/** Throws RangeError when `zone` is neither a fixed offset nor a known IANA zone. */
export function checkTimeZone(zone: string): void {
  if (fixedOffset(zone) === undefined) formatter(zone);
}

/**
 * The UTC instant of a local wall-clock time given as "ms since the epoch as if the
 * wall clock were UTC". In a DST gap or overlap the offset before the change is used.
 */
export function localToUtc(localMs: number, zone: string): number {
  const fixed = fixedOffset(zone);
  if (fixed !== undefined) return localMs - fixed;
  const guess = localMs - offsetAt(zone, localMs);
  return localMs - offsetAt(zone, guess);
}
