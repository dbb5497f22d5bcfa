/**
 * The chart of one signal in a report: the signal with its baseline, alert levels and
 * the entity's events shaded, titled and footnoted so that it stands alone when shared.
 */
import { renderSignalChart } from "../chart/render-signal-chart.ts";
import { describeCoverage } from "../detect/describe-coverage.ts";
import { describeMethod } from "../detect/describe-method.ts";
import type { EntityJudgement } from "../detect/judge-entities.ts";
import type { OutageEvent } from "../model/outage-event.ts";
import type { ReportSignal } from "./report-data.ts";
import { signalWords } from "./summarize-events.ts";
import { utcDateRange } from "./utc-text.ts";

/** Options of {@link reportChart}. */
export interface ReportChartOptions {
  readonly name: string;
  readonly from: number;
  readonly until: number;
  readonly clock: () => Date;
  readonly generator?: string;
  readonly width?: number;
  readonly height?: number;
  /** Detection's verdict on the window; without it, no event reads "no outage event detected". */
  readonly judgement?: Pick<EntityJudgement, "verdict" | "coverage"> | undefined;
}

/**
 * The SVG of `signal`'s chart, with `events` shaded and numbered as in the report; with
 * no event and a `not-enough-data` verdict, the subtitle says so with this signal's figures.
 */
export function reportChart(signal: ReportSignal, events: readonly OutageEvent[], options: ReportChartOptions): string {
  const { series, baseline } = signal;
  const sources = (signal.methods ?? []).map((m) => `${m.source} (${m.description})`);
  return renderSignalChart(
    {
      series,
      ...(baseline === undefined ? {} : { baseline: baseline.baseline, warning: baseline.warning, critical: baseline.critical }),
      events: events.map((e, i) => ({
        start: Date.parse(e.start),
        end: e.end === null ? null : Date.parse(e.end),
        label: String(i + 1),
      })),
    },
    {
      title: `${options.name}: ${signalWords(series.signal)}, ${utcDateRange(options.from, options.until)}`,
      subtitle: `${series.entity} · ${binWords(series.stepMs)} bins · ${eventWords(events.length, signal, options.judgement)}`,
      yLabel: series.signal,
      from: options.from,
      until: options.until,
      clock: options.clock,
      ...(sources.length === 0 ? {} : { source: sources.join("; ") }),
      ...(baseline === undefined ? {} : { method: describeMethod(series.signal, baseline.config) }),
      ...(options.generator === undefined ? {} : { generator: options.generator }),
      ...(options.width === undefined ? {} : { width: options.width }),
      ...(options.height === undefined ? {} : { height: options.height }),
    },
  );
}

function binWords(stepMs: number): string {
  const minutes = stepMs / 60_000;
  if (minutes % 1440 === 0) return minutes === 1440 ? "daily" : `${minutes / 1440}-day`;
  if (minutes % 60 === 0) return minutes === 60 ? "hourly" : `${minutes / 60}-hour`;
  return `${minutes}-minute`;
}

function eventWords(n: number, signal: ReportSignal, judgement: ReportChartOptions["judgement"]): string {
  if (n === 0 && judgement?.verdict === "not-enough-data") {
    const own = judgement.coverage.find((c) => c.entity === signal.series.entity && c.signal === signal.series.signal);
    return `not enough data to judge${own === undefined ? "" : ` (${describeCoverage(own)})`}`;
  }
  return n === 0 ? "no outage event detected" : n === 1 ? "1 outage event (shaded)" : `${n} outage events (shaded, numbered as in the report)`;
}
