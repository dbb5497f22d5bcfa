/**
 * `nightlight replay` fails loudly when it computed nothing (issue 7, defect 6): exit 1
 * with the reason (no RIB: the paths tried; no full-feed peer: the largest table and the
 * flag that lowers the threshold), exit 2 for what is refused before any download (an
 * unknown collector, a window in the future, an --archive folder that does not exist or
 * is a file), exit 3 for partial data, exit 0 only when every bin was computed.
 *
 * The real RIS bview of 2002-07-22 23:37 sits in a RIS-layout folder as the next
 * 8-hourly slot, rrc00/2002.07/bview.20020723.0000.gz (as in replay-bview-2002.test.ts).
 * Its largest table, counted here from bgpdump's own text of the file, is far below
 * the default full-feed threshold of 400 000 IPv4 routes.
 */
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { replaySettings } from "../src/cli/replay.ts";
import { UsageError } from "../src/model/errors.ts";
import { openInput } from "../src/mrt/open-input.ts";
import { BlockAttribution } from "../src/routing/block-attribution.ts";
import { replayBgp, type ReplayFile } from "../src/routing/replay-bgp.ts";
import { runCli } from "./run-cli.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const SKIP = sharedDataMissing() ?? false;
const BVIEW = "mrt/bgpdump/test_data/bview.20020722.2337.gz";
const EXPECT = "mrt/bgpdump/test_expect/bview.20020722.2337.gz.bgp.gz";
const dir = mkdtempSync(join(tmpdir(), "nightlight-replay-exit-"));
const archive = join(dir, "archive");
const empty = join(dir, "empty");
const WINDOW = ["--collector", "rrc00", "--from", "2002-07-22T23:55Z", "--until", "2002-07-23T00:00Z"];
let dbs = 0;
const db = (): string => join(dir, `run${++dbs}.db`);
/** The largest table of the bview by bgpdump's text: peer IP, peer AS, distinct prefixes. */
let largest = { ip: "", asn: "", routes: 0 };

before(() => {
  mkdirSync(empty);
  if (SKIP !== false) return;
  mkdirSync(join(archive, "rrc00", "2002.07"), { recursive: true });
  copyFileSync(shared(BVIEW), join(archive, "rrc00", "2002.07", "bview.20020723.0000.gz"));
  // `TABLE_DUMP|time|B|peer IP|peer AS|prefix|path|…`, one line per (peer, prefix).
  const perPeer = new Map<string, Set<string>>();
  for (const line of gunzipSync(readFileSync(shared(EXPECT))).toString("utf8").split("\n")) {
    const f = line.split("|");
    if (f.length < 6) continue;
    const key = `${f[3]}|${f[4]}`;
    perPeer.set(key, (perPeer.get(key) ?? new Set()).add(f[5]!));
  }
  const [key, prefixes] = [...perPeer].sort((a, b) => b[1].size - a[1].size)[0]!;
  const [ip = "", asn = ""] = key.split("|");
  largest = { ip, asn, routes: prefixes.size };
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("the 2002 bview under the default threshold: exit 1, naming the largest table and --full-feed-v4", { skip: SKIP }, async () => {
  assert.ok(largest.routes > 100_000 && largest.routes < 400_000, `largest table ${largest.routes}`);
  const r = await runCli(["replay", ...WINDOW, "--archive", archive, "--db", db()]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /nothing computed for bgp:rrc00 from 2002-07-22T23:55Z until 2002-07-23T00:00Z \(1 bin\)/);
  assert.ok(r.stderr.includes(`largest IPv4 table held ${largest.routes} routes (rrc00 peer ${largest.ip} AS${largest.asn}`), r.stderr);
  assert.match(r.stderr, /--full-feed-v4 400000/);
  assert.match(r.stderr, /Lower the thresholds with --full-feed-v4 N/);
  assert.match(r.stdout, /Replayed 1 bins .* 1 without data/);
});

test("the 2002 bview with --full-feed-v4 100000: every bin computed, exit 0", { skip: SKIP }, async () => {
  const r = await runCli(["replay", ...WINDOW, "--full-feed-v4", "100000", "--archive", archive, "--db", db()]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Replayed 1 bins .*: 1 written \([1-9]\d* points\), 0 without data; .*counted IPv4 in 1 bins/);
  assert.doesNotMatch(r.stderr, /warning/);
});

test("partial data: the bview's bin computed, the next two without their updates files: exit 3 and a warning", { skip: SKIP }, async () => {
  const r = await runCli(["replay", "--collector", "rrc00", "--from", "2002-07-22T23:55Z", "--until", "2002-07-23T00:10Z", "--full-feed-v4", "100000", "--archive", archive, "--db", db()]);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /updates\.20020723\.0000\.gz is missing/);
  assert.match(r.stderr, /partial data \(exit status 3\):\n {2}2 of 3 bins without data \(2002-07-23T00:00Z–2002-07-23T00:10Z\)/);
  assert.match(r.stdout, /Replayed 3 bins .*: 1 written .* 2 without data; 1 files read, 2 problems/);
});

test("an archive folder without the collector's RIBs: exit 1, listing the RIB paths tried", async () => {
  const r = await runCli(["replay", ...WINDOW, "--archive", empty, "--db", db()]);
  assert.equal(r.code, 1, r.stderr);
  // The RIB at the end of the bin and two 8-hour periods back (docs/archives.md).
  assert.ok(
    r.stderr.includes(`no RIB found for rrc00 in ${empty}: tried rrc00/2002.07/bview.20020723.0000.gz (missing), rrc00/2002.07/bview.20020722.1600.gz (missing), rrc00/2002.07/bview.20020722.0800.gz (missing)`),
    r.stderr,
  );
});

test("an archive folder that does not exist, or a file: refused naming the path (exit 2), no store created", async () => {
  const missing = join(dir, "no-such-archive");
  const file = join(dir, "a-file");
  writeFileSync(file, "not an archive\n");
  for (const [path, reason] of [[missing, "does not exist"], [file, "is a file, not a folder"]] as const) {
    const store = db();
    const r = await runCli(["replay", ...WINDOW, "--archive", path, "--db", store]);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(r.stderr.includes(`${path} ${reason}`), r.stderr);
    assert.equal(existsSync(store), false, "refused before the store is opened");
  }
});

test("--collector rrc99: a usage error listing the known collectors (exit 2)", async () => {
  const r = await runCli(["replay", "--collector", "rrc99", "--from", "2002-07-22T23:55Z", "--until", "2002-07-23T00:00Z", "--archive", empty, "--db", db()]);
  assert.equal(r.code, 2, r.stderr);
  const message = r.stderr.split("\n")[0] ?? "";
  assert.match(message, /Unknown collector "rrc99": RIPE RIS has rrc00, rrc01, .*rrc16, rrc18, .*rrc26; RouteViews has route-views2/);
  assert.doesNotMatch(message, /rrc17/);
});

test("a window in 2030 is refused before any download, naming the window and now (exit 2)", async () => {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const r = await runCli(["replay", "--from", "2030-01-01", "--until", "2030-01-02", "--archive", base, "--cache", join(dir, "cache"), "--db", db()]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /the window 2030-01-01T00:00Z – 2030-01-02T00:00Z ends after now \(\d{4}-\d\d-\d\dT\d\d:\d\dZ\)/);
    assert.deepEqual(hits, []);
  } finally {
    server.close();
  }
});

test("replaySettings() refuses a window ending after the injected now, and takes one ending at it", () => {
  const now = Date.UTC(2026, 10, 23, 13, 7, 30);
  assert.throws(
    () => replaySettings(["--from", "2026-11-23T12:00Z", "--until", "2026-11-23T13:10Z"], now),
    (e: unknown) => e instanceof UsageError && e.message.includes("2026-11-23T12:00Z – 2026-11-23T13:10Z ends after now (2026-11-23T13:07Z)"),
  );
  const s = replaySettings(["--from", "2026-11-23T12:00Z", "--until", "2026-11-23T13:05Z"], now);
  assert.equal(s.until, Date.UTC(2026, 10, 23, 13, 5));
});

const NO_PLACES = new BlockAttribution(
  { first: Float64Array.of(0), country: Int32Array.of(-1), region: Int32Array.of(-1) },
  { first: Float64Array.of(0), country: Int32Array.of(-1), region: Int32Array.of(-1) },
  [],
  [],
);

test("replayBgp()'s summary: the RIBs tried with their outcome, the largest table, full-feed peers and bins per family", { skip: SKIP }, async () => {
  const at = (iso: string): number => Date.parse(iso);
  const rib = (path: string, time: string): ReplayFile => ({ collector: "rrc00", kind: "rib", path, start: at(time), end: at(time) });
  const damagedPath = join(dir, "half.gz");
  const bview = readFileSync(shared(BVIEW));
  writeFileSync(damagedPath, bview.subarray(0, bview.length >> 1));
  const replay = (ribs: ReplayFile[]) => replayBgp([{ collector: "rrc00", updates: [], ribs }], {
    from: at("2002-07-22T23:55Z"), until: at("2002-07-23T00:05Z"), attribution: NO_PLACES,
    visibility: { fullFeedV4: largest.routes - 1 },
    open: async (f) => f.path === "missing" ? null : { name: f.path, chunks: await openInput(f.path === "damaged" ? damagedPath : shared(BVIEW)) },
    onBin: () => undefined,
  });

  // The newest candidate cut in half (damaged), the next missing, the third whole but
  // 16 h old with no updates after it: a state, but no data for the bins.
  const stale = await replay([rib("damaged", "2002-07-23T00:00Z"), rib("missing", "2002-07-22T16:00Z"), rib("whole", "2002-07-22T08:00Z")]);
  assert.deepEqual(stale.starts, [{
    collector: "rrc00", startTime: at("2002-07-22T08:00Z"),
    ribsTried: [{ path: "damaged", outcome: "damaged" }, { path: "missing", outcome: "missing" }, { path: "whole", outcome: "read" }],
  }]);
  assert.deepEqual([stale.bins, stale.binsWithData, stale.binsCounted, stale.largest, stale.fullFeedPeers], [2, 0, 0, { 4: null, 6: null }, { 4: null, 6: null }]);
  assert.deepEqual(stale.uncounted, [[at("2002-07-22T23:55Z"), at("2002-07-23T00:05Z")]]);

  // The whole bview at the end of the first bin: that bin counted, the next without its updates.
  const fresh = await replay([rib("whole", "2002-07-23T00:00Z")]);
  assert.deepEqual([fresh.bins, fresh.binsWithData, fresh.binsCounted, fresh.binsCountedByFamily], [2, 1, 1, { 4: 1, 6: 0 }]);
  assert.deepEqual(fresh.binsByCollector, { rrc00: 1 });
  assert.deepEqual(fresh.uncounted, [[at("2002-07-23T00:00Z"), at("2002-07-23T00:05Z")]]);
  assert.deepEqual(fresh.largest, { 4: { routes: largest.routes, collector: "rrc00", peerIp: largest.ip, peerAsn: Number(largest.asn), time: at("2002-07-22T23:55Z") }, 6: null });
  assert.deepEqual(fresh.fullFeedPeers, { 4: { min: 1, max: 1 }, 6: { min: 0, max: 0 } });
});

// The bin above is recorded in the store although nothing was counted (onBin marks every
// bin with a collector's data as ingested), so the same command run again says "nothing
// to do" and exits 0. Left to the store redesign, which owns onBin.
test("running the no-full-feed replay again still exits 1: a bin without counts is not recorded", { skip: SKIP }, async () => {
  const store = db();
  const first = await runCli(["replay", ...WINDOW, "--archive", archive, "--db", store]);
  assert.equal(first.code, 1, first.stderr);
  const again = await runCli(["replay", ...WINDOW, "--archive", archive, "--db", store]);
  assert.equal(again.code, 1, again.stdout);
});
