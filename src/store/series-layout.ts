/**
 * Where a series' values live in the store: its grid (step and phase), the period a
 * chunk of it covers, and the block of a bin that holds its slot. Pure arithmetic.
 */

/** Values per chunk of a series, and bins per period of a source: a day of 5-minute bins. */
export const CHUNK_BINS = 288;
/**
 * Series slots per block of a bin: small enough that a block's encoding (at most about
 * 1.5 bytes a value midway through a day) stays inside its 4 KiB b-tree page, where
 * SQLite keeps up to about 1 000 bytes of a row before spilling it to an overflow page.
 */
export const BLOCK_SLOTS = 512;

/** A series' regular grid: times `phase + k × step`. */
export interface Grid {
  readonly stepMs: number;
  /** `time mod step` of every point, 0 ≤ phase < step. */
  readonly phaseMs: number;
}

/** `a mod b` that is never negative. */
export function modulo(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** Start of the chunk (and of the period) holding `time` on `grid`. */
export function chunkStart(time: number, grid: Grid): number {
  const span = grid.stepMs * CHUNK_BINS;
  return time - modulo(time - grid.phaseMs, span);
}

/** Index of `time` within its chunk. */
export function chunkIndex(time: number, grid: Grid): number {
  return Math.round((time - chunkStart(time, grid)) / grid.stepMs);
}

/** Whether `time` lies on `grid`. */
export function onGrid(time: number, grid: Grid): boolean {
  return modulo(time - grid.phaseMs, grid.stepMs) === 0;
}

/** Greatest common divisor of two non-negative integers. */
export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, modulo(a, b)];
  return a;
}

/**
 * The coarsest grid holding every time of a sorted, duplicate-free list: the GCD of
 * the gaps; `fallbackStepMs` for a single time.
 */
export function inferGrid(times: readonly number[], fallbackStepMs: number): Grid {
  let step = 0;
  for (let i = 1; i < times.length; i++) step = gcd(step, (times[i] ?? 0) - (times[i - 1] ?? 0));
  if (step === 0) step = fallbackStepMs;
  return { stepMs: step, phaseMs: modulo(times[0] ?? 0, step) };
}

/**
 * Times and values of one series laid into its chunks: chunk start → CHUNK_BINS values
 * (NaN where no value). `into` holds chunks to add to (e.g. read back from the store).
 */
export function layChunks(points: Iterable<readonly [number, number]>, grid: Grid, into = new Map<number, Float64Array>()): Map<number, Float64Array> {
  for (const [time, value] of points) {
    const start = chunkStart(time, grid);
    let values = into.get(start);
    if (values === undefined) into.set(start, (values = new Float64Array(CHUNK_BINS).fill(Number.NaN)));
    values[chunkIndex(time, grid)] = value;
  }
  return into;
}
