/**
 * A time zone's offset from UTC at an instant, from the IANA database that Intl
 * carries (Node's ICU, the browser's), and its label (`UTC+03:30`). Charts use it to
 * put ticks on local midnights and hours; the offset is taken per instant, so a
 * daylight-saving change moves the ticks with it.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows `timeZone` (an IANA name such as `Asia/Tehran`, or `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Local wall-clock time minus UTC at `t` (ms), in ms: +12 600 000 for Tehran in 2019. */
export function zoneOffsetMs(t: number, timeZone: string): number {
  if (timeZone === "UTC") return 0;
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts["year"]), Number(parts["month"]) - 1, Number(parts["day"]), Number(parts["hour"]), Number(parts["minute"]), Number(parts["second"]));
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

/** `UTC`, or `UTC+03:30` / `UTC−05:00` at `t`. */
export function offsetLabel(t: number, timeZone: string): string {
  const offset = zoneOffsetMs(t, timeZone);
  if (offset === 0) return "UTC";
  const minutes = Math.abs(offset) / 60_000;
  const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  return `UTC${offset < 0 ? "−" : "+"}${hhmm}`;
}
