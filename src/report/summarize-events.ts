/**
 * The report's first sentence: what happened, how deep, since when. Every number in it
 * is a field of an event: "Iran: connectivity down to 5 % of ordinary levels since
 * 16 Nov 14:00 UTC, still ongoing at the end of the data."
 */
import { describeCoverage } from "../detect/describe-coverage.ts";
import { duration, percent } from "../detect/format-numbers.ts";
import type { EntityJudgement } from "../detect/judge-entities.ts";
import type { OutageEvent } from "../model/outage-event.ts";
import type { SignalName } from "../model/signal.ts";
import { utcDay, utcMoment } from "./utc-text.ts";

/** Words for signal names in prose; other names are used as they are. */
const SIGNAL_WORDS: Readonly<Record<SignalName, string>> = {
  bgp: "routed IPv4 space (BGP)",
  bgp6: "routed IPv6 space (BGP)",
  probing: "responding addresses (active probing)",
  telescope: "unsolicited traffic (telescope)",
  "google-search": "Google Search use",
  ipobs: "connectivity index (IP Observatory)",
};

/** The signal in prose. */
export function signalWords(signal: SignalName): string {
  return SIGNAL_WORDS[signal] ?? signal;
}

/** Options of {@link summarizeEvents}. */
export interface SummaryOptions {
  /** The report's window, ms UTC: a quiet report names it. */
  readonly from: number;
  readonly until: number;
  /** Events named before "and N more"; default 3. */
  readonly most?: number;
  /** Detection's verdict: with no event, "no outage" only if it says so. */
  readonly judgement?: Pick<EntityJudgement, "verdict" | "coverage"> | undefined;
}

/** One sentence about `events` of the entity called `name`. */
export function summarizeEvents(name: string, events: readonly OutageEvent[], options: SummaryOptions): string {
  if (events.length === 0 && options.judgement?.verdict === "not-enough-data") {
    const figures = options.judgement.coverage.map(describeCoverage).join("; ");
    return `${name}: not enough data to judge between ${utcMoment(options.from, { year: true })} and ${utcMoment(options.until, { year: true })} (${figures === "" ? "no signal" : figures}).`;
  }
  if (events.length === 0) {
    return `${name}: no outage detected between ${utcMoment(options.from, { year: true })} and ${utcMoment(options.until, { year: true })}.`;
  }
  const most = options.most ?? 3;
  const parts = events.slice(0, most).map(eventClause);
  const more = events.length > most ? `; and ${events.length - most} more (see the table)` : "";
  return `${name}: ${parts.join("; ")}${more}.`;
}

/** `connectivity down to 5 % of ordinary levels from 16 Nov 14:00 UTC to 21 Nov 08:00 UTC (4 d 18 h)`. */
export function eventClause(event: OutageEvent): string {
  const deepest = [...event.signals].sort((a, b) => a.depth - b.depth)[0];
  const what = deepest === undefined ? "signals" : signalWords(deepest.signal);
  const start = Date.parse(event.start);
  const level = `${what} down to ${percent(event.depth)} of ordinary levels`;
  if (event.end === null) return `${level} since ${utcMoment(start)}, still ongoing at the end of the data`;
  const end = Date.parse(event.end);
  const until = utcDay(start) === utcDay(end) ? `${new Date(end).toISOString().slice(11, 16)} UTC` : utcMoment(end);
  return `${level} from ${utcMoment(start)} to ${until} (${duration(end - start)})`;
}
