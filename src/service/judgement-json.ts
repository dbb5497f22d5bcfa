/**
 * The verdict on one entity and window as JSON: what `nightlight detect --format json`
 * prints and what `/v1/verdict` serves, so that both say the same.
 */
import { describeVerdict } from "../detect/describe-verdict.ts";
import type { EntityJudgement } from "../detect/judge-entities.ts";
import type { SignalCoverage } from "../detect/window-coverage.ts";
import type { OutageEvent } from "../model/outage-event.ts";

/** ISO 8601 UTC without milliseconds when they are zero. */
const iso = (t: number): string => new Date(t).toISOString().replace(".000Z", "Z");

/** The JSON object of a judgement. */
export interface JudgementJson {
  readonly entity: string;
  readonly from: string;
  readonly until: string;
  readonly verdict: EntityJudgement["verdict"];
  /** The verdict in words, with the figures. */
  readonly summary: string;
  readonly coverage: readonly SignalCoverage[];
  readonly events: readonly OutageEvent[];
}

/** Entity, window, verdict, summary, coverage and events of a judgement. */
export function judgementJson(j: EntityJudgement): JudgementJson {
  return { entity: j.entity, from: iso(j.from), until: iso(j.until), verdict: j.verdict, summary: describeVerdict(j), coverage: j.coverage, events: j.events };
}
