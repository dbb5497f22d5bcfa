#!/usr/bin/env node
// Event tracking cost per bin (issue 8): a store holding 30 days of 5-minute `bgp` bins
// for one country with BENCH_REGIONS regions and BENCH_ASNS networks (seeded noise
// around fixed levels, a cut of the country and half its regions on the last day), then
// the tracker's work after the last bin: one judgement of the country with every
// related series (timeline, kinds), and the judgement of each region, timed apart.
// Prints the per-entity costs and what a bin of 250 countries and 3,500 regions costs
// at those rates (regions and countries are what the tracker judges every bin).
//   BENCH_REGIONS=30  BENCH_ASNS=200  BENCH_RUNS=3
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventTracker } from "../dist/src/service/event-tracker.js";
import { openStore } from "../dist/src/store/open-store.js";
import { prng } from "./routing-corpus.mjs";

const REGIONS = Number(process.env.BENCH_REGIONS ?? 30);
const ASNS = Number(process.env.BENCH_ASNS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const STEP = 300_000;
const BINS = 30 * 288;
const T0 = Date.UTC(2026, 0, 1);
const dir = mkdtempSync(join(tmpdir(), "nightlight-events-bench-"));
const rnd = prng(8);
const store = openStore(join(dir, "bench.db"));
const source = store.defineSource({ name: "bench", digest: "sha256:bench", kind: "import", parameters: {}, methods: { bgp: "bench" } });
const entities = ["country/XX", ...Array.from({ length: REGIONS }, (_, i) => `region/XX-${i}`), ...Array.from({ length: ASNS }, (_, i) => `country-asn/XX/${64_512 + i}`)];
const started = performance.now();
for (const [k, entity] of entities.entries()) {
  const level = entity.startsWith("country/") ? 20_000 : entity.startsWith("region/") ? 600 : 80;
  const cut = entity.startsWith("country/") || (entity.startsWith("region/") && k % 2 === 0);
  const points = Array.from({ length: BINS }, (_, i) => ({
    entity, signal: "bgp", time: T0 + i * STEP,
    value: Math.round(level * (cut && i >= BINS - 100 ? 0.2 : 1) * (1 + (rnd() - 0.5) * 0.01)),
  }));
  store.putPoints(points, source, { stepMs: STEP });
}
console.log(`store: ${entities.length} series × ${BINS} bins written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const info = store.getSource(source);
const last = T0 + (BINS - 1) * STEP;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (label, entitiesJudged) => {
  const ms = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    new EventTracker(store, { now: () => last }).onBin({ source: info, time: last, stepMs: STEP, until: last + STEP, entities: entitiesJudged });
    ms.push(performance.now() - t);
  }
  console.log(`${label}: median ${median(ms).toFixed(0)} ms of ${RUNS} runs`);
  return median(ms);
};
const country = time(`country with its ${REGIONS} regions and ${ASNS} networks read (in an event)`, ["country/XX"]);
const regionIds = entities.filter((e) => e.startsWith("region/"));
const cutRegions = regionIds.filter((_, i) => i % 2 === 1);
const quietRegions = regionIds.filter((_, i) => i % 2 === 0);
const inEvent = time(`${cutRegions.length} regions in an event`, cutRegions) / cutRegions.length;
const quiet = time(`${quietRegions.length} quiet regions`, quietRegions) / quietRegions.length;
console.log(`per entity: ${quiet.toFixed(1)} ms quiet (own series only), ${inEvent.toFixed(1)} ms in an event (then every related series is read)`);
console.log(`a bin of 250 countries and 3,500 regions, 5 countries and 50 regions in an event: ~${((5 * country + 50 * inEvent + 3695 * quiet) / 1000).toFixed(0)} s`);
store.close();
rmSync(dir, { recursive: true, force: true });
