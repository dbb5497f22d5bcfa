/**
 * Visible blocks per entity: the /24s (IPv6: /48s) covered by visible prefixes, each
 * block once however many visible prefixes cover it, split by the country and region
 * of the block and by the origin AS of the covering prefix.
 */
import type { BlockAttribution, AttributionRuns } from "./block-attribution.ts";
import { runAt } from "./block-attribution.ts";
import { SEVERAL_ORIGINS, type Visibility } from "./compute-visibility.ts";
import { NO_ROUTE, type OriginTable } from "./origin-table.ts";
import type { PrefixOrder } from "./prefix-order.ts";
import type { PrefixFamily } from "./prefix-table.ts";

/** Visible block counts of one family in one bin. Entities without blocks are absent. */
export interface BlockCounts {
  readonly family: PrefixFamily;
  /** Distinct visible blocks, whatever their attribution. */
  readonly total: number;
  /** By ISO 3166-1 code of the block. */
  readonly countries: Map<string, number>;
  /** By ISO 3166-2 code of the block. */
  readonly regions: Map<string, number>;
  /** By origin ASN of the visible prefixes covering the block (a block covered by two origins counts for both). */
  readonly asns: Map<number, number>;
  /** By `CC/ASN`: blocks of the ASN's visible prefixes located in country CC. */
  readonly countryAsns: Map<string, number>;
}

/** Country indices per origin in a (country, origin) key: ISO 3166-1 has 249 codes. */
const COUNTRY_KEYS = 512;

/** Tallies of one sweep; runs are searched forward from a cursor, as blocks come in address order. */
class Sweep {
  readonly runs: AttributionRuns;
  readonly countries: Float64Array;
  readonly regions: Float64Array;
  /** Per origin index: the country its last blocks were in, and how many are pending there. */
  readonly pendingCountry: Int32Array;
  readonly pendingBlocks: Float64Array;
  /** Flushed (origin, country) tallies, keyed `origin index × 512 + country index` (a small integer: fast keys). */
  readonly countryOrigin = new Map<number, number>();
  #cursor = 0;

  constructor(runs: AttributionRuns, countries: number, regions: number, origins: number) {
    this.runs = runs;
    this.countries = new Float64Array(countries);
    this.regions = new Float64Array(regions);
    if (countries > COUNTRY_KEYS) throw new RangeError(`Cannot count blocks of ${countries} countries: at most ${COUNTRY_KEYS}`);
    this.pendingCountry = new Int32Array(origins).fill(-1);
    this.pendingBlocks = new Float64Array(origins);
  }

  /** Index of the run holding `block`, for blocks at or after every earlier call's. */
  runOf(block: number): number {
    const first = this.runs.first;
    let r = this.#cursor;
    if (r + 1 < first.length && first[r + 1]! <= block) {
      // Far ahead: binary search; near: step.
      r = first[Math.min(first.length - 1, r + 8)]! <= block ? runAt(this.runs, block) : r + 1;
      while (r + 1 < first.length && first[r + 1]! <= block) r++;
    }
    this.#cursor = r;
    return r;
  }

  /** Adds blocks `[s, e]` to the country and region tallies; `r` is the run of `s`. */
  addPlaces(r: number, s: number, e: number): void {
    const { first, country, region } = this.runs;
    for (; r < first.length && first[r]! <= e; r++) {
      const to = r + 1 < first.length ? Math.min(e, first[r + 1]! - 1) : e;
      const n = to - Math.max(s, first[r]!) + 1;
      const c = country[r]!;
      if (c >= 0) this.countries[c]! += n;
      const g = region[r]!;
      if (g >= 0) this.regions[g]! += n;
    }
  }

  /** Adds blocks `[s, e]` of origin index `o` to its country tally; `r` is the run of `s`. */
  addCountryOrigin(r: number, s: number, e: number, o: number): void {
    const { first, country } = this.runs;
    for (; r < first.length && first[r]! <= e; r++) {
      const c = country[r]!;
      if (c < 0) continue;
      const to = r + 1 < first.length ? Math.min(e, first[r + 1]! - 1) : e;
      const n = to - Math.max(s, first[r]!) + 1;
      if (this.pendingCountry[o] !== c) {
        this.flush(o);
        this.pendingCountry[o] = c;
      }
      this.pendingBlocks[o]! += n;
    }
  }

  /** Moves an origin's pending blocks into the (country, origin) map. */
  flush(o: number): void {
    const c = this.pendingCountry[o]!;
    if (c < 0) return;
    const key = o * COUNTRY_KEYS + c;
    this.countryOrigin.set(key, (this.countryOrigin.get(key) ?? 0) + this.pendingBlocks[o]!);
    this.pendingBlocks[o] = 0;
    this.pendingCountry[o] = -1;
  }
}

/**
 * Counts one family's visible blocks per entity with one sweep over the prefixes in
 * address order: a block range adds only the part past the end of what is already
 * covered (for all, and per origin AS), so nested and overlapping prefixes count once.
 */
export function countVisibleBlocks(
  visibility: Visibility,
  family: PrefixFamily,
  context: { readonly order: PrefixOrder; readonly origins: OriginTable; readonly attribution: BlockAttribution },
): BlockCounts {
  const { order, origins, attribution } = context;
  const sweep = new Sweep(attribution.runs(family), attribution.countries.length, attribution.regions.length, origins.size);
  const originCovered = new Float64Array(origins.size).fill(-1);
  const originTally = new Float64Array(origins.size);
  let covered = -1;
  let total = 0;
  const sorted = order.sorted(family);
  const one = [0];
  for (let k = 0; k < sorted.length; k++) {
    const id = sorted[k]!;
    if (visibility.visible[id] !== 1) continue;
    const s = order.first(id);
    const e = s + order.count(id) - 1;
    const r = sweep.runOf(s);
    if (e > covered) {
      const from = Math.max(s, covered + 1);
      total += e - from + 1;
      sweep.addPlaces(from === s ? r : runAt(sweep.runs, from), from, e);
      covered = e;
    }
    const o1 = visibility.origin[id]!;
    if (o1 === NO_ROUTE) continue;
    let list: readonly number[];
    if (o1 === SEVERAL_ORIGINS) list = visibility.moreOrigins.get(id) ?? [];
    else {
      one[0] = o1;
      list = one;
    }
    for (const o of list) {
      const done = originCovered[o]!;
      if (e <= done) continue;
      const from = Math.max(s, done + 1);
      originTally[o]! += e - from + 1;
      sweep.addCountryOrigin(from === s ? r : runAt(sweep.runs, from), from, e, o);
      originCovered[o] = e;
    }
  }
  for (let o = 0; o < origins.size; o++) if (sweep.pendingCountry[o]! >= 0) sweep.flush(o);
  const countries = new Map<string, number>();
  sweep.countries.forEach((n, i) => {
    if (n > 0) countries.set(attribution.countries[i]!, n);
  });
  const regions = new Map<string, number>();
  sweep.regions.forEach((n, i) => {
    if (n > 0) regions.set(attribution.regions[i]!, n);
  });
  const asns = new Map<number, number>();
  originTally.forEach((n, i) => {
    const asn = origins.asnOf(i);
    if (n > 0 && asn !== null) asns.set(asn, n);
  });
  const countryAsns = new Map<string, number>();
  for (const [key, n] of sweep.countryOrigin) {
    const asn = origins.asnOf(Math.floor(key / COUNTRY_KEYS));
    const country = attribution.countries[key % COUNTRY_KEYS];
    if (asn !== null && country !== undefined) countryAsns.set(`${country}/${asn}`, n);
  }
  return { family, total, countries, regions, asns, countryAsns };
}
