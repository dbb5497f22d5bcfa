/**
 * Outage events from signal series: baselines per (entity, signal), alert runs merged
 * across an entity's signals into events, each with depth, score, kind, phases,
 * timeline and explanation (docs/detection.md). `judgeEntities` adds a verdict per
 * entity, including "not enough data to judge".
 */
import type { OutageEvent } from "../model/outage-event.ts";
import type { SignalSeries } from "../model/signal.ts";
import { baselinesByEntity } from "./baselines-by-entity.ts";
import type { DetectOptions } from "./detect-options.ts";
import { entityEvents } from "./entity-events.ts";

export type { DetectOptions } from "./detect-options.ts";

/** Detects the outage events of every entity in `seriesList` (or of `options.entities`). */
export function detectEvents(seriesList: readonly SignalSeries[], options: DetectOptions = {}): OutageEvent[] {
  const byEntity = baselinesByEntity(seriesList, options.signals);
  const targets = options.entities ?? [...byEntity.keys()];
  return targets
    .flatMap((entity) => entityEvents(entity, byEntity, options))
    .sort((a, b) => a.start.localeCompare(b.start) || a.entity.localeCompare(b.entity));
}
