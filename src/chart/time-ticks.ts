/**
 * Ticks for a time axis: the longest list of round intervals (hours, days, weeks,
 * months) that keeps at least `minSpacing` pixels between labels. Labels are UTC,
 * whatever the machine's zone (an outage report is read around the world), or the
 * wall clock of a named zone when asked: ticks then fall on local hours and midnights.
 */
import { chartLocale, type ChartLocale } from "./chart-locale.ts";
import { zoneOffsetMs } from "./zone-offset.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One tick: its time and up to two label lines (the second gives the date or year). */
export interface TimeTick {
  /** Milliseconds since the Unix epoch. */
  readonly time: number;
  readonly label: string;
  /** Context under the label (date under an hour, year under a day), or "". */
  readonly context: string;
  /** True on day (or larger unit) boundaries: drawn with a stronger grid line. */
  readonly major: boolean;
}

interface Interval {
  readonly name: string;
  /** Approximate length, to choose an interval for a span. */
  readonly ms: number;
  /** The first tick at or after `t`. */
  ceil(t: number): number;
  next(t: number): number;
}

function fixed(ms: number, name: string, offset = 0): Interval {
  return {
    name,
    ms,
    ceil: (t) => Math.ceil((t - offset) / ms) * ms + offset,
    next: (t) => t + ms,
  };
}

function months(n: number): Interval {
  const ceil = (t: number): number => {
    const d = new Date(t);
    let y = d.getUTCFullYear();
    let m = d.getUTCMonth();
    if (Date.UTC(y, m, 1) < t) m += 1;
    m = Math.ceil(m / n) * n;
    y += Math.floor(m / 12);
    return Date.UTC(y, m % 12, 1);
  };
  return {
    name: `${n}mo`,
    ms: n * 30 * DAY,
    ceil,
    next: (t) => {
      const d = new Date(t);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1);
    },
  };
}

// 1970-01-05 was a Monday: weeks start on Mondays (ISO 8601).
const INTERVALS: readonly Interval[] = [
  fixed(HOUR, "1h"), fixed(2 * HOUR, "2h"), fixed(3 * HOUR, "3h"), fixed(6 * HOUR, "6h"),
  fixed(12 * HOUR, "12h"), fixed(DAY, "1d"), fixed(2 * DAY, "2d"), fixed(7 * DAY, "1w", 4 * DAY),
  months(1), months(3), months(12),
];

/** Options of {@link timeTicks}. */
export interface TimeTickOptions {
  /** Width of the axis in pixels. */
  readonly width: number;
  /** Least room between two ticks, in pixels; default 90. */
  readonly minSpacing?: number;
  /** IANA zone whose wall clock labels the ticks; default `UTC`. */
  readonly timeZone?: string;
  /** Month and weekday names and numerals; default English. */
  readonly locale?: ChartLocale;
}

/** Ticks for `[from, until]` (milliseconds, UTC) on an axis `width` pixels wide. */
export function timeTicks(from: number, until: number, options: TimeTickOptions): TimeTick[] {
  const zone = options.timeZone ?? "UTC";
  const locale = options.locale ?? chartLocale();
  // Ticks are chosen on the wall clock (UTC fields of t + offset), then mapped back to
  // instants with the offset in force at each.
  const wall = (t: number): number => t + zoneOffsetMs(t, zone);
  const instant = (w: number): number => w - zoneOffsetMs(w - zoneOffsetMs(w, zone), zone);
  const [w0, w1] = [wall(from), wall(until)];
  const span = Math.max(1, w1 - w0);
  const maxTicks = Math.max(2, Math.floor(options.width / (options.minSpacing ?? 90)));
  const interval = INTERVALS.find((iv) => span / iv.ms <= maxTicks) ?? INTERVALS[INTERVALS.length - 1];
  if (interval === undefined) return [];
  const ticks: TimeTick[] = [];
  for (let w = interval.ceil(w0); w <= w1; w = interval.next(w)) {
    ticks.push({ ...label(w, interval, ticks.length === 0, locale), time: instant(w) });
  }
  return ticks;
}

function label(t: number, interval: Interval, first: boolean, locale: ChartLocale): TimeTick {
  const d = new Date(t);
  const midnight = t % DAY === 0;
  const month = (m: number): string => locale.months[m] ?? "";
  const weekdayOf = (day: number): string => locale.weekdays[day] ?? "";
  const date = locale.digits(`${d.getUTCDate()} ${month(d.getUTCMonth())}`);
  const year = locale.digits(String(d.getUTCFullYear()));
  if (interval.ms < DAY) {
    const hhmm = locale.digits(`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`);
    return { time: t, label: hhmm, context: midnight || first ? `${weekdayOf(d.getUTCDay())} ${date}` : "", major: midnight };
  }
  const newYear = d.getUTCMonth() === 0 && d.getUTCDate() === 1;
  if (interval.name.endsWith("mo")) {
    const text = interval.name === "12mo" ? year : month(d.getUTCMonth());
    return { time: t, label: text, context: interval.name !== "12mo" && (first || newYear) ? year : "", major: true };
  }
  // Day ticks carry the weekday: curfew-style shutdowns follow the week.
  const weekday = interval.ms === DAY ? weekdayOf(d.getUTCDay()) : "";
  const context = [weekday, first || newYear ? year : ""].filter((s) => s !== "").join(" ");
  return { time: t, label: date, context, major: true };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
