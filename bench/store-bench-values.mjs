// Bin values for the store benchmark (issue 7): one real-shaped bin of per-entity visible
// block counts, then a seeded day-by-day perturbation of it.
//
// The first bin is what the routing benchmark's replay (routing-bench-run.mjs) computes
// for its RIB state, without building the 53 M-entry corpus: the REAL prefixes of
// ../shared/data/prefixes/full-table-2023-12.txt.gz, each with the origin AS the corpus
// gives it (routing-corpus.mjs: same seed, same draws), all visible (in the corpus every
// prefix is seen by each of 50 peers with probability 0.995, far above the 50 % threshold),
// counted by the real code (countVisibleBlocks with the real entity index) into the four
// entity kinds with entityCounts(): country, region, ASN, country-ASN; `bgp` and `bgp6`.
//
// Later bins: each bin about 1 % of the present series move by 1–5 blocks (up or down,
// never below 1), about 0.02 % of present series disappear (their routes are gone: the
// store writes 0) and about 1 % of absent ones come back. Seeded: every run is the same.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { loadEntityIndex } from "../dist/src/entities/load-entity-index.js";
import { BlockAttribution } from "../dist/src/routing/block-attribution.js";
import { BGP_ENTITY_KINDS, BGP_SIGNAL, entityCounts } from "../dist/src/routing/bin-points.js";
import { countVisibleBlocks } from "../dist/src/routing/count-visible-blocks.js";
import { OriginTable } from "../dist/src/routing/origin-table.js";
import { PrefixOrder } from "../dist/src/routing/prefix-order.js";
import { PrefixTable } from "../dist/src/routing/prefix-table.js";
import { prng } from "./routing-corpus.mjs";

/**
 * The real first bin: `{ series: [{ entity, signal, value }], entities: Entity[], prefixes }`
 * from the real prefixes file, with the routing corpus's origins.
 */
export async function realBin(prefixesFile) {
  const table = new PrefixTable();
  for (const line of gunzipSync(readFileSync(prefixesFile)).toString("utf8").split("\n")) {
    if (line !== "") table.internText(line);
  }
  // The corpus's origins: its first draws from prng(20231201), one or two per prefix in file order.
  const rand = prng(20231201);
  let origin = 100_000;
  const originOf = Array.from({ length: table.size }, () => (rand() < 1 / 14 ? (origin = 100_000 + Math.floor(rand() * 75_000)) : origin));
  const origins = new OriginTable();
  const visibility = {
    visible: new Uint8Array(table.size).fill(1),
    origin: Uint32Array.from(originOf, (asn) => origins.indexOf(asn)),
    moreOrigins: new Map(),
  };
  const order = new PrefixOrder();
  order.update(table);
  const index = await loadEntityIndex();
  const attribution = BlockAttribution.fromIndex(index);
  const kinds = new Set(BGP_ENTITY_KINDS);
  const series = [];
  for (const family of [4, 6]) {
    const counts = countVisibleBlocks(visibility, family, { order, origins, attribution });
    for (const [entity, value] of entityCounts(counts, kinds)) series.push({ entity, signal: BGP_SIGNAL[family], value });
  }
  const entities = index.entities(new Set(series.map((s) => s.entity)));
  return { series, entities, prefixes: table.size };
}

/**
 * A seeded walk from the first bin: `next()` returns the next bin's values, present
 * series only (an absent one is one whose blocks are gone).
 */
export class BinWalk {
  constructor(series, seed = 7) {
    this.entity = series.map((s) => s.entity);
    this.signal = series.map((s) => s.signal);
    this.value = Float64Array.from(series, (s) => s.value);
    this.present = new Uint8Array(series.length).fill(1);
    this.rand = prng(seed);
    this.bins = 0;
    // One object per series, reused: putBin() reads the values and keeps none of them.
    // (Made with a fractional value first, so that the field is a double from the start:
    // a smi field turned double migrates every object once, slowly.)
    this.objects = series.map((s) => ({ entity: s.entity, signal: s.signal, value: 0.5 }));
  }

  /** Series count (present or not). */
  get size() {
    return this.value.length;
  }

  /** Moves one bin on (the first call returns the real bin unchanged). */
  step() {
    if (this.bins++ === 0) return;
    const n = this.value.length;
    const r = this.rand;
    const moves = Math.round(n * 0.01);
    for (let k = 0; k < moves; k++) {
      const i = Math.floor(r() * n);
      if (this.present[i] === 0) continue;
      const d = (1 + Math.floor(r() * 5)) * (r() < 0.5 ? -1 : 1);
      this.value[i] = Math.max(1, this.value[i] + d);
    }
    const drops = Math.max(1, Math.round(n * 0.0002));
    for (let k = 0; k < drops; k++) this.present[Math.floor(r() * n)] = 0;
    // About 1 % of the absent ones come back (each draw hits an absent one rarely: try more).
    const absent = [];
    for (let i = 0; i < n; i++) if (this.present[i] === 0) absent.push(i);
    const back = Math.round(absent.length * 0.01);
    for (let k = 0; k < back; k++) this.present[absent[Math.floor(r() * absent.length)]] = 1;
  }

  /** The current bin's values, present series only, as the store's BinValue objects (valid until the next step). */
  values() {
    this.out ??= new Array(this.value.length);
    const out = this.out;
    let n = 0;
    for (let i = 0; i < this.value.length; i++) {
      if (this.present[i] === 1) {
        const o = this.objects[i];
        o.value = this.value[i];
        out[n++] = o;
      }
    }
    out.length = n;
    return out;
  }
}
