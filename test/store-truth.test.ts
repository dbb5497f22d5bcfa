/**
 * Issue 7's defects 1–3 on real archives: every stored value belongs to its source and
 * method; no write replaces another source's values; no zero is invented from what
 * another source (or another year) saw; a value is never shown under a method that
 * did not compute it.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { openStore } from "../src/store/open-store.ts";
import { runCli } from "./run-cli.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const SKIP = sharedDataMissing() ?? false;
const dir = mkdtempSync(join(tmpdir(), "nightlight-truth-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const BIN = "2002-07-22T23:55Z";
const END = "2002-07-23T00:00Z";

/** A RIS-layout archive holding the real 2002 rrc00 bview as the 00:00 RIB. */
function risArchive(): string {
  const archive = join(dir, "ris");
  mkdirSync(join(archive, "rrc00", "2002.07"), { recursive: true });
  copyFileSync(shared("mrt", "bgpdump", "test_data", "bview.20020722.2337.gz"), join(archive, "rrc00", "2002.07", "bview.20020723.0000.gz"));
  return archive;
}

/** A RouteViews-layout archive with the real 2015 route-views.jinx updates after a real RIB excerpt. */
function routeViewsArchive(): string {
  const archive = join(dir, "rv");
  const base = join(archive, "route-views.jinx", "bgpdata", "2015.04");
  mkdirSync(join(base, "RIBS"), { recursive: true });
  mkdirSync(join(base, "UPDATES"), { recursive: true });
  copyFileSync(shared("mrt", "samples", "ryu_rib.20161101.0000_pick.bz2"), join(base, "RIBS", "rib.20150401.0000.bz2"));
  copyFileSync(shared("mrt", "samples", "libbgpstream_routeviews.route-views.jinx.updates.1427846400.bz2"), join(base, "UPDATES", "updates.20150401.0000.bz2"));
  return archive;
}

const replay2002 = (db: string, archive: string, ...more: string[]) =>
  runCli(["replay", "--collector", "rrc00", "--from", BIN, "--until", END, "--archive", archive, "--db", db, ...more]);

test("defect 1: an import with a bgp column for asn/80 neither replaces the replay's value nor its bin record", { skip: SKIP }, async () => {
  const db = join(dir, "d1.db");
  const archive = risArchive();
  const first = await replay2002(db, archive, "--full-feed-v4", "100000");
  assert.equal(first.code, 0, first.stderr);
  const read = async () => JSON.parse((await runCli(["signals", "--db", db, "--entity", "asn/80", "--from", BIN, "--until", END, "--format", "json"])).stdout) as { points: { value: number | null }[] };
  const replayed = (await read()).points[0]?.value;
  assert.ok(typeof replayed === "number" && replayed > 0, `asn/80 has a replayed value: ${String(replayed)}`);
  for (const [sub, value] of [["a", 1], ["b", 2]] as const) {
    mkdirSync(join(dir, sub), { recursive: true });
    const csv = join(dir, sub, "asn80.csv");
    writeFileSync(csv, `time,entity,signal,value\n${BIN},asn/80,bgp,${value}\n`);
    const imported = await runCli(["import", csv, "--db", db, "--format", "long-csv"]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.doesNotMatch(imported.stdout, /already/, "a different file of the same name is a new dataset");
  }
  assert.equal((await read()).points[0]?.value, replayed, "the observatory's own series is read first, unchanged");
  const again = await replay2002(db, archive, "--full-feed-v4", "100000");
  assert.match(again.stdout, /nothing to do/);
  const store = openStore(db, { readonly: true });
  try {
    const bySource = store.listSignals("asn/80").filter((s) => s.entity === "asn/80" && s.signal === "bgp");
    assert.deepEqual(bySource.map((s) => s.source.kind).sort(), ["import", "import", "observatory"]);
    const values = bySource.map((s) => store.getSeries({ entity: "asn/80", signal: "bgp", source: s.source.id, from: Date.parse(BIN), until: Date.parse(END) }).values[0]);
    assert.deepEqual(values.sort(), [1, 2, replayed].sort());
  } finally {
    store.close();
  }
});

test("defect 2: a 2002 rrc00 replay after a 2015 route-views.jinx replay invents no zero", { skip: SKIP }, async () => {
  const db = join(dir, "d2.db");
  const jinx = await runCli([
    "replay", "--collector", "route-views.jinx", "--from", "2015-04-01T00:00Z", "--until", "2015-04-01T00:15Z",
    "--archive", routeViewsArchive(), "--db", db, "--full-feed-v4", "0", "--visible-share", "0.01", "--kinds", "asn",
  ]);
  assert.equal(jinx.code, 0, jinx.stderr);
  const rrc00 = await replay2002(db, risArchive(), "--full-feed-v4", "100000", "--kinds", "asn");
  assert.equal(rrc00.code, 0, rrc00.stderr);
  const store = openStore(db, { readonly: true });
  try {
    const source = store.listSources().find((s) => s.name === "bgp:rrc00");
    assert.ok(source !== undefined);
    let zeros = 0;
    let values = 0;
    for (const s of store.listSignals("asn/")) {
      if (s.source.id !== source.id) continue;
      for (const v of store.getSeries({ entity: s.entity, signal: s.signal, source: source.id, from: Date.parse(BIN), until: Date.parse(END) }).values) {
        if (v === 0) zeros++;
        if (v !== null) values++;
      }
    }
    assert.ok(values > 1000, `${values} values`);
    assert.equal(zeros, 0, "the first bin of a source has no zero: nothing was seen before it");
    const jinxOnly = store.getSeries({ entity: "asn/56203", signal: "bgp", source: source.id, from: Date.parse(BIN), until: Date.parse(END) });
    assert.deepEqual(jinxOnly.values, [null]);
  } finally {
    store.close();
  }
});

test("defect 3: a replay with another method over a stored window is refused, or replaces with --replace; values keep their method", { skip: SKIP }, async () => {
  const db = join(dir, "d3.db");
  const archive = risArchive();
  const low = await replay2002(db, archive, "--full-feed-v4", "100000");
  assert.equal(low.code, 0, low.stderr);
  const lowered = await runCli(["replay", "--collector", "rrc00", "--from", BIN, "--until", END, "--archive", archive, "--db", db, "--full-feed-v4", "90000"]);
  assert.notEqual(lowered.code, 0);
  assert.match(lowered.stderr, /another method.*--replace/s);
  const json = JSON.parse((await runCli(["signals", "--db", db, "--entity", "country/US", "--from", BIN, "--until", END, "--format", "json"])).stdout) as Record<string, unknown>;
  const text = JSON.stringify(json);
  assert.match(text, /"fullFeedV4":100000/, "the value is shown with the method that made it");
  assert.doesNotMatch(text, /"fullFeedV4":90000/);
  const replaced = await runCli(["replay", "--collector", "rrc00", "--from", BIN, "--until", END, "--archive", archive, "--db", db, "--full-feed-v4", "90000", "--replace"]);
  assert.equal(replaced.code, 0, replaced.stderr);
  const after2 = JSON.stringify(JSON.parse((await runCli(["signals", "--db", db, "--entity", "country/US", "--from", BIN, "--until", END, "--format", "json"])).stdout));
  assert.match(after2, /"fullFeedV4":90000/);
  const store = openStore(db, { readonly: true });
  try {
    const old = store.listSources().find((s) => s.parameters["fullFeedV4"] === 100000);
    assert.ok(old !== undefined);
    assert.equal(store.getBins(old.id, Date.parse(BIN), Date.parse(END)).length, 0, "the old method's bin record is gone");
    assert.deepEqual(store.getSeries({ entity: "country/US", signal: "bgp", source: old.id, from: Date.parse(BIN), until: Date.parse(END) }).values, [null]);
  } finally {
    store.close();
  }
});

test("provenance of each bin is stored and shown: signals --format json and the report", { skip: SKIP }, async () => {
  const db = join(dir, "d1.db"); // written by the defect 1 test
  const json = JSON.parse((await runCli(["signals", "--db", db, "--entity", "country/US", "--from", BIN, "--until", END, "--format", "json"])).stdout) as {
    source: { name: string; digest: string; parameters: Record<string, unknown> };
    bins: { collectors: string[]; fullFeedPeers: { v4: number; v6: number }; files: string[]; problems: string[]; entityData: string }[];
  };
  assert.equal(json.source.name, "bgp:rrc00");
  assert.match(json.source.digest, /^method:[0-9a-f]{16}$/);
  assert.match(String(json.source.parameters["entityData"]), /@ip-location-db\/asn@\S+ .*geoip-lite@/);
  assert.equal(json.bins.length, 1);
  const [bin] = json.bins;
  assert.deepEqual(bin?.collectors, ["rrc00"]);
  assert.equal(bin?.fullFeedPeers.v4, 1, "one peer of 2002 holds more than 100000 routes");
  assert.deepEqual(bin?.files, ["rrc00/2002.07/bview.20020723.0000.gz"]);
  assert.equal(bin?.entityData, json.source.parameters["entityData"]);
  const out = join(dir, "report-us");
  const report = await runCli(["report", "--db", db, "--entity", "country/US", "--from", BIN, "--until", END, "--out", out]);
  assert.equal(report.code, 0, report.stderr);
  const markdown = (await import("node:fs")).readFileSync(join(out, "report.md"), "utf8");
  assert.match(markdown, /Source `bgp:rrc00` \(method `method:[0-9a-f]{16}`\)/);
  assert.match(markdown, /Bins in the window: 1 recorded from rrc00; full-feed peers per bin: IPv4 1, IPv6 0; 1 file read; no problems met; IP-to-entity data @ip-location-db/);
});

test("list names each source with its method, and each series with its step and coverage", { skip: SKIP }, async () => {
  const db = join(dir, "d1.db"); // a replay and two imports of files named asn80.csv
  const sources = await runCli(["list", "--db", db]);
  assert.equal(sources.code, 0, sources.stderr);
  const lines = sources.stdout.trim().split("\n");
  assert.equal(lines.length, 4, sources.stdout);
  assert.match(sources.stdout, /bgp:rrc00 +method:[0-9a-f]{16} +observatory +bgp \(\d+ series\)/);
  assert.equal(lines.filter((l) => /^import:asn80\.csv +sha256:[0-9a-f]{64} +import +bgp \(1 series\)/.test(l)).length, 2);
  const series = await runCli(["list", "--db", db, "--entity", "asn/80", "--format", "json"]);
  const json = JSON.parse(series.stdout) as { series: { entity: string; stepMs: number; bins: number; withData: number; source: { kind: string } }[] };
  const own = json.series.filter((s) => s.entity === "asn/80" && s.source.kind === "observatory");
  assert.deepEqual(own.map((s) => [s.stepMs, s.bins, s.withData]), [[300_000, 1, 1]]);
});
