/**
 * Origin AS interning: a route table stores a small origin index per prefix instead of
 * the ASN, so that 0 can mean "no route" and one index can mean "a route with no
 * single origin AS" (see originOfPath()).
 */

/** Index stored for "this peer has no route to the prefix". */
export const NO_ROUTE = 0;
/** Index stored for a route whose AS path names no single origin AS. */
export const NO_ORIGIN = 1;

/** ASN ↔ dense index, indices from 2 up. */
export class OriginTable {
  readonly #index = new Map<number, number>();
  readonly #asns: number[] = [-1, -1];

  /** Number of indices in use, including the two reserved ones. */
  get size(): number {
    return this.#asns.length;
  }

  /** The index of an origin ASN, or NO_ORIGIN for null. */
  indexOf(asn: number | null): number {
    if (asn === null) return NO_ORIGIN;
    let i = this.#index.get(asn);
    if (i === undefined) {
      i = this.#asns.push(asn) - 1;
      this.#index.set(asn, i);
    }
    return i;
  }

  /** The ASN of an index; null for the reserved ones. */
  asnOf(index: number): number | null {
    const asn = this.#asns[index];
    return asn === undefined || asn < 0 ? null : asn;
  }
}
