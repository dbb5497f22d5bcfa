/**
 * The interned prefixes that cover whole blocks, sorted by address per family (first
 * block ascending, wider first on a tie), kept sorted as prefixes are added: new ids
 * are sorted on their own and merged in, so a bin costs O(prefixes), not a full sort.
 */
import type { PrefixFamily, PrefixTable } from "./prefix-table.ts";

/** Sorted ids with each prefix's first block and block count. */
export class PrefixOrder {
  /** First block and block count per prefix id (count 0: covers no whole block). */
  #first = new Float64Array(0);
  #count = new Float64Array(0);
  #known = 0;
  #v4: Uint32Array<ArrayBuffer> = new Uint32Array(0);
  #v6: Uint32Array<ArrayBuffer> = new Uint32Array(0);

  /** First block of a prefix id (valid after update()). */
  first(id: number): number {
    return this.#first[id]!;
  }

  /** Blocks a prefix id covers (valid after update()). */
  count(id: number): number {
    return this.#count[id]!;
  }

  /** Sorted ids of one family that cover whole blocks. */
  sorted(family: PrefixFamily): Uint32Array {
    return family === 4 ? this.#v4 : this.#v6;
  }

  /** Takes in the prefixes interned since the last call. */
  update(prefixes: PrefixTable): void {
    const n = prefixes.size;
    if (n === this.#known) return;
    if (n > this.#first.length) {
      const capacity = prefixes.capacity;
      const first = new Float64Array(capacity);
      first.set(this.#first);
      const count = new Float64Array(capacity);
      count.set(this.#count);
      this.#first = first;
      this.#count = count;
    }
    const added: Record<PrefixFamily, number[]> = { 4: [], 6: [] };
    for (let id = this.#known; id < n; id++) {
      const b = prefixes.blocks(id);
      this.#first[id] = b.first;
      this.#count[id] = b.count;
      if (b.count > 0) added[prefixes.family(id)].push(id);
    }
    this.#known = n;
    this.#v4 = this.#merge(this.#v4, added[4]);
    this.#v6 = this.#merge(this.#v6, added[6]);
  }

  #before(a: number, b: number): boolean {
    const fa = this.#first[a]!;
    const fb = this.#first[b]!;
    return fa < fb || (fa === fb && this.#count[a]! > this.#count[b]!);
  }

  #merge(sorted: Uint32Array<ArrayBuffer>, added: number[]): Uint32Array<ArrayBuffer> {
    if (added.length === 0) return sorted;
    added.sort((a, b) => (this.#before(a, b) ? -1 : this.#before(b, a) ? 1 : 0));
    const out = new Uint32Array(sorted.length + added.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < sorted.length && j < added.length) {
      if (this.#before(added[j]!, sorted[i]!)) out[k++] = added[j++]!;
      else out[k++] = sorted[i++]!;
    }
    while (i < sorted.length) out[k++] = sorted[i++]!;
    while (j < added.length) out[k++] = added[j++]!;
    return out;
  }
}
