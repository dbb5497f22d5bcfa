/**
 * Country and region of every block (/24 for IPv4, /48 for IPv6), as sorted runs in
 * typed arrays, precomputed once from the entity index so that counting a bin's
 * visible blocks never goes through text or objects.
 */
import type { EntityIndex } from "../entities/entity-index.ts";
import type { PrefixFamily } from "./prefix-table.ts";

/** One family's runs: run `i` covers blocks `[first[i], first[i + 1])`. */
export interface AttributionRuns {
  readonly first: Float64Array;
  /** Index into `countries`, or -1 when unknown. */
  readonly country: Int32Array;
  /** Index into `regions`, or -1 when unknown. */
  readonly region: Int32Array;
}

/** Runs of both families with their code lists. */
export class BlockAttribution {
  readonly v4: AttributionRuns;
  readonly v6: AttributionRuns;
  /** ISO 3166-1 alpha-2 codes. */
  readonly countries: readonly string[];
  /** ISO 3166-2 codes (`IR-09`). */
  readonly regions: readonly string[];

  constructor(v4: AttributionRuns, v6: AttributionRuns, countries: readonly string[], regions: readonly string[]) {
    this.v4 = v4;
    this.v6 = v6;
    this.countries = countries;
    this.regions = regions;
  }

  /** Builds the runs from an entity index (about a second for both families). */
  static fromIndex(index: EntityIndex): BlockAttribution {
    const countries: string[] = [];
    const regions: string[] = [];
    const codes = new Map<string, number>();
    const code = (list: string[], value: string | null): number => {
      if (value === null) return -1;
      const key = `${list === countries ? "c" : "r"}${value}`;
      let i = codes.get(key);
      if (i === undefined) {
        i = list.push(value) - 1;
        codes.set(key, i);
      }
      return i;
    };
    const runs = (space: string): AttributionRuns => {
      const first: number[] = [];
      const country: number[] = [];
      const region: number[] = [];
      for (const run of index.blocks(space)) {
        first.push(run.first);
        country.push(code(countries, run.country));
        region.push(code(regions, run.region));
      }
      return { first: Float64Array.from(first), country: Int32Array.from(country), region: Int32Array.from(region) };
    };
    return new BlockAttribution(runs("0.0.0.0/0"), runs("::/0"), countries, regions);
  }

  /** The runs of a family. */
  runs(family: PrefixFamily): AttributionRuns {
    return family === 4 ? this.v4 : this.v6;
  }
}

/** Index of the run holding `block` (the last run whose first block is ≤ it). */
export function runAt(runs: AttributionRuns, block: number): number {
  const first = runs.first;
  let lo = 0;
  let hi = first.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (first[mid]! <= block) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
