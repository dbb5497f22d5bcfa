/**
 * Detection over several entities and one window, each by `detectEntity` (the
 * reader and detection `nightlight detect` uses), for the outage lists of the API.
 */
import type { DetectionSettings } from "../detect/detect-options.ts";
import type { EntityJudgement } from "../detect/judge-entities.ts";
import type { EntityId } from "../model/signal.ts";
import type { Store } from "../store/store.ts";
import { detectEntity } from "./detect-entity.ts";

/** Most entities judged in one call: each reads its related series and four weeks of history. */
export const MAX_ENTITIES_JUDGED = 200;

/** The window, ms UTC (`until` exclusive), and the mobile networks for "mobile-first". */
export interface DetectWindow {
  readonly from: number;
  readonly until: number;
  readonly mobileAsns?: ReadonlySet<number>;
  readonly detection?: DetectionSettings;
}

/** Judgements of `entities` over the window, in the order given. */
export function detectEntities(store: Store, entities: readonly EntityId[], window: DetectWindow): EntityJudgement[] {
  if (entities.length > MAX_ENTITIES_JUDGED) {
    throw new RangeError(`Cannot judge ${entities.length} entities in one request: the limit is ${MAX_ENTITIES_JUDGED}`);
  }
  const { from, until, mobileAsns, detection } = window;
  return entities.map((entity) => detectEntity(store, { entity, from, until, ...(mobileAsns === undefined ? {} : { mobileAsns }), ...(detection === undefined ? {} : { detection }) }).judgement);
}
