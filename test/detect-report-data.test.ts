/**
 * The events of `nightlight detect --format json` equal, field for field (start, end,
 * kind, depth), the events in the data `nightlight report` writes (entityReportData),
 * and so does the verdict: real series (Monash, Iran 2019: country and province) and
 * constructed ones (a 6-day cut begun before the window, a steady series, thin data).
 * detect-report-agree.test.ts compares the two commands' printed output.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadMobileAsns } from "../src/service/load-mobile-asns.ts";
import { entityReportData } from "../src/service/entity-report-data.ts";
import { openStore } from "../src/store/open-store.ts";
import type { ReportData } from "../src/report/report-data.ts";
import { runCli } from "./run-cli.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

interface Case { readonly entity: string; readonly from: string; readonly until: string; readonly verdict: string; readonly events: number }

async function compare(db: string, c: Case): Promise<void> {
  const detect = await runCli(["detect", "--db", db, "--entity", c.entity, "--from", c.from, "--until", c.until, "--format", "json"]);
  assert.equal(detect.code, 0, detect.stderr);
  const json = JSON.parse(detect.stdout) as { verdict: string; events: { start: string; end: string | null; kind: string; depth: number }[] };
  const store = openStore(db, { readonly: true });
  let data: ReportData;
  try {
    data = entityReportData(store, { entity: c.entity, from: Date.parse(c.from), until: Date.parse(c.until), mobileAsns: loadMobileAsns() });
  } finally {
    store.close();
  }
  const fields = (events: readonly { start: string; end: string | null; kind: string; depth: number }[]) => events.map((e) => [e.start, e.end, e.kind, e.depth]);
  assert.deepEqual(fields(data.events), fields(json.events), `${c.entity} ${c.from}–${c.until}`);
  assert.equal(data.judgement?.verdict, json.verdict);
  assert.deepEqual([json.verdict, json.events.length], [c.verdict, c.events], `${c.entity} ${c.from}–${c.until}`);
}

async function storeOf(dir: string, name: string, rows: (h: number) => string[], hours: number): Promise<string> {
  const lines = ["time,entity,signal,value"];
  for (let h = 0; h < hours; h++) for (const r of rows(h)) lines.push(`${new Date(T0 + h * HOUR).toISOString()},${r}`);
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  const db = join(dir, `${name}.db`);
  assert.equal((await runCli(["import", file, "--store", db])).code, 0);
  return db;
}

test("detect's events and verdict are the report's, on constructed series", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-same-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cut = await storeOf(dir, "cut", (h) => [`country/IR,bgp,${h >= 20 * 24 ? 0 : 1000}`, `region/IR-07,bgp,${h >= 20 * 24 ? 0 : 300}`], 26 * 24);
  await compare(cut, { entity: "country/IR", from: "2026-01-22T00:00:00Z", until: "2026-01-27T00:00:00Z", verdict: "outage", events: 1 });
  await compare(cut, { entity: "region/IR-07", from: "2026-01-22T00:00:00Z", until: "2026-01-27T00:00:00Z", verdict: "outage", events: 1 });
  await compare(cut, { entity: "country/IR", from: "2026-01-05T00:00:00Z", until: "2026-01-19T00:00:00Z", verdict: "no-outage", events: 0 });
  const steady = await storeOf(dir, "steady", (h) => [`country/IR,probing,${Math.round(1000 + 50 * Math.sin((2 * Math.PI * h) / 24))}`], 21 * 24);
  await compare(steady, { entity: "country/IR", from: "2026-01-14T00:00:00Z", until: "2026-01-22T00:00:00Z", verdict: "no-outage", events: 0 });
  // Data in the first 6 hours of a 3-day window: not enough to judge.
  await compare(steady, { entity: "country/IR", from: "2026-01-21T18:00:00Z", until: "2026-01-24T18:00:00Z", verdict: "not-enough-data", events: 0 });
});

test("detect's events and verdict are the report's, on Monash's Iran 2019 data", { skip: sharedDataMissing() }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-same-iran-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, "n.db");
  const imported = await runCli([
    "import", shared("outages", "monash_ipobs_irn-2019-11-11_gif.csv"), "--store", db,
    "--time-column", "time_e", "--local-epoch", "--time-zone", "+03:30", "--value-column", "connectivity",
    "--signal", "ipobs", "--entity-template", "county/IR/{name_1}/{name_2}",
    "--rollup", "region/IR/{name_1}", "--rollup", "country/IR",
  ]);
  assert.equal(imported.code, 0, imported.stderr);
  await compare(db, { entity: "country/IR", from: "2019-11-11T00:00:00Z", until: "2019-11-21T00:00:00Z", verdict: "outage", events: 1 });
  await compare(db, { entity: "region/IR/Fars", from: "2019-11-11T00:00:00Z", until: "2019-11-21T00:00:00Z", verdict: "outage", events: 1 });
  await compare(db, { entity: "region/IR/Tehran", from: "2019-11-12T00:00:00Z", until: "2019-11-16T00:00:00Z", verdict: "no-outage", events: 0 });
});
