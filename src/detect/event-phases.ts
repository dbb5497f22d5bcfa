/**
 * The phases of an event: the kind of shutdown at every moment (classifyState),
 * merged into runs, with runs shorter than `minPhaseMs` folded into a neighbour so a
 * single noisy bin does not make a phase.
 */
import type { BaselineSeries } from "../model/baseline.ts";
import type { EventPhase, ShutdownKind } from "../model/outage-event.ts";
import { binAt, hasVerdict } from "./bin-at.ts";
import { classifyState, type ClassifyOptions, type SignalState } from "./classify-state.ts";
import { boundaries } from "./find-event-windows.ts";
import { isoTime } from "./format-numbers.ts";

/** Options of `eventPhases`. */
export interface PhaseOptions {
  readonly classify: ClassifyOptions;
  /** Shortest phase; shorter runs are folded into the previous phase. */
  readonly minPhaseMs: number;
}

interface Run {
  start: number;
  end: number;
  kind: ShutdownKind;
  evidence: string;
  /** Lowest ratio of any signal within the run, and where it is. */
  low: number;
}

/** The signals' states at time `t`: only those with a verdict. */
export function statesAt(baselines: readonly BaselineSeries[], t: number): SignalState[] {
  const states: SignalState[] = [];
  for (const b of baselines) {
    const bin = binAt(b, t);
    if (bin === undefined || !hasVerdict(bin.verdict) || bin.ratio === null) continue;
    states.push({ signal: b.signal, category: b.config.category, verdict: bin.verdict, ratio: bin.ratio });
  }
  return states;
}

/** Phases of the event `[start, end)` in time order; the first starts at `start`. */
export function eventPhases(
  baselines: readonly BaselineSeries[],
  start: number,
  end: number,
  options: PhaseOptions,
): EventPhase[] {
  const runs: Run[] = [];
  for (const t of boundaries(baselines)) {
    if (t < start || t >= end) continue;
    const states = statesAt(baselines, t);
    const c = classifyState(states, options.classify);
    if (c === undefined) continue;
    const low = Math.min(...states.map((s) => s.ratio));
    const current = runs.at(-1);
    if (current !== undefined && current.kind === c.kind) {
      if (low < current.low) Object.assign(current, { low, evidence: c.evidence });
      continue;
    }
    if (current !== undefined) current.end = t;
    runs.push({ start: t, end, kind: c.kind, evidence: c.evidence, low });
  }
  const merged: Run[] = [];
  for (const run of runs) {
    const previous = merged.at(-1);
    const short = run.end - run.start < options.minPhaseMs && run !== runs.at(-1);
    if (previous !== undefined && (short || previous.kind === run.kind)) {
      previous.end = run.end;
      continue;
    }
    if (previous === undefined && short) {
      // A short first run takes the kind of the next one but keeps its start.
      const next = runs[1];
      if (next !== undefined) {
        next.start = run.start;
        continue;
      }
    }
    merged.push({ ...run });
  }
  const first = merged[0];
  if (first !== undefined) first.start = start;
  return merged.map((r) => ({ start: isoTime(r.start), kind: r.kind, evidence: r.evidence }));
}
