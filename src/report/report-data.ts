/**
 * What a report is made from. The report stage takes data, not a store: the CLI reads
 * the store, runs detection and hands the results here.
 */
import type { EntityJudgement } from "../detect/judge-entities.ts";
import type { BaselineSeries } from "../model/baseline.ts";
import type { OutageEvent } from "../model/outage-event.ts";
import type { BinsProvenance, SignalMethod } from "../model/provenance.ts";
import type { EntityId, SignalSeries } from "../model/signal.ts";

/** One signal of the entity, with what detection computed for it. */
export interface ReportSignal {
  readonly series: SignalSeries;
  /** Baseline, levels and verdicts (computeBaseline); without it the chart has the line only. */
  readonly baseline?: BaselineSeries;
  /** How the signal's points were made, per source (the store's `getMethods`). */
  readonly methods?: readonly SignalMethod[];
  /** What the series' bins in the window were made from (observatory sources). */
  readonly bins?: BinsProvenance;
}

/** Everything {@link writeReport} puts in a report. */
export interface ReportData {
  readonly entity: EntityId;
  /** Human name; default derived from the id (`country/IR` → Iran). */
  readonly name?: string | null;
  /** The window, ms UTC, `until` exclusive. */
  readonly from: number;
  readonly until: number;
  readonly signals: readonly ReportSignal[];
  readonly events: readonly OutageEvent[];
  /**
   * Detection's verdict on the window and its figures per signal. Without it, a report
   * with no event says "no outage detected"; with it, "not enough data to judge" when
   * the data could not have shown one.
   */
  readonly judgement?: Pick<EntityJudgement, "verdict" | "coverage">;
  /** How events were found from the baselines, one paragraph. */
  readonly detection?: string;
  /** The command that makes this report again. */
  readonly command?: string;
}
