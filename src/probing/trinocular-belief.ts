/**
 * Trinocular's belief that a /24 block is up, and its update by one probe (Quan,
 * Heidemann, Pradkin, "Trinocular: Understanding Internet Reliability Through Adaptive
 * Probing", SIGCOMM 2013, §3.2–3.3), as IODA's active probing runs it.
 *
 * A block is up (U) or down (D). Its ever-responsive addresses E(b) answer a probe with
 * probability A = A(E(b)) when the block is up, and never when it is down. By Bayes:
 *
 *   negative:  B'(U) = (1 − A)·B(U) / ((1 − A)·B(U) + 1·B(D))
 *   positive:  B'(U) = A·B(U) / (A·B(U) + 0·B(D)) = 1
 *
 * The belief is clamped to [0.01, 0.99] so that no run of evidence makes it certain and
 * later probes can still move it (the paper's bounds); the block is up above 0.9, down
 * below 0.1, and uncertain between.
 */

/** Lowest and highest belief: never certain. */
export const BELIEF_MIN = 0.01;
export const BELIEF_MAX = 0.99;
/** Up above this belief, down below BELIEF_DOWN. */
export const BELIEF_UP = 0.9;
export const BELIEF_DOWN = 0.1;
/**
 * Availability used in the update, clamped: with A = 1 a single lost probe would prove
 * the block down (P(negative | up) = 0), with A = 0 no probe could ever say anything.
 */
export const AVAILABILITY_MIN = 0.01;
export const AVAILABILITY_MAX = 0.99;

/** What the belief says of the block. */
export type BlockStatus = "up" | "down" | "uncertain";

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** The belief after one probe of a block with availability `availability`. */
export function updateBelief(belief: number, availability: number, positive: boolean): number {
  if (positive) return BELIEF_MAX;
  const a = clamp(availability, AVAILABILITY_MIN, AVAILABILITY_MAX);
  const up = (1 - a) * belief;
  return clamp(up / (up + (1 - belief)), BELIEF_MIN, BELIEF_MAX);
}

/** Up, down or uncertain. */
export function blockStatus(belief: number): BlockStatus {
  if (belief > BELIEF_UP) return "up";
  if (belief < BELIEF_DOWN) return "down";
  return "uncertain";
}

/**
 * How many negatives in a row take `belief` below BELIEF_DOWN: the size of the next
 * batch of adaptive probes (a reply ends the batch's question either way). Each
 * negative multiplies the odds B/(1 − B) by (1 − A).
 */
export function negativesToDown(belief: number, availability: number): number {
  if (belief < BELIEF_DOWN) return 0;
  const a = clamp(availability, AVAILABILITY_MIN, AVAILABILITY_MAX);
  const odds = belief / (1 - belief);
  const target = BELIEF_DOWN / (1 - BELIEF_DOWN);
  return Math.max(1, Math.ceil(Math.log(target / odds) / Math.log(1 - a) - 1e-9));
}

/**
 * Recovery probing: how many probes a block believed down gets in a round so that, were
 * it up again, at least one would be answered with probability `confidence`:
 * 1 − (1 − A)^k ≥ confidence. (Trinocular probes down blocks more to see recovery
 * within a round; the count is Nightlight's reading of that.)
 */
export function recoveryProbes(availability: number, confidence = 0.95): number {
  const a = clamp(availability, AVAILABILITY_MIN, AVAILABILITY_MAX);
  return Math.max(1, Math.ceil(Math.log(1 - confidence) / Math.log(1 - a) - 1e-9));
}
