#!/usr/bin/env node
// API latency benchmark (issue 8): `nightlight serve` over a store holding 30 days of
// 5-minute bins for 250 countries and 10 000 ASNs, loaded from a second process (Debian's
// `wrk` on loopback), against a floor in the same run: a bare node:http server answering
// every request with bytes it holds in memory (what HTTP on this machine costs alone).
//
//   BENCH_API_DAYS=30          days of bins in the store
//   BENCH_API_ASNS=10000       ASN series (plus every country: ~250)
//   BENCH_API_SECONDS=10       seconds per wrk run
//   BENCH_API_CONNECTIONS=1    concurrent connections per wrk run (1: the latency of one request, not queueing)
//   BENCH_API_DIR=bench/out/api   where the store is built (kept; rebuilt when the settings change)
//
// Requests pick a random entity each (a wrk Lua script), so no response is served twice
// from one client's cache and every read goes to the store. Target (issue 8): p99 ≤ 20 ms
// for one entity's 30 days, JSON and CSV, and for the events list.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, get } from "node:http";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { openStore } from "../dist/src/store/open-store.js";
import { prng } from "./routing-corpus.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DAYS = Math.max(1, Number(process.env.BENCH_API_DAYS ?? 30));
const ASNS = Math.max(1, Number(process.env.BENCH_API_ASNS ?? 10_000));
const SECONDS = Math.max(1, Number(process.env.BENCH_API_SECONDS ?? 10));
const CONNECTIONS = Math.max(1, Number(process.env.BENCH_API_CONNECTIONS ?? 1));
const DIR = resolve(ROOT, process.env.BENCH_API_DIR ?? "bench/out/api");
const BIN_MS = 300_000;
const DAY_MS = 86_400_000;
// Days end at the start of this UTC day: the requests ask for the last 30 days.
const END = Date.UTC(2026, 10, 1);
const START = END - DAYS * DAY_MS;
const TARGET_P99_MS = 20;
const log = (line) => process.stderr.write(`${line}\n`);

/** Distinct country codes and the first ASNs of the IP-to-entity packages the observatory uses. */
async function realEntities() {
  const countries = new Set();
  const lines = (file) => createInterface({ input: createReadStream(join(ROOT, "node_modules/@ip-location-db", file)) });
  for await (const line of lines("geo-whois-asn-country/geo-whois-asn-country-ipv4.csv")) {
    const cc = line.slice(line.lastIndexOf(",") + 1).trim();
    if (/^[A-Z]{2}$/.test(cc)) countries.add(cc);
  }
  const asns = new Set();
  for await (const line of lines("asn/asn-ipv4.csv")) {
    const asn = Number(line.split(",")[2]);
    if (Number.isSafeInteger(asn) && asn > 0) asns.add(asn);
    if (asns.size >= ASNS) break;
  }
  return { countries: [...countries].sort(), asns: [...asns].sort((a, b) => a - b) };
}

/** The store: one `bgp` series per entity, DAYS days of 5-minute bins, a seeded walk per series. */
async function buildStore(file, entities) {
  const settings = JSON.stringify({ DAYS, ASNS, END, version: 1 });
  const marker = `${file}.settings`;
  if (existsSync(file) && existsSync(marker) && readFileSync(marker, "utf8") === settings) return;
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const ids = [...entities.countries.map((c) => `country/${c}`), ...entities.asns.map((a) => `asn/${a}`)];
  const store = openStore(file);
  const started = Date.now();
  try {
    store.putEntities(ids.map((id) => ({ id, kind: id.slice(0, id.indexOf("/")), name: id, parent: null })));
    const source = store.defineSource({
      name: "bgp:bench", digest: "method:api-bench", kind: "observatory", parameters: { bench: "api" },
      methods: { bgp: "visible /24s (benchmark data: a seeded walk)" },
    });
    const rand = prng(8);
    const level = ids.map(() => 10 + Math.floor(rand() * 5000));
    const provenance = { collectors: ["bench"], fullFeedPeers: { v4: 40, v6: 30 }, files: [], problems: [], entityData: "bench" };
    for (let t = START; t < END; t += BIN_MS) {
      const values = ids.map((entity, i) => {
        if (rand() < 0.02) level[i] = Math.max(0, level[i] + Math.round((rand() - 0.5) * 20));
        return { entity, signal: "bgp", value: level[i] };
      });
      store.putBin(source, { time: t, stepMs: BIN_MS, values, provenance, completedAt: t + BIN_MS + 60_000 });
      if ((t + BIN_MS - START) % DAY_MS === 0) {
        store.compact(source, BIN_MS, t + BIN_MS);
        log(`api bench: store day ${(t + BIN_MS - START) / DAY_MS}/${DAYS} written (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    }
  } finally {
    store.close();
  }
  writeFileSync(marker, settings);
}

/** Starts `nightlight serve` on a free loopback port; resolves with its base URL and the child. */
async function startServe(db) {
  const child = spawn(process.execPath, [join(ROOT, "bin/nightlight.js"), "serve", "--db", db, "--port", "0", "--read-only"], { stdio: ["ignore", "ignore", "pipe"] });
  const lines = createInterface({ input: child.stderr });
  for await (const line of lines) {
    const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(line);
    if (m !== null) return { base: m[1], child };
  }
  throw new Error("nightlight serve exited before it listened");
}

/** GET on a fresh connection (fetch's pooled socket races the server's keep-alive timeout after a wrk run). */
function fetchBytes(url) {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
    }).on("error", reject);
  });
}

/** A bare HTTP server answering each path with the bytes Nightlight gave for it (the floor). */
async function startFloor(bodies) {
  const server = createServer((req, res) => {
    const body = bodies.get(req.url) ?? bodies.values().next().value;
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    res.end(body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { base: `http://127.0.0.1:${server.address().port}`, server };
}

/** A wrk Lua script requesting one of `paths` at random (seeded) per request. */
function luaScript(paths) {
  const list = paths.map((p) => `"${p}"`).join(",\n  ");
  return `math.randomseed(8)\nlocal paths = {\n  ${list}\n}\nrequest = function()\n  return wrk.format("GET", paths[math.random(#paths)])\nend\n`;
}

/**
 * Runs wrk over `paths`; p50, p90, p99 (ms) and requests/s. Asynchronously: the floor
 * server lives in this process and must answer while wrk runs.
 */
async function wrk(base, paths, name) {
  const script = join(DIR, `${name}.lua`);
  writeFileSync(script, luaScript(paths));
  const child = spawn("wrk", ["-t", "1", "-c", String(CONNECTIONS), "-d", `${SECONDS}s`, "--latency", "-s", script, base], { stdio: ["ignore", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (c) => { out.stdout += c; });
  child.stderr.on("data", (c) => { out.stderr += c; });
  const [status] = await once(child, "close");
  if (status !== 0) throw new Error(`wrk failed: ${out.stderr}`);
  const ms = (label) => {
    const m = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s)`, "m").exec(out.stdout);
    if (m === null) return Number.NaN;
    return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]];
  };
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out.stdout)?.[1] ?? Number.NaN);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out.stdout)?.[1] ?? 0);
  if (non2xx > 0) throw new Error(`${name}: ${non2xx} responses were not 2xx`);
  return { p50: ms("50"), p90: ms("90"), p99: ms("99"), rps };
}

if (spawnSync("wrk", ["--version"]).error !== undefined) {
  log("api bench: Debian's wrk is not installed (apt-get install -y wrk); skipped");
  process.exit(0);
}
mkdirSync(DIR, { recursive: true });
const entities = await realEntities();
const db = join(DIR, "api-bench.db");
await buildStore(db, entities);
const iso = (t) => new Date(t).toISOString().replace(".000Z", "Z");
const window = `from=${iso(START)}&until=${iso(END)}`;
const sample = (list, n) => list.filter((_, i) => i % Math.max(1, Math.floor(list.length / n)) === 0).slice(0, n);
const picked = [...sample(entities.countries.map((c) => `country/${c}`), 100), ...sample(entities.asns.map((a) => `asn/${a}`), 400)];
const cases = [
  { name: "series-json", what: "one entity's 30 days, /v1/series JSON", paths: picked.map((e) => `/v1/series/${e}/bgp?${window}`) },
  { name: "series-csv", what: "one entity's 30 days, /v1/series CSV", paths: picked.map((e) => `/v1/series/${e}/bgp?${window}&format=csv`) },
  {
    name: "ioda-signals", what: "one entity's 30 days, IODA /v2/signals/raw",
    paths: picked.map((e) => `/v2/signals/raw/${e}?from=${START / 1000}&until=${END / 1000}&datasource=bgp`),
  },
  { name: "events", what: "events list, /v2/outages/events (100 days of country/IR)", paths: [`/v2/outages/events?entityType=country&entityCode=IR&from=${END / 1000 - 30 * 86_400}&until=${END / 1000}`] },
];
const serve = await startServe(db);
const rows = [];
try {
  for (const c of cases) {
    // The floor serves the very bytes Nightlight answered (the first path's, for all of them).
    const bodies = new Map();
    for (const p of c.paths.slice(0, 50)) bodies.set(p, await fetchBytes(serve.base + p));
    const floor = await startFloor(bodies);
    try {
      const n = await wrk(serve.base, c.paths, c.name);
      const f = await wrk(floor.base, c.paths, `${c.name}-floor`);
      const bytes = Math.round([...bodies.values()].reduce((s, b) => s + b.length, 0) / bodies.size);
      rows.push({ ...c, n, f, bytes });
      log(`api bench: ${c.name}: p50 ${n.p50} ms, p99 ${n.p99} ms (floor ${f.p50} / ${f.p99} ms)`);
    } finally {
      floor.server.close();
    }
  }
} finally {
  serve.child.kill("SIGTERM");
}
console.log(`\nAPI latency over ${DAYS} days × ${entities.countries.length} countries + ${entities.asns.length} ASNs of 5-minute bins; wrk, ${CONNECTIONS} connections, ${SECONDS} s per run\n`);
console.log("| request | body | Nightlight p50 / p90 / p99 | req/s | floor p50 / p99 | p99 ÷ floor p99 | target p99 |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  const f2 = (x) => x.toFixed(2);
  console.log(`| ${r.what} | ${(r.bytes / 1000).toFixed(0)} kB | ${f2(r.n.p50)} / ${f2(r.n.p90)} / ${f2(r.n.p99)} ms | ${r.n.rps.toFixed(0)} | ${f2(r.f.p50)} / ${f2(r.f.p99)} ms | ${(r.n.p99 / r.f.p99).toFixed(1)} | ${r.n.p99 <= TARGET_P99_MS ? "≤" : "**>**"} ${TARGET_P99_MS} ms |`);
}
