/**
 * A multiset of numbers kept sorted, for a moving median: insert and remove are a
 * binary search plus one splice, so a 7-day window of 5-minute bins (2,016 values)
 * costs microseconds per step instead of a sort.
 */
import { sortedMedian } from "./median.ts";

/** Sorted multiset with O(log n) search and O(n) memmove insert/remove. */
export class SortedWindow {
  readonly #values: number[] = [];

  /** How many values the window holds. */
  get size(): number {
    return this.#values.length;
  }

  /** Adds one value. */
  insert(value: number): void {
    this.#values.splice(this.#lowerBound(value), 0, value);
  }

  /** Removes one occurrence of `value`; returns false when it is not there. */
  remove(value: number): boolean {
    const i = this.#lowerBound(value);
    if (this.#values[i] !== value) return false;
    this.#values.splice(i, 1);
    return true;
  }

  /** Median of the values, or `undefined` when empty. */
  median(): number | undefined {
    return sortedMedian(this.#values);
  }

  #lowerBound(value: number): number {
    let lo = 0;
    let hi = this.#values.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#values[mid] ?? Infinity) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
