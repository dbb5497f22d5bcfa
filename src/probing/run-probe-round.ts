/**
 * One probing round on the network: the scheduler's probes sent through a Pinger,
 * slice by slice over the round, with the vantage point checked at its start and end.
 *
 * The vantage check: a few control addresses outside the watched networks (the
 * `controls` of the target list) are probed before and after the round. When none
 * answers at either end, the vantage point itself was cut off: the round is marked so,
 * and its silences are not evidence against the targets, so the beliefs go back to
 * what they were before it. Without controls the round says the check was not made.
 */
import type { Pinger, ProbeOutcome } from "./pinger.ts";
import { blockAddress } from "./target-block.ts";
import type { TrinocularScheduler } from "./trinocular-scheduler.ts";

/** Options of a round. */
export interface ProbeRoundOptions {
  /** Round start, ms UTC (wall clock). */
  readonly start: number;
  readonly roundMs: number;
  /** Control addresses for the vantage check (may be empty). */
  readonly controls: readonly string[];
  /** Wall clock, ms UTC (default Date.now). */
  readonly now?: () => number;
  /** Resolves after `ms` (default setTimeout). */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * How long the last probes of a round need for their answers, ms: the slices cover
   * the round less this, so that a round ends before the next one starts (default
   * three probe timeouts: the periodic probe, an adaptive batch, the controls).
   */
  readonly tailMs?: number;
}

/** The vantage check of a round. */
export interface VantageCheck {
  readonly controls: number;
  readonly answeredAtStart: number;
  readonly answeredAtEnd: number;
  /** True: no control answered at the start or at the end; null: no controls, not checked. */
  readonly cutOff: boolean | null;
}

/** What a round did. */
export interface ProbeRoundResult {
  readonly start: number;
  readonly roundMs: number;
  /** Status codes per block at the end (0 up, 1 down, 2 uncertain); see statusOfCode. */
  readonly statuses: Uint8Array;
  /** Probes sent to the blocks, and to the controls. */
  readonly probes: number;
  readonly controlProbes: number;
  /** Probes not sent for want of a route, and results that never came. */
  readonly unroutable: number;
  readonly lost: number;
  readonly vantage: VantageCheck;
  /** When the last probe's result came, ms UTC. */
  readonly finishedAt: number;
}

const answered = (outcomes: readonly ProbeOutcome[]): number => outcomes.filter((o) => o === "reply").length;

/** Runs one round; resolves when every probe of it has a result. */
export async function runProbeRound(scheduler: TrinocularScheduler, pinger: Pinger, options: ProbeRoundOptions): Promise<ProbeRoundResult> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const { controls, start, roundMs } = options;
  const before = controls.length === 0 ? [] : await pinger.probe(controls);
  const beliefs = scheduler.snapshot();
  scheduler.beginRound();
  let probes = 0;
  let unroutable = 0;
  let lost = 0;
  const probeBlock = async (i: number): Promise<void> => {
    const block = scheduler.blocks[i];
    if (block === undefined) return;
    for (let hosts = scheduler.nextProbes(i); hosts.length > 0; hosts = scheduler.nextProbes(i)) {
      const outcomes = await pinger.probe(hosts.map((h) => blockAddress(block.block, h)));
      probes += hosts.length;
      unroutable += outcomes.filter((o) => o === "unroutable").length;
      lost += outcomes.filter((o) => o === "lost").length;
      scheduler.observe(i, outcomes.filter((o) => o !== "lost").map((o) => o === "reply"));
    }
  };
  const running: Promise<void>[] = [];
  const slices = scheduler.bySlice();
  const span = Math.max(0, roundMs - (options.tailMs ?? 0));
  for (let s = 0; s < slices.length; s++) {
    const due = start + (s * span) / slices.length;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    for (const i of slices[s] ?? []) running.push(probeBlock(i));
  }
  await Promise.all(running);
  const after = controls.length === 0 ? [] : await pinger.probe(controls);
  const vantage: VantageCheck = {
    controls: controls.length,
    answeredAtStart: answered(before),
    answeredAtEnd: answered(after),
    cutOff: controls.length === 0 ? null : answered(before) === 0 || answered(after) === 0,
  };
  const statuses = scheduler.statusCodes();
  if (vantage.cutOff === true) scheduler.restore(beliefs);
  return { start, roundMs, statuses, probes, controlProbes: before.length + after.length, unroutable, lost, vantage, finishedAt: now() };
}
