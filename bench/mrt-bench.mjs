#!/usr/bin/env node
// MRT reader benchmark (issue 2): Nightlight against Debian's `bgpdump -m` on the same
// inputs in one run, with plain decompression (zcat, bzcat, lbzip2 -dc) as the floor.
//
// Corpora: the real records of bgpdump's test files bview.20020722.2337.gz (TABLE_DUMP
// RIB, 2002) and updates.et-header.2015.gz (BGP4MP_ET updates, 2015), repeated until
// the compressed size reaches BENCH_MB (default 100) and a quarter of it:
// - gzip: the two original gzip members concatenated again and again (bgpdump, zcat and
//   Nightlight all read every member);
// - bzip2: the decompressed MRT bytes concatenated and compressed as ONE bzip2 stream
//   (Debian's bgpdump 1.6.2 stops after the first stream of a multi-stream file).
// Commands run in rounds (every command once per round, BENCH_RUNS rounds, default 3) so
// that a noisy, shared 2-core machine disturbs them alike; the table shows medians.
// Wall time from the parent; peak RSS from GNU time (`%M`), which for a command with
// children (Nightlight's lbzip2) is the largest single process, not the sum.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, openSync, closeSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DATA = resolve(ROOT, "../shared/data/mrt/bgpdump/test_data");
const OUT = join(ROOT, "bench/out");
const INPUTS = ["bview.20020722.2337.gz", "updates.et-header.2015.gz"];
const MB = 1_000_000;
const BENCH_MB = Number(process.env.BENCH_MB ?? 100);
const RUNS = Math.max(1, Math.floor(Number(process.env.BENCH_RUNS ?? 3)));
const NIGHTLIGHT = [process.execPath, join(ROOT, "bin/nightlight.js")];
// bgpdump 1.6.2 slows about 5× on some inputs from glibc trimming its heap (see
// ../shared/data/SOURCES.md): give the reference its best case.
const BGPDUMP_ENV = { MALLOC_TRIM_THRESHOLD_: "268435456", MALLOC_MMAP_THRESHOLD_: "268435456" };
const TIME = "/usr/bin/time";

function onPath(command) {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => existsSync(join(dir, command)));
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------- corpora

/** Runs a command with stdout into a file; throws on failure. */
async function runToFile(command, args, file, { input } = {}) {
  const tmp = `${file}.part`;
  const out = openSync(tmp, "w");
  const child = spawn(command, args, { stdio: [input === undefined ? "ignore" : "pipe", out, "inherit"] });
  closeSync(out);
  if (input !== undefined) {
    for await (const chunk of input()) {
      if (!child.stdin.write(chunk)) await once(child.stdin, "drain");
    }
    child.stdin.end();
  }
  const [code] = await once(child, "close");
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${code}`);
  renameSync(tmp, file);
}

/** The decompressed MRT of each input, cached. */
async function rawInputs() {
  mkdirSync(join(OUT, "src"), { recursive: true });
  const raws = [];
  for (const name of INPUTS) {
    const raw = join(OUT, "src", name.replace(/\.gz$/, ".mrt"));
    if (!existsSync(raw)) await runToFile("gzip", ["-cd", join(DATA, name)], raw);
    raws.push(raw);
  }
  return raws;
}

async function* repeatFiles(files, times) {
  for (let i = 0; i < times; i++) {
    for (const file of files) yield* createReadStream(file, { highWaterMark: 1 << 20 });
  }
}

const bzip2Compressor = () => (onPath("lbzip2") ? ["lbzip2", ["-9", "-c"]] : ["bzip2", ["-9", "-c"]]);

/**
 * Builds (or reuses) the gzip and bzip2 corpora of about `mb` compressed megabytes.
 * Returns [{ kind, file, compressed, raw, repeats }].
 */
async function buildCorpora(mb) {
  const raws = await rawInputs();
  const rawUnit = raws.reduce((n, f) => n + statSync(f).size, 0);
  const gzFiles = INPUTS.map((n) => join(DATA, n));
  const gzUnit = gzFiles.reduce((n, f) => n + statSync(f).size, 0);
  const corpora = [];

  const gzRepeats = Math.max(1, Math.round((mb * MB) / gzUnit));
  const gz = join(OUT, `corpus-${mb}MB.mrt.gz`);
  if (!existsSync(gz)) {
    console.error(`bench: building ${gz} (${gzRepeats} × the two gzip files)`);
    await runToFile("cat", [], gz, { input: () => repeatFiles(gzFiles, gzRepeats) });
  }
  corpora.push({ kind: "gzip", file: gz, compressed: statSync(gz).size, raw: rawUnit * gzRepeats, repeats: gzRepeats });

  const unitBz2 = join(OUT, "src", "unit.mrt.bz2");
  const [compressor, cargs] = bzip2Compressor();
  if (!existsSync(unitBz2)) await runToFile(compressor, cargs, unitBz2, { input: () => repeatFiles(raws, 1) });
  const bzRepeats = Math.max(1, Math.round((mb * MB) / statSync(unitBz2).size));
  const bz = join(OUT, `corpus-${mb}MB.mrt.bz2`);
  if (!existsSync(bz)) {
    console.error(`bench: building ${bz} (${bzRepeats} × the MRT bytes, one ${compressor} -9 stream)`);
    await runToFile(compressor, cargs, bz, { input: () => repeatFiles(raws, bzRepeats) });
  }
  corpora.push({ kind: "bzip2", file: bz, compressed: statSync(bz).size, raw: rawUnit * bzRepeats, repeats: bzRepeats });
  return corpora;
}

// ---------------------------------------------------------------- commands

/** The commands timed on one corpus, in the order they run in each round. */
function commandsFor(corpus) {
  const f = corpus.file;
  const floors =
    corpus.kind === "gzip"
      ? [{ id: "floor", label: "zcat (floor)", argv: ["zcat", f] }]
      : [
          { id: "floor", label: "bzcat (floor)", argv: ["bzcat", f] },
          ...(onPath("lbzip2") ? [{ id: "floor-mt", label: "lbzip2 -dc (2-thread floor)", argv: ["lbzip2", "-dc", f] }] : []),
        ];
  return [
    ...floors,
    { id: "bgpdump", label: "bgpdump -m", argv: ["bgpdump", "-m", f], env: BGPDUMP_ENV },
    { id: "dump", label: "nightlight mrt dump --format bgpdump", argv: [...NIGHTLIGHT, "mrt", "dump", "--format", "bgpdump", f] },
    { id: "stats", label: "nightlight mrt stats", argv: [...NIGHTLIGHT, "mrt", "stats", f] },
  ];
}

/** Runs one command with stdout to /dev/null: { seconds, peakMB, ok, why }. */
function timeOnce(command) {
  const useTime = existsSync(TIME);
  const timeFile = join(OUT, "time.txt");
  const argv = useTime ? [TIME, "-f", "%M", "-o", timeFile, ...command.argv] : command.argv;
  const devnull = openSync("/dev/null", "w");
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), {
    stdio: ["ignore", devnull, "pipe"],
    env: { ...process.env, ...(command.env ?? {}) },
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(devnull);
  let peakMB = null;
  if (useTime && existsSync(timeFile)) {
    const lines = readFileSync(timeFile, "utf8").trim().split("\n");
    const kb = Number(lines[lines.length - 1]);
    if (Number.isFinite(kb)) peakMB = kb / 1024;
  }
  const ok = result.status === 0;
  const stderr = (result.stderr ?? Buffer.alloc(0)).toString("utf8").trim().split("\n").filter((l) => !/logging to syslog/.test(l));
  const why = ok ? "" : result.error?.message ?? `exit ${result.status ?? result.signal}: ${stderr.slice(-1)[0] ?? ""}`;
  return { seconds, peakMB, ok, why };
}

/** Streams a command's stdout through sha256: { sha256, bytes, lines, ok, why }. */
async function hashOutput(argv, env = {}) {
  const child = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  const hash = createHash("sha256");
  let bytes = 0;
  let lines = 0;
  let stderr = "";
  child.stderr.on("data", (d) => {
    if (stderr.length < 4000) stderr += d;
  });
  child.stdout.on("data", (chunk) => {
    hash.update(chunk);
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  });
  const [code] = await once(child, "close");
  const why = code === 0 ? "" : `exit ${code}: ${stderr.trim().split("\n").filter((l) => !/syslog/.test(l)).slice(-1)[0] ?? ""}`;
  return { sha256: hash.digest("hex"), bytes, lines, ok: code === 0, why };
}

/** Element and record totals from `nightlight mrt stats --format json`, or null. */
function statsCounts(file) {
  const result = spawnSync(NIGHTLIGHT[0], [...NIGHTLIGHT.slice(1), "mrt", "stats", "--format", "json", file], { maxBuffer: 1 << 24 });
  if (result.status !== 0) return null;
  try {
    const j = JSON.parse(result.stdout.toString("utf8").trim().split("\n")[0]);
    const sum = (o) => Object.values(o ?? {}).reduce((a, b) => a + b, 0);
    return { records: sum(j.records), elements: sum(j.elements) };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- report

const fmt = (x, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(d));
const ratio = (a, b) => (a === null || b === null || a === undefined || b === undefined ? null : a / b);

function summarise(samples) {
  const good = samples.filter((s) => s.ok);
  if (good.length === 0) return { ok: false, why: samples[0]?.why ?? "not run", seconds: null, peakMB: null };
  return {
    ok: true,
    seconds: median(good.map((s) => s.seconds)),
    min: Math.min(...good.map((s) => s.seconds)),
    max: Math.max(...good.map((s) => s.seconds)),
    peakMB: good.some((s) => s.peakMB !== null) ? Math.max(...good.map((s) => s.peakMB ?? 0)) : null,
    failures: samples.length - good.length,
  };
}

async function main() {
  for (const name of INPUTS) if (!existsSync(join(DATA, name))) fail(`${join(DATA, name)} is missing: the bench needs ../shared/data`);
  for (const tool of ["zcat", "bzcat", "bgpdump"]) if (!onPath(tool)) fail(`${tool} is not on PATH: run bench/run.sh, which installs it`);
  if (!existsSync(join(ROOT, "dist/src/cli/main.js"))) fail("dist/ is missing: run `npm run bench` (it builds first)");
  if (!(BENCH_MB > 0)) fail(`BENCH_MB must be a positive number of megabytes, not ${process.env.BENCH_MB}`);
  mkdirSync(OUT, { recursive: true });

  const sizes = [BENCH_MB / 4, BENCH_MB].map((m) => Math.max(1, Math.round(m)));
  const corpora = [];
  for (const mb of sizes) corpora.push(...(await buildCorpora(mb)).map((c) => ({ ...c, mb })));
  corpora.sort((a, b) => (a.kind === b.kind ? a.mb - b.mb : a.kind < b.kind ? 1 : -1));

  console.log(`MRT reader bench: ${RUNS} run(s) per command, medians; node ${process.version}; ${new Date().toISOString()}`);
  const results = [];
  for (const corpus of corpora) {
    const commands = commandsFor(corpus);
    console.error(`bench: ${corpus.kind} ${corpus.mb} MB: ${commands.length} commands × ${RUNS} rounds`);
    const samples = new Map(commands.map((c) => [c.id, []]));
    for (let round = 0; round < RUNS; round++) {
      for (const command of commands) samples.get(command.id).push(timeOnce(command));
    }
    const counts = statsCounts(corpus.file);
    results.push({ corpus, commands: commands.map((c) => ({ ...c, ...summarise(samples.get(c.id)) })), counts });
  }

  // Output equality on the small corpora: bgpdump -m and nightlight's bgpdump format.
  const equality = [];
  for (const corpus of corpora.filter((c) => c.mb === sizes[0])) {
    console.error(`bench: comparing outputs on ${corpus.file}`);
    const [reference, ours] = await Promise.all([
      hashOutput(["bgpdump", "-m", corpus.file], BGPDUMP_ENV),
      hashOutput([...NIGHTLIGHT, "mrt", "dump", "--format", "bgpdump", corpus.file]),
    ]);
    equality.push({ corpus, reference, ours, same: reference.ok && ours.ok && reference.sha256 === ours.sha256 });
  }

  print(results, equality);
  const json = join(OUT, "results.json");
  writeFileSync(json, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs: RUNS, results, equality }, null, 1)}\n`);
  console.log(`\n(results also in ${json})`);
}

function print(results, equality) {
  for (const { corpus, commands, counts } of results) {
    console.log(
      `\n${corpus.kind} corpus ${corpus.file.replace(`${ROOT}/`, "")}: ${fmt(corpus.compressed / MB, 1)} MB compressed, ` +
        `${fmt(corpus.raw / MB, 1)} MB MRT (${corpus.repeats} repeats)` +
        (counts === null ? "" : `, ${counts.records.toLocaleString("en")} records, ${counts.elements.toLocaleString("en")} elements`),
    );
    console.log(`  ${"command".padEnd(38)} ${"median s".padStart(9)} ${"min..max s".padStart(13)} ${"peak MB".padStart(8)}  ${"MB/s MRT".padStart(8)}`);
    for (const c of commands) {
      if (!c.ok) {
        console.log(`  ${c.label.padEnd(38)} FAILED: ${c.why}`);
        continue;
      }
      const span = `${fmt(c.min)}..${fmt(c.max)}`;
      console.log(
        `  ${c.label.padEnd(38)} ${fmt(c.seconds).padStart(9)} ${span.padStart(13)} ${fmt(c.peakMB, 0).padStart(8)}  ${fmt(corpus.raw / MB / c.seconds, 0).padStart(8)}` +
          (c.failures > 0 ? `  (${c.failures} failed runs)` : ""),
      );
    }
    const by = Object.fromEntries(commands.map((c) => [c.id, c.ok ? c.seconds : null]));
    const dumpRatio = ratio(by.dump, by.bgpdump);
    const statsRatio = ratio(by.stats, by.floor);
    let line = `  → dump/bgpdump ${fmt(dumpRatio)} (target ≤ 0.50), stats/${corpus.kind === "gzip" ? "zcat" : "bzcat"} ${fmt(statsRatio)} (target ≤ 3.00)`;
    if (by["floor-mt"] !== undefined) line += `, stats/lbzip2 ${fmt(ratio(by.stats, by["floor-mt"]))}`;
    if (counts !== null && by.stats !== null) {
      line += `; stats reads ${fmt(counts.records / by.stats / 1e6)} M records/s, ${fmt(counts.elements / by.stats / 1e6)} M elements/s`;
    }
    console.log(line);
  }

  console.log("\npeak memory, small → large corpus (flat = constant memory)");
  for (const kind of ["gzip", "bzip2"]) {
    const pair = results.filter((r) => r.corpus.kind === kind).sort((a, b) => a.corpus.mb - b.corpus.mb);
    if (pair.length < 2) continue;
    const [small, large] = pair;
    for (const c of small.commands) {
      const big = large.commands.find((x) => x.id === c.id);
      console.log(
        `  ${kind.padEnd(6)} ${c.label.padEnd(38)} ${fmt(c.peakMB, 0).padStart(6)} → ${fmt(big?.peakMB, 0).padStart(6)} MB` +
          `  (input ×${fmt(large.corpus.raw / small.corpus.raw, 1)}, memory ×${fmt(ratio(big?.peakMB, c.peakMB))})`,
      );
    }
  }

  console.log("\noutput equality on the small corpora (sha256 of stdout)");
  for (const e of equality) {
    const status = !e.reference.ok
      ? `bgpdump failed (${e.reference.why})`
      : !e.ours.ok
        ? `nightlight failed (${e.ours.why})`
        : e.same
          ? "IDENTICAL"
          : "DIFFERENT";
    console.log(
      `  ${e.corpus.kind.padEnd(6)} ${status}: bgpdump ${e.reference.lines.toLocaleString("en")} lines ${e.reference.sha256.slice(0, 16)}, ` +
        `nightlight ${e.ours.lines.toLocaleString("en")} lines ${e.ours.sha256.slice(0, 16)}`,
    );
    if (!e.same && e.reference.ok && e.ours.ok) {
      console.log(`         find the first difference: cmp <(bgpdump -m ${e.corpus.file}) <(node bin/nightlight.js mrt dump ${e.corpus.file})`);
    }
  }
}

await main();
