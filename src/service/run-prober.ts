/**
 * The prober's loop: rounds on the round grid (a round starts at a multiple of its
 * length, so every vantage point's bins line up), each reported through a sink. The
 * first round only settles the blocks' beliefs (they start uncertain, and two silences
 * in a row would make a sleeping block look down) and is not reported. A round that
 * overran the next round's start makes that round missing (no data), never a guess.
 */
import type { Entity } from "../model/entity.ts";
import type { EntityId } from "../model/signal.ts";
import type { Pinger } from "../probing/pinger.ts";
import { probeReport, type ProbingMethod } from "../probing/probe-report.ts";
import { runProbeRound, type ProbeRoundResult } from "../probing/run-probe-round.ts";
import type { TrinocularScheduler } from "../probing/trinocular-scheduler.ts";
import type { ReportSink } from "./report-sink.ts";

/** What the loop probes, and how. */
export interface ProberPlan {
  readonly method: ProbingMethod;
  readonly scheduler: TrinocularScheduler;
  readonly blockEntities: readonly (readonly EntityId[])[];
  readonly named: (ids: readonly EntityId[]) => Entity[];
  readonly controls: readonly string[];
  /** Time the last probes of a round need for their answers (runProbeRound's tailMs). */
  readonly tailMs: number;
}

/** Options of the loop. */
export interface RunProberOptions {
  /** Stop after this many reported rounds (default: until aborted). */
  readonly rounds?: number;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called after each round with what it did and what became of its report (undefined: not reported). */
  readonly onRound?: (round: ProbeRoundResult, delivered: string | undefined) => void;
}

/** Runs rounds until aborted or `rounds` are reported; resolves with the rounds reported. */
export async function runProber(pinger: Pinger, plan: ProberPlan, sink: ReportSink, options: RunProberOptions = {}): Promise<number> {
  const now = options.now ?? Date.now;
  const roundMs = plan.method.roundMs;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => {
    const signal = options.signal;
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const t = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener("abort", done, { once: true });
  }));
  let reported = 0;
  let settled = false;
  while (!(options.signal?.aborted ?? false) && (options.rounds === undefined || reported < options.rounds)) {
    const start = Math.ceil(now() / roundMs) * roundMs;
    await sleep(start - now());
    if (options.signal?.aborted ?? false) break;
    const round = await runProbeRound(plan.scheduler, pinger, { start, roundMs, controls: plan.controls, now, sleep, tailMs: plan.tailMs });
    let delivered: string | undefined;
    if (settled) {
      delivered = await sink.deliver(probeReport(plan.method, round, plan.blockEntities, plan.named));
      reported++;
    }
    // The first round a vantage point was not cut off settles the beliefs.
    if (round.vantage.cutOff !== true) settled = true;
    options.onRound?.(round, delivered);
  }
  return reported;
}
