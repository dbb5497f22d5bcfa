/**
 * One round of a scheduler against a simulated responder, without packets: for the
 * scheduler's tests and for the benchmark of the model alone (bench/probing-bench.mjs).
 */
import type { TrinocularScheduler } from "./trinocular-scheduler.ts";

/** Whether host `host` of block index `i` answers a probe now. */
export type Responder = (i: number, host: number) => boolean;

/** Runs a whole round, slice by slice; returns the probes sent. */
export function simulateRound(scheduler: TrinocularScheduler, responder: Responder): number {
  scheduler.beginRound();
  let probes = 0;
  for (const slice of scheduler.bySlice()) {
    for (const i of slice) {
      for (let hosts = scheduler.nextProbes(i); hosts.length > 0; hosts = scheduler.nextProbes(i)) {
        probes += hosts.length;
        scheduler.observe(i, hosts.map((h) => responder(i, h)));
      }
    }
  }
  return probes;
}
