/**
 * Detection of one entity over one window, from the store: the one reader, then
 * `judgeEntities` with the one set of options. `detect`, `report` and the API call
 * this, so that they give the same events and verdict for the same request.
 */
import type { DetectionSettings, DetectOptions } from "../detect/detect-options.ts";
import { baselinesByEntity } from "../detect/baselines-by-entity.ts";
import { judgeBaselines, type EntityJudgement } from "../detect/judge-entities.ts";
import type { BaselineSeries } from "../model/baseline.ts";
import type { EntityId } from "../model/signal.ts";
import type { Store } from "../store/store.ts";
import { readEntitySeries, type EntitySeriesRequest, type SeriesRead } from "./read-entity-series.ts";

/**
 * What to detect: a read request, and the mobile networks for "mobile-first". `scope`
 * `own` reads the entity's own series only: the same events at the same times (they
 * come from its own signals), without the timeline and the kinds seen across
 * entities; the event tracker's cheap first look.
 */
export interface EntityDetectionRequest extends Omit<EntitySeriesRequest, "history"> {
  readonly mobileAsns?: ReadonlySet<number>;
  /** The observatory's detection settings (default: none, every option at its default). */
  readonly detection?: DetectionSettings;
}

/** The series read, the options used, and the verdict with its events. */
export interface EntityDetection {
  readonly reads: readonly SeriesRead[];
  readonly options: DetectOptions;
  readonly judgement: EntityJudgement;
  /** The baselines of every series read, by entity (what the verdict was made from). */
  readonly baselines: ReadonlyMap<EntityId, readonly BaselineSeries[]>;
}

/** Reads and judges `request.entity` over `[from, until)`. */
export function detectEntity(store: Store, request: EntityDetectionRequest): EntityDetection {
  // Only what the request and the observatory's settings say; every other option keeps its DETECT_DEFAULTS value.
  const { signals, ...events } = request.detection ?? {};
  const overrides = signals === undefined && request.overrides === undefined ? undefined : { ...signals, ...request.overrides };
  const reads = readEntitySeries(store, { ...request, ...(overrides === undefined ? {} : { overrides }), scope: request.scope ?? "related", history: true });
  const options: DetectOptions = {
    ...events,
    entities: [request.entity],
    from: request.from,
    until: request.until,
    ...(overrides === undefined ? {} : { signals: overrides }),
    ...(request.mobileAsns === undefined ? {} : { mobileAsns: request.mobileAsns }),
  };
  const baselines = baselinesByEntity(reads.map((r) => r.series), options.signals);
  const [judgement] = judgeBaselines(baselines, options);
  if (judgement === undefined) throw new Error(`judgeEntities returned no verdict for ${request.entity}`);
  return { reads, options, judgement, baselines };
}
