/**
 * Times as import files write them: epoch seconds or milliseconds, ISO 8601
 * (`2019-11-16T18:30:00Z`, `2019-11-16 18:30`), or Monash's `16-Nov-2019 22:00:00`.
 * A time without a zone is read in `timeZone` (default UTC), never in the machine's.
 * Years are read as written (`0019` is the year 19, not 1919); whether a time is one an
 * import accepts is checkTime()'s business.
 */
import { localToUtc } from "./local-to-utc.ts";

/** Options of `parseTime`. */
export interface ParseTimeOptions {
  /** Zone of times that carry none: a fixed offset (`+03:30`) or an IANA name. Default UTC. */
  readonly timeZone?: string;
  /** Epoch numbers count local time in `timeZone` (Kepler.gl exports, e.g. Monash's `time_e`). */
  readonly localEpoch?: boolean;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DMY = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

function wall(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined): number | undefined {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  // Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear takes the year as written.
  const date = new Date(Date.UTC(2000, mo, d, h, mi, s));
  date.setUTCFullYear(y, mo, d);
  const ms = date.getTime() + Math.round(Number(`0.${frac ?? "0"}`) * 1000);
  // Reject 31 February and the like, which Date.UTC would roll over.
  return date.getUTCDate() === d ? ms : undefined;
}

function zoneMs(zone: string): number {
  if (/^z$/i.test(zone)) return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0")) * 60_000;
}

/** Milliseconds since the epoch (UTC) of `text`, or undefined when it is not a time. */
export function parseTime(text: string, options: ParseTimeOptions = {}): number | undefined {
  const t = text.trim();
  const zone = options.timeZone ?? "UTC";
  if (/^-?\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    // Below 10^11 it is seconds (until the year 5138), else milliseconds.
    const ms = Math.round(Math.abs(n) < 1e11 ? n * 1000 : n);
    return options.localEpoch === true ? localToUtc(ms, zone) : ms;
  }
  const iso = ISO.exec(t);
  if (iso !== null) {
    const [, y, mo, d, h, mi, s, frac, z] = iso;
    const ms = wall(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), frac);
    if (ms === undefined) return undefined;
    return z === undefined ? localToUtc(ms, zone) : ms - zoneMs(z);
  }
  const dmy = DMY.exec(t);
  if (dmy !== null) {
    const [, d, mon, y, h, mi, s, frac] = dmy;
    const mo = MONTHS.indexOf((mon ?? "").toLowerCase());
    const ms = wall(Number(y), mo, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), frac);
    return ms === undefined ? undefined : localToUtc(ms, zone);
  }
  return undefined;
}
