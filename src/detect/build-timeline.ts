/**
 * "Who pulled the plug first": for an event of a country (or region), which of its
 * regions, counties and networks fell, and when, in order.
 */
import type { BaselineSeries } from "../model/baseline.ts";
import type { TimelineEntry } from "../model/outage-event.ts";
import { alertRuns } from "./alert-runs.ts";
import { isoTime } from "./format-numbers.ts";

/**
 * The timeline of an event over `[start, end)` from the baselines of the entities
 * inside it: one entry per entity and signal whose alert run overlaps the event and
 * reached the critical level before it ended, ordered by the time it fell (first
 * critical bin), then by entity. A run that began before the event counts with its
 * own start: that entity fell first.
 */
export function buildTimeline(inner: readonly BaselineSeries[], start: number, end: number): TimelineEntry[] {
  const entries: (TimelineEntry & { readonly fellMs: number })[] = [];
  for (const b of inner) {
    const at = (i: number): number => b.start + i * b.stepMs;
    const run = alertRuns(b).find(
      (r) => r.fell !== undefined && at(r.last + 1) > start && at(r.first) < end && at(r.fell) < end,
    );
    if (run?.fell === undefined) continue;
    let low = Infinity;
    for (let i = run.first; i <= run.last && at(i) < end; i++) low = Math.min(low, b.ratio[i] ?? Infinity);
    entries.push({
      entity: b.entity,
      signal: b.signal,
      start: isoTime(at(run.first)),
      fell: isoTime(at(run.fell)),
      depth: Math.min(1, Math.max(0, low)),
      fellMs: at(run.fell),
    });
  }
  entries.sort((a, b) => a.fellMs - b.fellMs || a.start.localeCompare(b.start) || a.entity.localeCompare(b.entity));
  return entries.map(({ fellMs: _, ...entry }) => entry);
}
