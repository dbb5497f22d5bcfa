/**
 * The prefix ids whose routes changed (at any peer) since the last `reset()`: what an
 * incremental visibility pass must look at again. Marking is a byte read in the hot
 * announce/withdraw paths; past `MAX_TRACKED` ids it stops listing and says "all"
 * (a RIB load, a big session reset), where a full pass is as cheap anyway.
 */

/** Listed ids beyond which everything counts as changed. */
export const MAX_TRACKED = 1 << 18;

/** A set of changed prefix ids, with an overflow to "all". */
export class ChangedPrefixes {
  #flags = new Uint8Array(1024);
  readonly #ids: number[] = [];
  #all = true;

  /** Whether every id must be taken as changed (nothing was reset yet, or the list overflowed). */
  get all(): boolean {
    return this.#all;
  }

  /** The changed ids, in the order first marked; meaningless when `all`. */
  get ids(): readonly number[] {
    return this.#ids;
  }

  /** Notes that a route to `id` changed. */
  mark(id: number): void {
    if (this.#all) return;
    if (id >= this.#flags.length) this.#grow(id);
    if (this.#flags[id] === 1) return;
    this.#flags[id] = 1;
    if (this.#ids.push(id) > MAX_TRACKED) this.markAll();
  }

  /** Takes every id as changed until the next reset. */
  markAll(): void {
    this.#all = true;
  }

  /** Starts a new period with nothing changed. */
  reset(): void {
    const flags = this.#flags;
    for (const id of this.#ids) flags[id] = 0;
    this.#ids.length = 0;
    this.#all = false;
  }

  #grow(id: number): void {
    const flags = new Uint8Array(Math.max(id + 1, this.#flags.length * 2));
    flags.set(this.#flags);
    this.#flags = flags;
  }
}
