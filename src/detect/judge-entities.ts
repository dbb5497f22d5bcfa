/**
 * Detection with a verdict per entity and window: "outage" (events), "no outage" only
 * when some signal covered the window well enough to have shown one, else "not enough
 * data to judge", with the figures (docs/detection.md, "Verdicts"). A quiet report on
 * 2 bins of data in 72 is not evidence of a quiet network.
 */
import type { OutageEvent } from "../model/outage-event.ts";
import type { BaselineSeries } from "../model/baseline.ts";
import type { OutageVerdictName } from "../model/outage-verdict.ts";
import type { EntityId, SignalSeries } from "../model/signal.ts";
import { seriesEnd } from "./bin-at.ts";
import { baselinesByEntity } from "./baselines-by-entity.ts";
import type { DetectOptions } from "./detect-options.ts";
import { entityEvents } from "./entity-events.ts";
import { windowCoverage, type SignalCoverage } from "./window-coverage.ts";

/** What detection says about one entity over one window (model/outage-verdict.ts). */
export type OutageVerdict = OutageVerdictName;

/** The verdict on one entity over `[from, until)`, with its figures and events. */
export interface EntityJudgement {
  readonly entity: EntityId;
  /** The window judged, ms UTC, `until` exclusive. */
  readonly from: number;
  readonly until: number;
  readonly verdict: OutageVerdict;
  /** One entry per signal of the entity itself. */
  readonly coverage: readonly SignalCoverage[];
  /** The entity's events overlapping the window, in time order. */
  readonly events: readonly OutageEvent[];
}

/**
 * Events and a verdict for every entity in `seriesList` (or `options.entities`), over
 * `[options.from, options.until)` (default: the span of the entity's own series).
 */
export function judgeEntities(seriesList: readonly SignalSeries[], options: DetectOptions = {}): EntityJudgement[] {
  return judgeBaselines(baselinesByEntity(seriesList, options.signals), options);
}

/**
 * `judgeEntities` on baselines already computed (`baselinesByEntity` with the same
 * `options.signals`), for a caller that also reads them (the event tracker).
 */
export function judgeBaselines(byEntity: ReadonlyMap<EntityId, readonly BaselineSeries[]>, options: DetectOptions = {}): EntityJudgement[] {
  const targets = options.entities ?? [...byEntity.keys()];
  return targets.map((entity) => {
    const own = byEntity.get(entity) ?? [];
    const from = options.from ?? Math.min(...own.map((b) => b.start));
    const until = options.until ?? Math.max(...own.map(seriesEnd));
    const events = entityEvents(entity, byEntity, options);
    const coverage = own.map((b) => windowCoverage(b, from, until));
    const verdict: OutageVerdict =
      events.length > 0 ? "outage" : coverage.some((c) => c.lacking === null) ? "no-outage" : "not-enough-data";
    return { entity, from, until, verdict, coverage, events };
  });
}
