/**
 * A verdict in words, the same in `nightlight detect`, the report's headline and its
 * charts: "not enough data to judge (ipobs: data in 2 of 72 bins …)".
 */
import { describeCoverage } from "./describe-coverage.ts";
import type { EntityJudgement } from "./judge-entities.ts";

/** `outage (2 events)`, `no outage`, or `not enough data to judge (figures of each signal)`. */
export function describeVerdict(j: Pick<EntityJudgement, "verdict" | "coverage" | "events">): string {
  if (j.verdict === "outage") return `outage (${j.events.length} ${j.events.length === 1 ? "event" : "events"})`;
  if (j.verdict === "no-outage") return "no outage";
  const figures = j.coverage.length === 0 ? "no signal of the entity itself" : j.coverage.map(describeCoverage).join("; ");
  return `not enough data to judge (${figures})`;
}
