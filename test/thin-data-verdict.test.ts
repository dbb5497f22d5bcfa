/**
 * Verdicts that refuse thin data (issue 7): a window in which the entity's signal has
 * data in 2 of 72 bins (as a 2002 replay of two RIS dumps gave for the United States)
 * is "not enough data to judge", with the figures, in detect's JSON and table and in
 * the report's headline; never "no outage detected".
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "./run-cli.ts";

const WINDOW = ["--entity", "country/US", "--from", "2002-07-22T20:00Z", "--until", "2002-07-23T02:00Z"];

test("2 bins of data in 72: detect and report say not enough data to judge, with the figures", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-thin-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const csv = join(dir, "bgp.csv");
  // Two 5-minute BGP bins, 23:35 and 23:40 UTC, in a 6-hour window of 72 such bins.
  writeFileSync(csv, "time,entity,signal,value\n2002-07-22T23:35:00Z,country/US,bgp,5000\n2002-07-22T23:40:00Z,country/US,bgp,5100\n");
  const db = join(dir, "n.db");
  assert.equal((await runCli(["import", csv, "--store", db])).code, 0);

  const json = await runCli(["detect", "--db", db, ...WINDOW, "--format", "json"]);
  assert.equal(json.code, 0, json.stderr);
  const result = JSON.parse(json.stdout) as { verdict?: string; coverage?: Record<string, unknown>[]; events?: unknown[] };
  assert.equal(result.verdict, "not-enough-data");
  assert.deepEqual(result.events, []);
  assert.equal(result.coverage?.length, 1);
  const [c] = result.coverage ?? [];
  assert.deepEqual(
    [c?.["signal"], c?.["stepMs"], c?.["bins"], c?.["withData"], c?.["judged"], c?.["warmUpMs"], c?.["historyMs"], c?.["lacking"]],
    ["bgp", 300_000, 72, 2, 0, 6 * 3_600_000, 0, "coverage"],
  );

  const table = await runCli(["detect", "--db", db, ...WINDOW]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /not enough data to judge \(bgp: data in 2 of 72 bins \(3 %\), a verdict in 0 \(50 % needed\); history before the window 0 min, warm-up needs 6 h\)/);

  const out = join(dir, "report");
  const report = await runCli(["report", "--db", db, ...WINDOW, "--out", out]);
  assert.equal(report.code, 0, report.stderr);
  const md = readFileSync(join(out, "report.md"), "utf8");
  assert.doesNotMatch(md, /no outage detected/);
  assert.match(md, /^\*\*United States: not enough data to judge between 22 Jul 2002 20:00 UTC and 23 Jul 2002 02:00 UTC \(bgp: data in 2 of 72 bins \(3 %\)/m);
  assert.match(md, /- Verdict: not enough data to judge/);
});
