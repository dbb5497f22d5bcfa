#!/usr/bin/env node
// Routing benchmark (issue 3): replay throughput and peak memory at full scale, on a
// corpus built from the real prefixes of a 2023 full table (see routing-corpus.mjs for
// how: ~53 M RIB entries from 50 peers, ~20 M update elements over 288 five-minute files).
//
//   BENCH_PEERS=50        peers in the RIB            BENCH_SEE=0.995   share of prefixes each sees
//   BENCH_UPDATES=20e6    update elements in the day  BENCH_RUNS=3      repetitions (medians shown)
//   BENCH_BINS=288        bins of the day to replay (fewer for a quick run)
//
// Each run is a child process (`routing-bench-run.mjs`) so that its peak RSS is its own:
// it loads the entity index, the RIB, then applies the updates bin by bin and computes
// each bin's visibility and per-entity counts, timing each phase.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCorpus } from "./routing-corpus.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PEERS = Number(process.env.BENCH_PEERS ?? 50);
const SEE = Number(process.env.BENCH_SEE ?? 0.995);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 20e6);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const BINS = Number(process.env.BENCH_BINS ?? 288);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const started = Date.now();
const corpus = await buildCorpus({ out: join(ROOT, "bench/out"), prefixesFile: resolve(ROOT, "../shared/data/prefixes/full-table-2023-12.txt.gz"), peers: PEERS, see: SEE, updates: UPDATES });
console.log(`corpus: ${corpus.prefixes} real prefixes, ${PEERS} peers, ${(corpus.ribEntries / 1e6).toFixed(1)} M RIB entries, ${(corpus.updateElements / 1e6).toFixed(1)} M update elements in 288 files (${((Date.now() - started) / 1000).toFixed(0)} s to build or check)`);
const results = [];
for (let r = 0; r < RUNS; r++) {
  const child = spawnSync(process.execPath, ["--max-old-space-size=4096", join(ROOT, "bench/routing-bench-run.mjs"), corpus.dir, String(corpus.day), String(BINS)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (child.status !== 0) {
    console.error(`run ${r + 1} failed with status ${child.status}`);
    process.exit(1);
  }
  results.push(JSON.parse(child.stdout));
  console.log(`run ${r + 1}: ${child.stdout.trim()}`);
}
const m = (k) => median(results.map((x) => x[k]));
console.log(`
| phase (median of ${RUNS}) | figure |
| --- | --- |
| entity index + block runs | ${m("indexSeconds").toFixed(1)} s |
| RIB load: ${(corpus.ribEntries / 1e6).toFixed(1)} M entries | ${m("ribSeconds").toFixed(1)} s (${(corpus.ribEntries / m("ribSeconds") / 1e6).toFixed(2)} M entries/s) |
| RSS after the RIB | ${(m("ribRssMb") / 1024).toFixed(2)} GB (typed arrays ${(m("stateMb") / 1024).toFixed(2)} GB) |
| updates applied: ${(m("elements") / 1e6).toFixed(1)} M elements, ${m("bins")} files | ${m("updateSeconds").toFixed(1)} s (${(m("elements") / m("updateSeconds") / 1e6).toFixed(2)} M elements/s) |
| per bin: visibility + counts | median ${m("binMedianMs").toFixed(0)} ms, max ${m("binMaxMs").toFixed(0)} ms |
| per bin: file read + counts (latency after the file arrives) | median ${m("latencyMedianMs").toFixed(0)} ms, max ${m("latencyMaxMs").toFixed(0)} ms |
| whole day (updates + every bin) | ${m("daySeconds").toFixed(1)} s |
| peak RSS | ${(m("peakRssMb") / 1024).toFixed(2)} GB |
`);
