#!/usr/bin/env node
// Store benchmark (issue 7, "A store that holds full scale"): the schema-3 store against
// the one-row-per-point layout of the last release (schema 2, efa1cfe; store-bench-legacy.mjs),
// in one run, on bins of about 240 k series shaped like a real replay's (store-bench-values.mjs:
// a real bin from the real 2023 prefixes, then a seeded perturbation).
//
//   BENCH_STORE_BINS=288       bins (day 1) written through the new store's putBin(), then compact()
//   BENCH_LEGACY_BINS=12       bins written through the legacy write path (it takes seconds a bin;
//                              its bytes per point are extrapolated to a day from its signal_point table)
//   BENCH_STORE_DAYS=30        days each read covers: days 2…30 are written for BENCH_READ_SERIES
//                              sampled series only, in both files, in their stored form (new: the
//                              chunks compact() writes; legacy: its rows), since writing 30 full days
//                              bin by bin takes hours here (the output says how long a day takes)
//   BENCH_READ_SERIES=1000     series sampled for the read test (the same ones in both files)
//   BENCH_READS=200            reads of one sampled series' whole span
//   BENCH_PROFILE_BINS=12      bins (from the 3rd) and the compaction run under V8's sampling
//                              profiler, to say where the time goes (0: none)
//   BENCH_STORE_DIR=bench/out/store   where the two files go (deleted and rewritten each run)
//
// Targets (issue 7): a bin committed in ≤ 0.1 s; ≤ 2 bytes per stored point on disk over a
// day of bins; one series' 30 days of 5-minute bins read in ≤ 10 ms.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { signalConfig } from "../dist/src/detect/signal-config.js";
import { lookBackMs as signalLookBackMs } from "../dist/src/detect/look-back.js";
import { openStore } from "../dist/src/store/open-store.js";
import { selectSqliteDriver } from "../dist/src/store/select-sqlite-driver.js";
import { encodeValues } from "../dist/src/store/value-codec.js";
import { prng } from "./routing-corpus.mjs";
import { LegacyStore } from "./store-bench-legacy.mjs";
import { BinWalk, realBin } from "./store-bench-values.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BINS = Math.max(2, Math.min(288, Number(process.env.BENCH_STORE_BINS ?? 288)));
const DAYS = Math.max(1, Number(process.env.BENCH_STORE_DAYS ?? 30));
const LEGACY_BINS = Math.max(2, Math.min(BINS, Number(process.env.BENCH_LEGACY_BINS ?? 12)));
const READ_SERIES = Math.max(1, Number(process.env.BENCH_READ_SERIES ?? 1000));
const READS = Math.max(1, Number(process.env.BENCH_READS ?? 200));
const PROFILE_BINS = Math.max(0, Number(process.env.BENCH_PROFILE_BINS ?? 12));
const DIR = resolve(ROOT, process.env.BENCH_STORE_DIR ?? "bench/out/store");
const PREFIXES = resolve(ROOT, "../shared/data/prefixes/full-table-2023-12.txt.gz");
const BIN_MS = 300_000;
const DAY_MS = 288 * BIN_MS;
const DAY0 = Date.UTC(2023, 11, 1);
const TARGET = { commitMs: 100, bytesPerPoint: 2, readMs: 10 };

const quantile = (xs, q) => {
  const s = Float64Array.from(xs).sort();
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const median = (xs) => quantile(xs, 0.5);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const log = (line) => process.stderr.write(`${line}\n`);

if (!existsSync(PREFIXES)) {
  console.log(`store bench skipped: ${PREFIXES} is absent (see ../shared/data/SOURCES.md)`);
  process.exit(0);
}
const driver = selectSqliteDriver();
if (typeof driver === "string") {
  console.log(`store bench skipped: ${driver}`);
  process.exit(0);
}

// ---------------------------------------------------------------- the real bin (cached)
/** The version of the entity data the counts depend on: cache key with the prefixes file. */
function entityDataKey() {
  const version = (name) => JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
  const st = statSync(PREFIXES);
  return createHash("sha256").update(JSON.stringify([1, st.size, st.mtimeMs, ...["@ip-location-db/asn", "@ip-location-db/geo-whois-asn-country", "geoip-lite"].map(version)])).digest("hex").slice(0, 12);
}
const started = performance.now();
mkdirSync(DIR, { recursive: true });
const cache = join(ROOT, "bench/out", `store-bench-bin-${entityDataKey()}.json.gz`);
let real;
const cached = existsSync(cache);
if (cached) real = JSON.parse(gunzipSync(readFileSync(cache)).toString("utf8"));
else {
  real = await realBin(PREFIXES);
  writeFileSync(cache, gzipSync(JSON.stringify(real)));
}
const walk = new BinWalk(real.series);
log(`real bin: ${real.series.length} series from ${real.prefixes} real prefixes (${secs(performance.now() - started)}${cached ? ", cached" : ""})`);
const kinds = {};
for (const s of real.series) {
  const k = `${s.entity.split("/")[0]} ${s.signal}`;
  kinds[k] = (kinds[k] ?? 0) + 1;
}

// The series whose values every bin are kept, for the legacy read test and to check
// that both layouts read back the same values.
const sample = [];
{
  const r = prng(30);
  const chosen = new Set();
  while (chosen.size < Math.min(READ_SERIES, walk.size)) chosen.add(Math.floor(r() * walk.size));
  for (const i of chosen) sample.push({ i, entity: walk.entity[i], signal: walk.signal[i], values: new Float64Array(DAYS * 288) });
}

/** Bytes of the file and its -wal after a TRUNCATE checkpoint, and live bytes per table (dbstat). */
function diskUse(file, tables = true) {
  const db = driver.open(file);
  try {
    db.prepare("PRAGMA wal_checkpoint(TRUNCATE)").get();
    const size = (f) => (existsSync(f) ? statSync(f).size : 0);
    const out = { file: size(file), wal: size(`${file}-wal`), freelist: 0, byTable: [] };
    const pageSize = db.prepare("PRAGMA page_size").get().page_size;
    out.freelist = db.prepare("PRAGMA freelist_count").get().freelist_count * pageSize;
    if (tables) {
      try {
        out.byTable = db.prepare("SELECT name, sum(pgsize) AS bytes, sum(payload) AS payload FROM dbstat GROUP BY name ORDER BY bytes DESC").all().map((r) => ({ ...r }));
      } catch {
        // This SQLite has no dbstat: sizes per table unknown.
      }
    }
    return out;
  } finally {
    db.close();
  }
}
const tableLine = (use) => use.byTable.slice(0, 6).map((t) => `${t.name} ${mb(t.bytes)}`).join(", ");

/** CPU ms of this process (user + system) since `from`, with the wall ms: the machine is shared. */
const clock = () => ({ wall: performance.now(), cpu: process.cpuUsage() });
const since = (c) => {
  const d = process.cpuUsage(c.cpu);
  return { wall: performance.now() - c.wall, cpu: (d.user + d.system) / 1000 };
};

/** V8's sampling profiler in this thread: where a stretch of work spends its time. */
const inspector = new Session();
inspector.connect();
await inspector.post("Profiler.enable");
async function profileStart() {
  await inspector.post("Profiler.start");
}
/** Self time per function (file:line) of the samples inside `within` (a function name), top first. */
async function profileStop(within) {
  const { profile } = await inspector.post("Profiler.stop");
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    let n = byId.get(id);
    for (let up = n; up !== undefined; up = parent.get(up.id)) {
      if (up.callFrame.functionName !== within) continue;
      const f = n.callFrame;
      const name = `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-1)[0]}`.trim();
      self.set(name, (self.get(name) ?? 0) + dt);
      total += dt;
      break;
    }
    n = undefined;
  });
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, us]) => `${name} ${((100 * us) / total).toFixed(0)} %`);
}
const profiles = { bins: [], compact: [] };

// ---------------------------------------------------------------- the new store: day 1 through putBin()
const zeroWithinMs = Math.max(signalLookBackMs(signalConfig("bgp")), signalLookBackMs(signalConfig("bgp6")));
const newFile = join(DIR, "new.db");
for (const f of [newFile, `${newFile}-wal`, `${newFile}-shm`]) rmSync(f, { force: true });
const store = openStore(newFile);
const sourceId = store.defineSource({
  name: "bgp:rrc00", digest: "method:bench", kind: "observatory", parameters: { bench: "store" },
  methods: { bgp: "visible /24s (store benchmark)", bgp6: "visible /48s (store benchmark)" },
});
// Entities first, in their own transaction (the replay names them in its first bin's).
store.putEntities(real.entities);
const fresh = { wall: [], cpu: [], points: 0, zeros: 0, compact: null, blocksUse: null, dayUse: null };
const dayStart = clock();
for (let b = 0; b < BINS; b++) {
  const time = DAY0 + b * BIN_MS;
  walk.step();
  const values = walk.values();
  for (const s of sample) s.values[b] = walk.present[s.i] === 1 ? walk.value[s.i] : 0;
  if (PROFILE_BINS > 0 && b === 2) await profileStart();
  const c = clock();
  const w = store.putBin(sourceId, {
    time, stepMs: BIN_MS, values, completedAt: Date.now(),
    provenance: { collectors: ["rrc00"], fullFeedPeers: { v4: 50, v6: 50 }, files: [`updates.${b}`], problems: [], entityData: "bench" },
    zeros: { withinMs: zeroWithinMs, signals: ["bgp", "bgp6"] },
  });
  const t = since(c);
  fresh.wall.push(t.wall);
  fresh.cpu.push(t.cpu);
  fresh.points += w.values + w.zeros;
  fresh.zeros += w.zeros;
  if (PROFILE_BINS > 0 && (b === 2 + PROFILE_BINS - 1 || (b === BINS - 1 && b >= 2 && b < 2 + PROFILE_BINS))) profiles.bins = await profileStop("putBin");
  if (b === BINS - 1) {
    fresh.blocksUse = diskUse(newFile);
    // The replay calls compact() after every bin; after the day's last one it moves the day.
    if (PROFILE_BINS > 0) await profileStart();
    const cc = clock();
    store.compact(sourceId, BIN_MS, DAY0 + DAY_MS);
    fresh.compact = since(cc);
    if (PROFILE_BINS > 0) profiles.compact = await profileStop("compact");
  } else store.compact(sourceId, BIN_MS, time + BIN_MS);
  if (b % 24 === 23) log(`new store: ${b + 1} bins, commit median ${median(fresh.wall).toFixed(0)} ms (cpu ${median(fresh.cpu).toFixed(0)} ms)`);
}
const dayTime = since(dayStart);
store.close();
fresh.dayUse = diskUse(newFile);
log(`new store: compaction ${fresh.compact.wall.toFixed(0)} ms (cpu ${fresh.compact.cpu.toFixed(0)} ms)`);

// The sampled series' days 2…DAYS: the same walk, one series at a time (each bin a move
// with probability 1 %, a drop 0.02 %, a return 1 %), seeded.
{
  const r = prng(32);
  for (const s of sample) {
    let present = walk.present[s.i] === 1;
    let value = walk.value[s.i];
    for (let k = 288; k < DAYS * 288; k++) {
      if (present && r() < 0.01) value = Math.max(1, value + (1 + Math.floor(r() * 5)) * (r() < 0.5 ? -1 : 1));
      if (present && r() < 0.0002) present = false;
      else if (!present && r() < 0.01) present = true;
      s.values[k] = present ? value : 0;
    }
  }
}

// Days 2…DAYS of the sampled series, as compact() stores them: one chunk a day, encoded
// against the previous value, the span in the series row, a compacted bin record per bin.
const fillNew = clock();
{
  const db = driver.open(newFile);
  const seriesId = db.prepare(`SELECT id FROM series WHERE entity = ? AND signal = ? AND source = ?`);
  const putChunk = db.prepare(`INSERT OR REPLACE INTO chunk (series, start, data) VALUES (?, ?, ?)`);
  const span = db.prepare(`UPDATE series SET last = ? WHERE id = ?`);
  const putBin = db.prepare(`INSERT OR IGNORE INTO bin (source, time, step_ms, completed_at, compacted, provenance) VALUES (?, ?, ?, ?, 1, ?)`);
  db.transaction(() => {
    for (const s of sample) {
      const { id } = seriesId.get(s.entity, s.signal, sourceId);
      for (let d = 1; d < DAYS; d++) putChunk.run(id, DAY0 + d * DAY_MS, Buffer.from(encodeValues(s.values.subarray(d * 288, (d + 1) * 288))));
      if (DAYS > 1) span.run(DAY0 + (DAYS * 288 - 1) * BIN_MS, id);
    }
    const provenance = JSON.stringify({ collectors: ["rrc00"], fullFeedPeers: { v4: 50, v6: 50 }, files: ["updates"], problems: [], entityData: "bench" });
    for (let k = 288; k < DAYS * 288; k++) putBin.run(sourceId, DAY0 + k * BIN_MS, BIN_MS, Date.now(), provenance);
  });
  db.close();
}
const fillNewTime = since(fillNew);

// ---------------------------------------------------------------- the legacy layout
const oldFile = join(DIR, "legacy.db");
for (const f of [oldFile, `${oldFile}-wal`, `${oldFile}-shm`]) rmSync(f, { force: true });
const legacy = new LegacyStore(oldFile);
legacy.putEntities(real.entities);
const old = { wall: [], cpu: [], points: 0, use: null, fill: null };
{
  // The same bins again: a new walk from the same seed. Every series is in the first bin,
  // so efa1cfe's binPoints() gives every series a point every bin, 0 where it is absent.
  const again = new BinWalk(real.series);
  const points = again.objects.map((o) => ({ time: 0, entity: o.entity, signal: o.signal, value: 0.5 }));
  for (let b = 0; b < LEGACY_BINS; b++) {
    const time = DAY0 + b * BIN_MS;
    again.step();
    for (let i = 0; i < points.length; i++) {
      points[i].time = time;
      points[i].value = again.present[i] === 1 ? again.value[i] : 0;
    }
    const c = clock();
    legacy.putBin(points, "bgp:rrc00", `bgp:rrc00:bin:${new Date(time).toISOString()}`, "params:bench");
    const t = since(c);
    old.wall.push(t.wall);
    old.cpu.push(t.cpu);
    old.points += points.length;
    log(`legacy: ${b + 1} bins, commit median ${median(old.wall).toFixed(0)} ms (cpu ${median(old.cpu).toFixed(0)} ms)`);
  }
}
old.use = diskUse(oldFile);
{
  // The read test: the sampled series' other bins, inserted in key order.
  const c = clock();
  const insert = legacy.db.prepare(`INSERT INTO signal_point (entity, signal, time, value, source) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const grow = legacy.db.prepare(`UPDATE series SET last = ?, points = ? WHERE entity = ? AND signal = ?`);
  legacy.transaction(() => {
    for (const s of sample) {
      // The bins the new store holds too: day 1's first BINS, then whole days.
      for (const [a, z] of [[LEGACY_BINS, BINS], [288, DAYS * 288]]) {
        for (let k = a; k < z; k++) insert.run(s.entity, s.signal, DAY0 + k * BIN_MS, s.values[k], "bgp:rrc00");
      }
      grow.run(DAY0 + (DAYS * 288 - 1) * BIN_MS, DAYS * 288 - 288 + BINS, s.entity, s.signal);
    }
  });
  old.fill = since(c);
}

// ---------------------------------------------------------------- reads
const reads = { fresh: [], old: [], freshCpu: [], oldCpu: [], mismatches: 0 };
const store2 = openStore(newFile);
{
  const r = prng(31);
  const from = DAY0;
  const until = DAY0 + DAYS * DAY_MS;
  for (let k = 0; k < READS; k++) {
    const s = sample[Math.floor(r() * sample.length)];
    // Alternate which layout reads first, so that neither always goes second.
    const order = k % 2 === 0 ? ["fresh", "old"] : ["old", "fresh"];
    const got = {};
    for (const which of order) {
      const c = clock();
      got[which] = which === "fresh"
        ? store2.getSeries({ entity: s.entity, signal: s.signal, from, until })
        : legacy.getSeries({ entity: s.entity, signal: s.signal, from, until, stepMs: BIN_MS });
      const t = since(c);
      reads[which].push(t.wall);
      reads[`${which}Cpu`].push(t.cpu);
    }
    // Both must give back what was written (the legacy file holds the later bins of the sampled series only).
    const expected = (i) => (i < BINS || i >= 288 ? s.values[i] : null);
    for (let i = 0; i < DAYS * 288; i++) {
      if (got.fresh.values[i] !== expected(i) || got.old.values[i] !== expected(i)) {
        reads.mismatches++;
        log(`read mismatch: ${s.entity} ${s.signal} bin ${i}: new ${got.fresh.values[i]}, legacy ${got.old.values[i]}, written ${s.values[i]}`);
        break;
      }
    }
  }
}
store2.close();
legacy.close();

// ---------------------------------------------------------------- report
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "–");
const row = (label, a, b, target, unit, d = 1) => {
  const met = target === null || !Number.isFinite(a) ? "" : a <= target ? "met" : "MISSED";
  return `  ${label.padEnd(50)} ${`${fmt(a, d)} ${unit}`.padStart(11)} ${`${fmt(b, d)} ${unit}`.padStart(11)} ${fmt(a / b, 3).padStart(7)}   ${target === null ? "".padEnd(9) : `≤ ${target} ${unit}`.padEnd(9)} ${met}`;
};
const max = (xs) => Math.max(...xs);
const size = (u) => u.file + u.wal;
const table = (u, name) => u.byTable.find((t) => t.name === name)?.bytes ?? Number.NaN;
// Legacy, extrapolated from its bins to a day: its point rows grow with the bins, the rest is fixed.
const oldRows = table(old.use, "signal_point");
const oldDayBytes = size(old.use) - old.use.freelist + oldRows * (288 / LEGACY_BINS - 1);
const oldBpp = oldDayBytes / (old.points * 288 / LEGACY_BINS);
const newBpp = size(fresh.dayUse) / fresh.points;
const newLive = (size(fresh.dayUse) - fresh.dayUse.freelist) / fresh.points;
const load = loadavg().map((x) => x.toFixed(1)).join(" ");
const legacyDayS = (median(old.wall) * 288) / 1000;
const perBin = (xs) => xs.slice(1);
console.log(`
store bench (issue 7): ${real.series.length} series a bin (${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(", ")})
  values: bin 1 counted from ${real.prefixes} real 2023 prefixes (routing corpus origins, real entity index);
    each later bin moves ~1 % of the series by 1–5 blocks, drops ~0.02 % (stored as 0) and brings back ~1 % of the absent (seeded)
  new store: ${BINS} bins through putBin() (${fmt(dayTime.wall / 1000, 0)} s wall, ${fmt(dayTime.cpu / 1000, 0)} s cpu, with value generation; 30 days would take ~${fmt((dayTime.wall * 30) / 60000, 0)} min), ${fresh.points} points (${fresh.zeros} zeros), then compact()
  legacy:    ${LEGACY_BINS} bins through efa1cfe's putPoints(), ${old.points} points (a day would take ~${fmt(legacyDayS / 60, 0)} min); bytes/point extrapolated to 288 bins
  read test: ${sample.length} sampled series; days 2–${DAYS} written for them only, as stored (new: chunks, ${fmt(fillNewTime.wall / 1000, 0)} s; legacy: ${fmt(old.fill.wall / 1000, 0)} s of key-order inserts)
  ${driver.name} driver, WAL, synchronous=NORMAL; load average ${load} (2 shared cores: wall times are inflated, cpu is this process's user+sys)

  ${"".padEnd(50)} ${"new".padStart(11)} ${"legacy".padStart(11)} ${"new÷old".padStart(7)}   target
${row(`bin commit, median wall (new ${BINS} bins, legacy ${LEGACY_BINS})`, median(perBin(fresh.wall)), median(perBin(old.wall)), TARGET.commitMs, "ms", 0)}
${row("bin commit, max wall", max(perBin(fresh.wall)), max(perBin(old.wall)), TARGET.commitMs, "ms", 0)}
${row("bin commit, median cpu", median(perBin(fresh.cpu)), median(perBin(old.cpu)), TARGET.commitMs, "ms", 0)}
${row("bin commit, max cpu", max(perBin(fresh.cpu)), max(perBin(old.cpu)), TARGET.commitMs, "ms", 0)}
${row("first bin (creates every series), wall", fresh.wall[0], old.wall[0], null, "ms", 0)}
${row("daily compaction (one day), wall", fresh.compact.wall, Number.NaN, null, "ms", 0)}
${row("daily compaction (one day), cpu", fresh.compact.cpu, Number.NaN, null, "ms", 0)}
${row(`bytes per point, a day (file + wal)`, newBpp, oldBpp, TARGET.bytesPerPoint, "B", 2)}
${row(`  without free pages (new: reused by the next day)`, newLive, oldBpp, TARGET.bytesPerPoint, "B", 2)}
${row(`  before compaction (bin blocks)`, size(fresh.blocksUse) / fresh.points, oldBpp, TARGET.bytesPerPoint, "B", 2)}
${row(`read one series, ${DAYS} days (${DAYS * 288} bins), median`, median(reads.fresh), median(reads.old), TARGET.readMs, "ms", 2)}
${row(`read, p99 of ${READS}`, quantile(reads.fresh, 0.99), quantile(reads.old, 0.99), TARGET.readMs, "ms", 2)}
${row("read, median cpu", median(reads.freshCpu), median(reads.oldCpu), TARGET.readMs, "ms", 2)}
${row("read, p99 cpu", quantile(reads.freshCpu, 0.99), quantile(reads.oldCpu, 0.99), TARGET.readMs, "ms", 2)}

  disk, new after ${BINS} bins, before compaction: ${mb(fresh.blocksUse.file)} + wal ${mb(fresh.blocksUse.wal)}; ${tableLine(fresh.blocksUse)}
  disk, new after compaction: ${mb(fresh.dayUse.file)} + wal ${mb(fresh.dayUse.wal)}, free pages ${mb(fresh.dayUse.freelist)}; ${tableLine(fresh.dayUse)}
  disk, legacy after ${LEGACY_BINS} bins: ${mb(old.use.file)} + wal ${mb(old.use.wal)}; ${tableLine(old.use)}; a day: ~${mb(oldDayBytes)}
  where putBin() spends its time (V8 profile of ${PROFILE_BINS} bins, self time; SQLite's own time shows as the JS function that calls it):
    ${profiles.bins.join(", ")}
  where compact() spends its time: ${profiles.compact.join(", ")}
  reads giving back other values than written: ${reads.mismatches} of ${READS} (both layouts checked)
  total ${secs(performance.now() - started)}
`);
writeFileSync(join(ROOT, "bench/out/store-results.json"), JSON.stringify({
  series: real.series.length, bins: BINS, legacyBins: LEGACY_BINS, days: DAYS, load,
  fresh: { wall: fresh.wall, cpu: fresh.cpu, points: fresh.points, compact: fresh.compact, blocksUse: fresh.blocksUse, dayUse: fresh.dayUse, bytesPerPoint: newBpp, reads: reads.fresh, readsCpu: reads.freshCpu },
  legacy: { wall: old.wall, cpu: old.cpu, points: old.points, use: old.use, bytesPerPointDay: oldBpp, reads: reads.old, readsCpu: reads.oldCpu },
  mismatches: reads.mismatches, profiles,
}, null, 2));
inspector.disconnect();
