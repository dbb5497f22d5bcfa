/**
 * Trinocular's probing of many /24 blocks, round by round (Quan et al., SIGCOMM 2013,
 * §3.3–3.4), with its state in typed arrays so that one process can hold IODA's 4.2 M
 * blocks. Each round, every block gets:
 *
 * - one periodic probe, to the next of its ever-responsive addresses in a fixed
 *   pseudorandom order (cycling across rounds);
 * - adaptive probes while its belief is uncertain (0.1–0.9), in batches sized to the
 *   silences that would make it down (`negativesToDown`), at most `budget` probes in
 *   the round counting the periodic one (15, the paper's limit);
 * - recovery probes when it was down at the start of the round and the periodic probe
 *   was not answered: enough that a block up again answers one with 95 % probability,
 *   within the budget (`recoveryProbes`).
 *
 * A round is cut into `slices` (60) and each block is probed in its own slice (a hash of
 * the block), so the probes of a round spread evenly over it as IODA's do.
 *
 * The scheduler decides which addresses to probe and learns from the replies; sending
 * is the driver's business (run-probe-round.ts over scamper, or a simulated responder
 * in tests and benchmarks). Replies of one batch arrive together; the silences are
 * applied before any reply, so that a batch with a reply leaves the block up, as a
 * sequential probe would have stopped at the reply.
 */
import { blockStatus, negativesToDown, recoveryProbes, updateBelief, type BlockStatus } from "./trinocular-belief.ts";
import type { TargetBlock } from "./target-block.ts";

/** Options of a scheduler. */
export interface SchedulerOptions {
  /** Most probes per block per round (default 15). */
  readonly budget?: number;
  /** Slices per round (default 60). */
  readonly slices?: number;
  /** Belief of a block not yet probed (default 0.5: uncertain, so round one settles it). */
  readonly initialBelief?: number;
}

const PHASE_NONE = 0;
const PHASE_PERIODIC = 1;
const PHASE_RECOVERY = 2;
const STATUS: readonly BlockStatus[] = ["up", "down", "uncertain"];
const STATUS_CODE: Readonly<Record<BlockStatus, number>> = { up: 0, down: 1, uncertain: 2 };

/** 32-bit mix of a block number (splitmix-style), for slices and address orders. */
function mix(x: number): number {
  let h = (x ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Round-by-round probing state of a fixed set of blocks. */
export class TrinocularScheduler {
  /** The blocks, in the order given. */
  readonly blocks: readonly TargetBlock[];
  readonly budget: number;
  readonly slices: number;
  readonly #belief: Float64Array;
  readonly #availability: Float64Array;
  readonly #slice: Uint8Array;
  /** Address order: host k of block i is addresses[(start + k·step) mod n]. */
  readonly #start: Uint16Array;
  readonly #step: Uint16Array;
  readonly #cursor: Uint32Array;
  // Per round:
  readonly #probes: Uint8Array;
  readonly #phase: Uint8Array;
  readonly #downAtStart: Uint8Array;
  readonly #replied: Uint8Array;

  constructor(blocks: readonly TargetBlock[], options: SchedulerOptions = {}) {
    this.blocks = blocks;
    this.budget = options.budget ?? 15;
    this.slices = options.slices ?? 60;
    if (!(this.budget >= 1 && this.budget <= 255)) throw new RangeError(`budget ${this.budget} must be 1–255 probes per block and round`);
    if (!(this.slices >= 1 && this.slices <= 255)) throw new RangeError(`slices ${this.slices} must be 1–255`);
    const n = blocks.length;
    this.#belief = new Float64Array(n).fill(options.initialBelief ?? 0.5);
    this.#availability = new Float64Array(n);
    this.#slice = new Uint8Array(n);
    this.#start = new Uint16Array(n);
    this.#step = new Uint16Array(n);
    this.#cursor = new Uint32Array(n);
    this.#probes = new Uint8Array(n);
    this.#phase = new Uint8Array(n);
    this.#downAtStart = new Uint8Array(n);
    this.#replied = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const b = blocks[i] as TargetBlock;
      if (b.addresses.length === 0) throw new RangeError(`block ${b.block} has no addresses to probe`);
      this.#availability[i] = b.availability;
      const h = mix(b.block);
      this.#slice[i] = h % this.slices;
      const size = b.addresses.length;
      this.#start[i] = (h >>> 8) % size;
      // A step coprime with |E(b)| visits every address once per cycle, in a scrambled order.
      let step = 1 + ((h >>> 16) % size);
      while (gcd(step, size) !== 1) step = (step % size) + 1;
      this.#step[i] = step;
    }
  }

  /** The slice (0 … slices − 1) block `i` is probed in. */
  sliceOf(i: number): number {
    return this.#slice[i] ?? 0;
  }

  /** Block indexes by slice, for a driver that walks the round slice by slice. */
  bySlice(): number[][] {
    const out: number[][] = Array.from({ length: this.slices }, () => []);
    for (let i = 0; i < this.blocks.length; i++) out[this.#slice[i] ?? 0]?.push(i);
    return out;
  }

  /** Starts a round: every block owes its periodic probe again. */
  beginRound(): void {
    this.#probes.fill(0);
    this.#phase.fill(PHASE_NONE);
    this.#replied.fill(0);
    for (let i = 0; i < this.blocks.length; i++) this.#downAtStart[i] = blockStatus(this.#belief[i] ?? 0) === "down" ? 1 : 0;
  }

  /**
   * Host octets to probe next in block `i` this round; empty when the block is settled
   * for the round or its budget is spent. Each call must be followed by `observe()`.
   */
  nextProbes(i: number): number[] {
    const sent = this.#probes[i] ?? 0;
    const left = this.budget - sent;
    if (left <= 0) return [];
    const phase = this.#phase[i] ?? 0;
    if (phase === PHASE_NONE) {
      this.#phase[i] = PHASE_PERIODIC;
      return this.#take(i, 1);
    }
    if (this.#replied[i] === 1) return [];
    const belief = this.#belief[i] ?? 0;
    const a = this.#availability[i] ?? 0;
    const status = blockStatus(belief);
    if (status === "uncertain") return this.#take(i, Math.min(left, negativesToDown(belief, a)));
    if (status === "down" && this.#downAtStart[i] === 1 && phase === PHASE_PERIODIC) {
      this.#phase[i] = PHASE_RECOVERY;
      // The periodic probe counts toward the recovery probes.
      return this.#take(i, Math.min(left, recoveryProbes(a) - 1));
    }
    return [];
  }

  /** Learns from the replies to the probes `nextProbes(i)` returned (true: answered). */
  observe(i: number, replies: readonly boolean[]): void {
    const a = this.#availability[i] ?? 0;
    let belief = this.#belief[i] ?? 0;
    let answered = false;
    for (const r of replies) {
      if (r) answered = true;
      else belief = updateBelief(belief, a, false);
    }
    if (answered) {
      belief = updateBelief(belief, a, true);
      this.#replied[i] = 1;
    }
    this.#belief[i] = belief;
  }

  /** The belief of block `i` now. */
  belief(i: number): number {
    return this.#belief[i] ?? 0;
  }

  /** Status of block `i` now. */
  status(i: number): BlockStatus {
    return blockStatus(this.#belief[i] ?? 0);
  }

  /** Probes sent to block `i` this round. */
  probesThisRound(i: number): number {
    return this.#probes[i] ?? 0;
  }

  /** Statuses of every block as codes (0 up, 1 down, 2 uncertain), e.g. at the end of a round. */
  statusCodes(): Uint8Array {
    const out = new Uint8Array(this.blocks.length);
    for (let i = 0; i < out.length; i++) out[i] = STATUS_CODE[blockStatus(this.#belief[i] ?? 0)];
    return out;
  }

  /** Sets every belief back (a round whose results were discarded does not count). */
  restore(beliefs: Float64Array): void {
    this.#belief.set(beliefs);
  }

  /** A copy of every belief, to restore after a round that must not count. */
  snapshot(): Float64Array {
    return Float64Array.from(this.#belief);
  }

  #take(i: number, count: number): number[] {
    const b = this.blocks[i] as TargetBlock;
    const size = b.addresses.length;
    const start = this.#start[i] ?? 0;
    const step = this.#step[i] ?? 1;
    let cursor = this.#cursor[i] ?? 0;
    const out: number[] = [];
    for (let k = 0; k < count; k++) {
      out.push(b.addresses[(start + cursor * step) % size] ?? 0);
      cursor = (cursor + 1) % size;
    }
    this.#cursor[i] = cursor;
    this.#probes[i] = (this.#probes[i] ?? 0) + count;
    return out;
  }
}

/** The status a code of `statusCodes()` stands for. */
export function statusOfCode(code: number): BlockStatus {
  return STATUS[code] ?? "uncertain";
}
