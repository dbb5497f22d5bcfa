/**
 * The data of one entity's charts over a window (model/entity-chart-data.ts), from the
 * store: the report's data (the one reader, detection and baselines of `nightlight
 * report`), cut to the window, with the provenance lines and the names of the timeline's
 * entities. `/v1/charts/{entity}` serves it and `/charts/….png` draws it.
 */
import { describeMethod } from "../detect/describe-method.ts";
import { describeVerdict } from "../detect/describe-verdict.ts";
import type { EntityChartData } from "../model/entity-chart-data.ts";
import { clipSignal } from "../report/clip-signal.ts";
import type { Store } from "../store/store.ts";
import type { EntityDetectionRequest } from "./detect-entity.ts";
import { entityReportData } from "./entity-report-data.ts";

const iso = (t: number): string => new Date(t).toISOString().replace(".000Z", "Z");

/** The charts' data of `request.entity` over `[from, until)`; UsageError when the store holds none of its data. */
export function entityChartData(store: Store, request: EntityDetectionRequest): EntityChartData {
  const report = entityReportData(store, request);
  const judgement = report.judgement;
  if (judgement === undefined) throw new Error(`no verdict for ${request.entity}`);
  const names: Record<string, string | null> = {};
  for (const e of report.events) for (const t of e.timeline) names[t.entity] ??= store.getEntity(t.entity)?.name ?? null;
  return {
    entity: report.entity,
    name: report.name ?? null,
    from: iso(report.from),
    until: iso(report.until),
    verdict: judgement.verdict,
    summary: describeVerdict({ ...judgement, events: report.events }),
    signals: report.signals.map((s) => clipSignal(s, report.from, report.until)).map(({ series, baseline, methods, bins }) => ({
      signal: series.signal,
      source: series.source === undefined
        ? { name: "unknown", digest: "", kind: "import" as const }
        : { name: series.source.name, digest: series.source.digest, kind: series.source.kind },
      sources: (methods ?? []).map((m) => `${m.source} (${m.description})`),
      method: baseline === undefined ? null : describeMethod(series.signal, baseline.config),
      bins: bins ?? null,
      start: iso(series.start),
      stepMs: series.stepMs,
      values: series.values,
      baseline: baseline?.baseline ?? null,
      warning: baseline?.warning ?? null,
      critical: baseline?.critical ?? null,
    })),
    events: report.events,
    names,
  };
}
