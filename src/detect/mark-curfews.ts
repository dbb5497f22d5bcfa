/**
 * Curfew-like recurrence: events of one entity that start at about the same time of
 * day on consecutive days (Iran's mobile curfews of September–October 2022).
 */
import type { OutageEvent } from "../model/outage-event.ts";
import { shortTime } from "./format-numbers.ts";

const DAY_MS = 86_400_000;

/** Options of `markCurfews`. */
export interface CurfewOptions {
  /** Fewest consecutive days. */
  readonly minDays: number;
  /** How far the start may move from one day to the next. */
  readonly toleranceMs: number;
  /** The length of a "day" (default 24 h; the shutdown lab compresses it). */
  readonly periodMs?: number;
}

/**
 * Returns `events` (of one entity, sorted by start) with those in a daily chain of at
 * least `minDays` marked as kind `curfew`; their former kind stays in the evidence.
 */
export function markCurfews(events: readonly OutageEvent[], options: CurfewOptions): OutageEvent[] {
  const DAY = options.periodMs ?? DAY_MS;
  const starts = events.map((e) => Date.parse(e.start));
  const chainOf = new Array<number>(events.length).fill(-1);
  const chains: number[][] = [];
  for (let i = 0; i < events.length; i++) {
    if (chainOf[i] !== -1) continue;
    const chain = [i];
    let last = i;
    for (let j = i + 1; j < events.length; j++) {
      const gap = (starts[j] ?? 0) - (starts[last] ?? 0);
      if (Math.abs(gap - DAY) <= options.toleranceMs) {
        chain.push(j);
        last = j;
      } else if (gap > DAY + options.toleranceMs) break;
    }
    if (chain.length >= options.minDays) {
      for (const k of chain) chainOf[k] = chains.length;
      chains.push(chain);
    }
  }
  return events.map((event, i) => {
    const chain = chains[chainOf[i] ?? -1];
    if (chain === undefined) return event;
    const when = chain.map((k) => shortTime(starts[k] ?? 0)).join(", ");
    return {
      ...event,
      kind: "curfew",
      evidence: `one of ${chain.length} events starting at the same time of day on consecutive days (${when}); each: ${event.kind}, ${event.evidence}`,
    };
  });
}
