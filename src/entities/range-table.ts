/**
 * A sorted table of disjoint inclusive key ranges with one numeric value each, in
 * typed arrays, looked up by binary search. Keys are IPv4 addresses or IPv6 /48
 * indices (see ip-key.ts); both are exact in a double.
 */

/** The value at a key, and the last key with the same answer. */
export interface Stretch {
  /** The range's value, or null in a gap. */
  readonly value: number | null;
  /** Last key (inclusive) up to which `value` holds; Infinity after the last range. */
  readonly until: number;
}

/** Disjoint, sorted ranges `[starts[i], ends[i]]` → `values[i]`. Build with RangeTableBuilder. */
export class RangeTable {
  readonly starts: Uint32Array | Float64Array;
  readonly ends: Uint32Array | Float64Array;
  readonly values: Uint32Array;

  constructor(starts: Uint32Array | Float64Array, ends: Uint32Array | Float64Array, values: Uint32Array) {
    this.starts = starts;
    this.ends = ends;
    this.values = values;
  }

  /** Number of ranges. */
  get size(): number {
    return this.values.length;
  }

  /** Index of the last range starting at or before `key`, or -1. */
  #floor(key: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.starts[mid] ?? Infinity) <= key) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** The value of the range holding `key`, or null. */
  get(key: number): number | null {
    const i = this.#floor(key);
    return i >= 0 && key <= (this.ends[i] ?? -1) ? (this.values[i] ?? null) : null;
  }

  /** The value at `key` and how far it holds (through a range, or a gap up to the next range). */
  stretch(key: number): Stretch {
    const i = this.#floor(key);
    if (i >= 0 && key <= (this.ends[i] ?? -1)) return { value: this.values[i] ?? null, until: this.ends[i] ?? key };
    const next = this.starts[i + 1];
    return { value: null, until: next === undefined ? Infinity : next - 1 };
  }
}

/**
 * Collects ranges in any order, then sorts them, merges touching ranges with equal
 * values, and packs them into a RangeTable. Overlaps are resolved first-come: a later
 * range is cut to the keys not yet covered.
 */
export class RangeTableBuilder {
  readonly #wide: boolean;
  #starts: number[] = [];
  #ends: number[] = [];
  #values: number[] = [];
  #sorted = true;

  /** `wide`: keys may exceed 32 bits (IPv6 /48 indices). */
  constructor(wide: boolean) {
    this.#wide = wide;
  }

  /** Adds `[start, end]` → value; ignores an empty range (end < start). */
  add(start: number, end: number, value: number): void {
    if (end < start) return;
    const last = this.#ends.length - 1;
    const lastEnd = this.#ends[last] ?? -1;
    if (this.#sorted && start > lastEnd) {
      // In order, the common case: merge with the previous range when they touch.
      if (last >= 0 && start === lastEnd + 1 && this.#values[last] === value) {
        this.#ends[last] = end;
        return;
      }
    } else {
      this.#sorted = false;
    }
    this.#starts.push(start);
    this.#ends.push(end);
    this.#values.push(value);
  }

  /** The packed table. */
  build(): RangeTable {
    const Keys = this.#wide ? Float64Array : Uint32Array;
    if (this.#sorted) return new RangeTable(Keys.from(this.#starts), Keys.from(this.#ends), Uint32Array.from(this.#values));
    const order = Array.from(this.#starts.keys()).sort((a, b) => (this.#starts[a] ?? 0) - (this.#starts[b] ?? 0) || a - b);
    const starts: number[] = [];
    const ends: number[] = [];
    const values: number[] = [];
    for (const i of order) {
      let start = this.#starts[i] ?? 0;
      const end = this.#ends[i] ?? 0;
      const value = this.#values[i] ?? 0;
      const last = ends.length - 1;
      const lastEnd = ends[last] ?? -1;
      if (last >= 0 && start <= lastEnd) start = lastEnd + 1; // overlap: first come keeps it
      if (end < start) continue;
      if (last >= 0 && start === lastEnd + 1 && values[last] === value) ends[last] = end;
      else {
        starts.push(start);
        ends.push(end);
        values.push(value);
      }
    }
    return new RangeTable(Keys.from(starts), Keys.from(ends), Uint32Array.from(values));
  }
}
