/**
 * Detection of one entity over one window, from the store: the one reader, then
 * `judgeEntities` with the one set of options. `detect`, `report` and the API call
 * this, so that they give the same events and verdict for the same request.
 */
import type { DetectOptions } from "../detect/detect-options.ts";
import { judgeEntities, type EntityJudgement } from "../detect/judge-entities.ts";
import type { Store } from "../store/store.ts";
import { readEntitySeries, type EntitySeriesRequest, type SeriesRead } from "./read-entity-series.ts";

/** What to detect: a read request, and the mobile networks for "mobile-first". */
export interface EntityDetectionRequest extends Omit<EntitySeriesRequest, "scope" | "history"> {
  readonly mobileAsns?: ReadonlySet<number>;
}

/** The series read, the options used, and the verdict with its events. */
export interface EntityDetection {
  readonly reads: readonly SeriesRead[];
  readonly options: DetectOptions;
  readonly judgement: EntityJudgement;
}

/** Reads and judges `request.entity` over `[from, until)`. */
export function detectEntity(store: Store, request: EntityDetectionRequest): EntityDetection {
  const reads = readEntitySeries(store, { ...request, scope: "related", history: true });
  // Only what the request says; every numeric option keeps its DETECT_DEFAULTS value.
  const options: DetectOptions = {
    entities: [request.entity],
    from: request.from,
    until: request.until,
    ...(request.overrides === undefined ? {} : { signals: request.overrides }),
    ...(request.mobileAsns === undefined ? {} : { mobileAsns: request.mobileAsns }),
  };
  const [judgement] = judgeEntities(reads.map((r) => r.series), options);
  if (judgement === undefined) throw new Error(`judgeEntities returned no verdict for ${request.entity}`);
  return { reads, options, judgement };
}
