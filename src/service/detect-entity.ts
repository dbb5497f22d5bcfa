/**
 * Detection of one entity over one window, from the store: the one reader, then
 * `judgeEntities` with the one set of options. `detect`, `report` and the API call
 * this, so that they give the same events and verdict for the same request.
 */
import type { DetectionSettings, DetectOptions } from "../detect/detect-options.ts";
import { judgeEntities, type EntityJudgement } from "../detect/judge-entities.ts";
import type { Store } from "../store/store.ts";
import { readEntitySeries, type EntitySeriesRequest, type SeriesRead } from "./read-entity-series.ts";

/** What to detect: a read request, and the mobile networks for "mobile-first". */
export interface EntityDetectionRequest extends Omit<EntitySeriesRequest, "scope" | "history"> {
  readonly mobileAsns?: ReadonlySet<number>;
  /** The observatory's detection settings (default: none, every option at its default). */
  readonly detection?: DetectionSettings;
}

/** The series read, the options used, and the verdict with its events. */
export interface EntityDetection {
  readonly reads: readonly SeriesRead[];
  readonly options: DetectOptions;
  readonly judgement: EntityJudgement;
}

/** Reads and judges `request.entity` over `[from, until)`. */
export function detectEntity(store: Store, request: EntityDetectionRequest): EntityDetection {
  // Only what the request and the observatory's settings say; every other option keeps its DETECT_DEFAULTS value.
  const { signals, ...events } = request.detection ?? {};
  const overrides = signals === undefined && request.overrides === undefined ? undefined : { ...signals, ...request.overrides };
  const reads = readEntitySeries(store, { ...request, ...(overrides === undefined ? {} : { overrides }), scope: "related", history: true });
  const options: DetectOptions = {
    ...events,
    entities: [request.entity],
    from: request.from,
    until: request.until,
    ...(overrides === undefined ? {} : { signals: overrides }),
    ...(request.mobileAsns === undefined ? {} : { mobileAsns: request.mobileAsns }),
  };
  const [judgement] = judgeEntities(reads.map((r) => r.series), options);
  if (judgement === undefined) throw new Error(`judgeEntities returned no verdict for ${request.entity}`);
  return { reads, options, judgement };
}
