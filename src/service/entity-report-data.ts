/**
 * What a report on one entity and window is made of, from the store: `detectEntity`
 * (the reader and detection `nightlight detect` uses), the baselines for the charts,
 * names and provenance. The report stage writes it; the API can serve it.
 */
import { computeBaseline } from "../detect/compute-baseline.ts";
import { DETECT_DEFAULTS } from "../detect/detect-options.ts";
import { duration } from "../detect/format-numbers.ts";
import { UsageError } from "../model/errors.ts";
import type { ReportData } from "../report/report-data.ts";
import type { Store } from "../store/store.ts";
import { detectEntity, type EntityDetectionRequest } from "./detect-entity.ts";
import { summarizeBins } from "../store/summarize-bins.ts";

/** The report data of `request.entity` over `[from, until)`; UsageError when the store holds none of its data. */
export function entityReportData(store: Store, request: EntityDetectionRequest): ReportData {
  const { entity } = request;
  const { reads, judgement } = detectEntity(store, request);
  // The entity's own series with data in the read (history or window) get a chart.
  const own = reads.filter((r) => r.series.entity === entity && r.series.values.some((v) => v !== null));
  if (own.length === 0) {
    const held = store.listSignals(entity).filter((s) => s.entity === entity);
    throw new UsageError(
      held.length === 0
        ? `${store.file} holds no signal for ${entity}`
        : `${store.file} holds no ${request.signals?.join(", ") ?? ""} data for ${entity} in the window; it holds ${held.map((s) => `${s.signal} ${new Date(s.first).toISOString()} to ${new Date(s.last).toISOString()}`).join(", ")}`,
    );
  }
  const stepWords = request.stepMs === undefined ? "" : ` and averaged into ${duration(request.stepMs)} bins (the mean of the stored bins with data)`;
  return {
    entity,
    name: store.getEntity(entity)?.name ?? null,
    from: request.from,
    until: request.until,
    signals: own.map(({ series: s, summary }) => ({
      series: s,
      baseline: computeBaseline(s, { config: request.overrides?.[s.signal] ?? {} }),
      // Only the method of the source these values come from.
      methods: store.getMethods(s.signal).filter((m) => m.source === summary.source.name && m.digest === summary.source.digest),
      ...(summary.source.kind === "observatory" ? { bins: summarizeBins(store.getBins(summary.source.id, request.from, request.until)) } : {}),
    })),
    events: judgement.events,
    judgement,
    detection:
      `An event of ${entity} opens at the first bin in which any of its signals is below its warning level, counts only if some signal ` +
      `falls below its critical level, and closes once every signal with a verdict has been normal for ${duration(DETECT_DEFAULTS.recoveryMs)} ` +
      `(bins without data neither end nor extend it). ` +
      `Each series is read at the step it is stored at${stepWords}, ` +
      `with ${duration(Math.max(...own.map((r) => r.lookBackMs)))} of history before the window for its baseline (its look-back, at least 28 days; ` +
      `${duration(Math.max(...own.map((r) => r.historyMs)))} of it stored). ` +
      `"No outage" needs a signal with data and a verdict in at least its minimum coverage of the window's bins; otherwise the report says there is not enough data to judge. ` +
      `Kinds and the timeline use ${reads.length} series of ${new Set(reads.map((r) => r.series.entity)).size} entities (the entity, what lies within it, and its country). ` +
      "`nightlight detect` gives the same events and verdict.",
  };
}
