/**
 * `nightlight import` then `nightlight detect`, in-process against a real store in a
 * temporary folder: importing the same file twice changes nothing, and detect prints
 * the JSON the issue asks for: the verdict, its figures and the events.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { main } from "../src/cli/main.ts";
import { openStore } from "../src/store/open-store.ts";

async function run(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await main(args, { stdin: new PassThrough(), stdout, stderr });
  return { code, out, err };
}

/** 20 days of hourly probing at 1000, cut to 40 on day 15 for 12 hours. */
function csv(): string {
  const lines = ["time,entity,signal,value"];
  const t0 = Date.UTC(2026, 0, 1);
  for (let h = 0; h < 20 * 24; h++) {
    const value = h >= 15 * 24 && h < 15 * 24 + 12 ? 40 : 1000;
    lines.push(`${new Date(t0 + h * 3_600_000).toISOString()},country/IR,probing,${value}`);
  }
  return `${lines.join("\n")}\n`;
}

test("nightlight import twice changes nothing; nightlight detect prints the event as JSON", async () => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-import-"));
  try {
    const file = join(dir, "probing.csv");
    const db = join(dir, "n.db");
    writeFileSync(file, csv());
    const first = await run(["import", file, "--db", db]);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Imported 480 points/);
    const second = await run(["import", file, "--store", db, "--format", "long-csv"]);
    assert.equal(second.code, 0, second.err);
    assert.match(second.out, /already in .* nothing to do/);
    const store = openStore(db, { readonly: true });
    try {
      assert.deepEqual(store.listSignals().map((s) => [s.entity, s.signal, s.source.kind]), [["country/IR", "probing", "import"]]);
      const series = store.getSeries({ entity: "country/IR", signal: "probing", from: 0, until: Date.UTC(2027, 0) });
      assert.equal(series.values.filter((v) => v !== null).length, 480);
    } finally {
      store.close();
    }
    const detect = await run(["detect", "--db", db, "--entity", "country/IR", "--from", "2026-01-10T00:00Z", "--until", "2026-01-21T00:00Z", "--format", "json"]);
    assert.equal(detect.code, 0, detect.err);
    const result = JSON.parse(detect.out) as { verdict: string; events: Record<string, unknown>[] };
    assert.equal(result.verdict, "outage");
    const events = result.events;
    assert.equal(events.length, 1);
    const [e] = events;
    for (const key of ["entity", "start", "end", "kind", "depth", "score", "signals", "phases", "timeline", "explanation"]) {
      assert.ok(e !== undefined && key in e, key);
    }
    assert.equal(e?.["start"], "2026-01-16T00:00:00.000Z");
    assert.equal(e?.["end"], "2026-01-16T12:00:00.000Z");
    assert.equal(e?.["depth"], 0.04);
    const usage = await run(["detect", "--db", db, "--from", "2026-01-10"]);
    assert.equal(usage.code, 2);
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "time,entity,signal,value\n2026-01-01T00:00Z,country/IR,probing,abc\n");
    const failed = await run(["import", bad, "--store", db]);
    assert.equal(failed.code, 1);
    assert.match(failed.err, /Cannot read bad\.csv line 2 column value: 'abc' is not a number/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("nightlight detect --config overrides a signal's levels; a bad config is a usage error naming the key", async () => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-config-"));
  try {
    const file = join(dir, "probing.csv");
    const db = join(dir, "n.db");
    writeFileSync(file, csv());
    assert.equal((await run(["import", file, "--db", db])).code, 0);
    const window = ["--entity", "country/IR", "--from", "2026-01-10T00:00Z", "--until", "2026-01-21T00:00Z", "--format", "json"];
    // The cut is at 4 % of the baseline: with the critical level at 2 % it is no event.
    const strict = join(dir, "strict.json");
    writeFileSync(strict, JSON.stringify({ signals: { probing: { critical: 0.02, warning: 0.03 } } }));
    const none = await run(["detect", "--db", db, "--config", strict, ...window]);
    assert.equal(none.code, 0, none.err);
    const quiet = JSON.parse(none.out) as { verdict: string; events: unknown[] };
    assert.deepEqual(quiet.events, []);
    assert.equal(quiet.verdict, "no-outage", "11 days of hourly data with a verdict: the data could have shown an outage");
    const loose = join(dir, "loose.json");
    writeFileSync(loose, JSON.stringify({ signals: { probing: { critical: 0.05 } } }));
    const one = await run(["detect", "--db", db, "--config", loose, ...window]);
    assert.equal((JSON.parse(one.out) as { events: unknown[] }).events.length, 1);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ signals: { probing: { critcal: 0.5 } } }));
    const refused = await run(["detect", "--db", db, "--config", bad, ...window]);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /bad\.json: unknown key "critcal" in signals\.probing/);
    // The bare form of earlier versions says where its settings go now.
    const bare = join(dir, "bare.json");
    writeFileSync(bare, JSON.stringify({ probing: { critical: 0.05 } }));
    const old = await run(["detect", "--db", db, "--config", bare, ...window]);
    assert.equal(old.code, 2);
    assert.match(old.err, /bare\.json: "probing" is not a section: per-signal detection settings go under "signals"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
