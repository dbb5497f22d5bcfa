#!/usr/bin/env node
// `nightlight serve` while it ingests (issue 8): the API's latency from a second process,
// and the serve process's memory, with three collectors of rrc00's size.
//
// The archive: bench/routing-corpus.mjs's rrc00-size corpus (real 2023 prefixes: a bview of
// BENCH_PEERS peers and a day of updates) laid out three times, as rrc00, rrc25 and rrc26
// (folder links: three collectors' worth of peers, routes and files). serve ingests the
// window [day, day + BENCH_SERVE_BINS bins) of it from that local folder, once with the
// ingest in the serve thread (NIGHTLIGHT_INGEST_THREAD=main) and once in its worker thread
// (the default), while this process asks, one request at a time without pause,
// /v1/sources, /v1/series/country/DE/bgp and /v2/signals/raw/country/DE. The table shows
// the /v1 routes (what the ingest does to the API); /v2/signals/raw is shown apart: it
// lists every series of the store (IODA's datasource names), which takes seconds of its
// own on a store of 240 k series with a day's bins not yet compacted, whatever the ingest.
//
//   BENCH_PEERS=50  BENCH_SEE=0.995  BENCH_UPDATES=20e6   the corpus (see routing-bench.mjs)
//   BENCH_SERVE_BINS=36    bins of the window (3 h)        BENCH_SERVE_MODES=main,worker
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { request } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCorpus } from "./routing-corpus.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PEERS = Number(process.env.BENCH_PEERS ?? 50);
const SEE = Number(process.env.BENCH_SEE ?? 0.995);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 20e6);
const BINS = Number(process.env.BENCH_SERVE_BINS ?? 36);
const MODES = (process.env.BENCH_SERVE_MODES ?? "main,worker").split(",");
const COLLECTORS = ["rrc00", "rrc25", "rrc26"];

const corpus = await buildCorpus({ out: join(ROOT, "bench/out"), prefixesFile: resolve(ROOT, "../shared/data/prefixes/full-table-2023-12.txt.gz"), peers: PEERS, see: SEE, updates: UPDATES });
const archive = join(corpus.dir, "serve-archive");
mkdirSync(archive, { recursive: true });
for (const c of COLLECTORS) {
  const link = join(archive, c);
  if (!existsSync(link)) symlinkSync(join(corpus.dir, "rrc00"), link, "dir");
}
const iso = (t) => new Date(t).toISOString().replace(":00.000Z", "Z");
const from = corpus.day;
const until = corpus.day + BINS * 300_000;
console.log(`corpus: ${corpus.prefixes} real prefixes, ${PEERS} peers, ${(corpus.ribEntries / 1e6).toFixed(1)} M RIB entries per collector; 3 collectors (${COLLECTORS.join(", ")}); window ${iso(from)} – ${iso(until)} (${BINS} bins)`);

/** One GET on a fresh connection: status and milliseconds. */
function get(url) {
  return new Promise((done) => {
    const t = performance.now();
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      res.on("end", () => done({ status: res.statusCode, ms: performance.now() - t }));
    });
    req.on("error", () => done({ status: 0, ms: performance.now() - t }));
    req.end();
  });
}

/** Resident memory of `pid` now, MB. */
function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m === null ? 0 : Number(m[1]) / 1024;
  } catch {
    return 0;
  }
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function runMode(mode) {
  const db = join(ROOT, `bench/out/serve-${mode}.db`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const args = ["bin/nightlight.js", "serve", "--db", db, "--port", "0", "--archive", archive, "--from", iso(from), "--until", iso(until), ...COLLECTORS.flatMap((c) => ["--collector", c])];
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT, stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NIGHTLIGHT_INGEST_THREAD: mode, NIGHTLIGHT_CLOCK: `${iso(until + 86_400_000)}@1` },
  });
  let stderr = "";
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(child.pid))), 250);
  const base = await new Promise((done, fail) => {
    child.stderr.on("data", (c) => {
      stderr += c.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stderr)?.[0];
      if (url !== undefined) done(url);
    });
    child.once("exit", (code) => fail(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const latencies = { sources: [], series: [], ioda: [] };
  const paths = {
    sources: "v1/sources",
    series: `v1/series/country/DE/bgp?from=${iso(from)}&until=${iso(until)}`,
    ioda: `v2/signals/raw/country/DE?from=${from / 1000}&until=${until / 1000}&datasource=bgp`,
  };
  let done = false;
  let stoppedAt = 0;
  const slow = [];
  while (!done) {
    for (const [k, p] of Object.entries(paths)) {
      const r = await get(base + p);
      latencies[k].push(r.ms);
      if (r.ms > 1000) slow.push(`${((performance.now() - started) / 1000).toFixed(1)} s: ${k} ${r.ms.toFixed(0)} ms (${r.status})`);
    }
    const health = await new Promise((ok) => {
      const req = request(`${base}v1/sources`, { agent: false }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => ok(JSON.parse(body).health ?? []));
      });
      req.on("error", () => ok([]));
      req.end();
    });
    done = health.length === COLLECTORS.length && health.every((h) => h.state === "stopped");
    if (done) stoppedAt = performance.now();
  }
  clearInterval(sampler);
  child.kill("SIGTERM");
  await new Promise((ok) => child.once("exit", ok));
  const all = [...latencies.sources, ...latencies.series];
  if (process.env.BENCH_VERBOSE === "1") console.log(`slow requests (${mode}):\n  ${slow.join("\n  ")}\nserve's stderr:\n${stderr}`);
  return {
    mode, seconds: (stoppedAt - started) / 1000, requests: all.length, peakRssMb: peak, stateMb: 0,
    p50: quantile(all, 0.5), p99: quantile(all, 0.99), max: Math.max(...all),
    byRoute: Object.fromEntries(Object.entries(latencies).map(([k, xs]) => [k, { p50: quantile(xs, 0.5), p99: quantile(xs, 0.99), max: Math.max(...xs) }])),
  };
}

const results = [];
for (const mode of MODES) {
  const r = await runMode(mode);
  results.push(r);
  console.log(`ingest in the ${mode === "main" ? "serve thread" : "worker thread"}: ${BINS} bins of 3 collectors in ${r.seconds.toFixed(0)} s, peak RSS ${(r.peakRssMb / 1024).toFixed(2)} GB; ${r.requests} /v1 requests: p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(0)} ms, max ${r.max.toFixed(0)} ms`);
  for (const [k, v] of Object.entries(r.byRoute)) console.log(`    ${k.padEnd(8)} p50 ${v.p50.toFixed(1)} ms  p99 ${v.p99.toFixed(0)} ms  max ${v.max.toFixed(0)} ms`);
}
const main = results.find((r) => r.mode === "main");
const worker = results.find((r) => r.mode === "worker");
if (main !== undefined && worker !== undefined) {
  console.log(`\n| /v1 latency while 3 collectors ingest | serve thread | worker thread | worker ÷ serve thread |
| --- | --- | --- | --- |
| p50 | ${main.p50.toFixed(1)} ms | ${worker.p50.toFixed(1)} ms | ${(worker.p50 / main.p50).toFixed(2)} |
| p99 | ${main.p99.toFixed(0)} ms | ${worker.p99.toFixed(0)} ms | ${(worker.p99 / main.p99).toFixed(2)} |
| max | ${main.max.toFixed(0)} ms | ${worker.max.toFixed(0)} ms | ${(worker.max / main.max).toFixed(2)} |
| ingest of ${BINS} bins | ${main.seconds.toFixed(0)} s | ${worker.seconds.toFixed(0)} s | ${(worker.seconds / main.seconds).toFixed(2)} |
| peak RSS of serve | ${(main.peakRssMb / 1024).toFixed(2)} GB | ${(worker.peakRssMb / 1024).toFixed(2)} GB | |`);
}
