/**
 * `nightlight detect` and `nightlight report` on the same entity, window and store give
 * the same events (issue 7, defect 4): compared through both commands, detect's JSON
 * against the events table of report.md (start and end to the minute, kind, depth as
 * printed). Real series (Monash IP Observatory, Iran, November 2019: the country and a
 * province) and constructed ones (a steady series; a 6-day cut to zero that began a
 * day before the window, where report used to read too little history to see it).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { percent } from "../src/detect/format-numbers.ts";
import { runCli } from "./run-cli.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

/** Start, end, kind and depth of one event, as both commands can state them. */
type Row = readonly [start: string, end: string, kind: string, depth: string];

/** `2019-11-16T17:30:00.000Z` → `2019-11-16 17:30`, as report.md prints times. */
const minute = (iso: string): string => iso.slice(0, 16).replace("T", " ");

/** The events of `nightlight detect --format json` as rows. */
async function detectRows(db: string, entity: string, from: string, until: string): Promise<Row[]> {
  const r = await runCli(["detect", "--db", db, "--entity", entity, "--from", from, "--until", until, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { events: { start: string; end: string | null; kind: string; depth: number }[] };
  // Before issue 7 the JSON was the bare array of events.
  const events = Array.isArray(json) ? (json as typeof json.events) : json.events;
  return events.map((e) => [minute(e.start), e.end === null ? "ongoing" : minute(e.end), e.kind, percent(e.depth)]);
}

/** The events table of `nightlight report`'s report.md as rows, and its headline. */
async function reportRows(db: string, entity: string, from: string, until: string, out: string): Promise<{ rows: Row[]; headline: string }> {
  const r = await runCli(["report", "--db", db, "--entity", entity, "--from", from, "--until", until, "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  const md = readFileSync(join(out, "report.md"), "utf8");
  const rows = [...md.matchAll(/^\| \d+ \| ([\d-]+ [\d:]+) \| (ongoing|[\d-]+ [\d:]+) \| [^|]+ \| ([a-z-]+) \| ([\d.]+ %) \|/gm)].map(
    (m): Row => [m[1] ?? "", m[2] ?? "", m[3] ?? "", m[4] ?? ""],
  );
  return { rows, headline: /^\*\*(.*)\*\*$/m.exec(md)?.[1] ?? "" };
}

/** Asserts that both commands give the same events; returns them. */
async function agree(db: string, entity: string, from: string, until: string, out: string): Promise<{ rows: Row[]; headline: string }> {
  const detected = await detectRows(db, entity, from, until);
  const reported = await reportRows(db, entity, from, until, out);
  assert.deepEqual(reported.rows, detected, `${entity} ${from}–${until}: report.md's events are detect's`);
  return reported;
}

/** A long CSV of one hourly series of country/IR from T0, value per hour index. */
function hourly(signal: string, hours: number, value: (h: number) => number): string {
  const lines = ["time,entity,signal,value"];
  for (let h = 0; h < hours; h++) lines.push(`${new Date(T0 + h * HOUR).toISOString()},country/IR,${signal},${value(h)}`);
  return `${lines.join("\n")}\n`;
}

async function storeOf(dir: string, name: string, csv: string): Promise<string> {
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, csv);
  const db = join(dir, `${name}.db`);
  const r = await runCli(["import", file, "--store", db]);
  assert.equal(r.code, 0, r.stderr);
  return db;
}

test("detect and report agree on a 6-day cut that began the day before the window: one ongoing event", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-agree-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // 20 days of BGP at 1000 routed /24s, then 6 days at 0 (to the end of the data).
  const db = await storeOf(dir, "cut", hourly("bgp", 26 * 24, (h) => (h >= 20 * 24 ? 0 : 1000)));
  const inside = await agree(db, "country/IR", "2026-01-22", "2026-01-27", join(dir, "inside"));
  assert.deepEqual(inside.rows, [["2026-01-21 00:00", "ongoing", "total", "0 %"]]);
  assert.doesNotMatch(inside.headline, /no outage/);
  const around = await agree(db, "country/IR", "2026-01-15", "2026-01-27", join(dir, "around"));
  assert.deepEqual(around.rows, inside.rows);
});

test("detect and report agree on a steady series: no event, and 'no outage detected' because the data could have shown one", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-agree-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // 21 days of probing with a ±5 % daily rhythm.
  const db = await storeOf(dir, "steady", hourly("probing", 21 * 24, (h) => Math.round(1000 + 50 * Math.sin((2 * Math.PI * h) / 24))));
  const r = await agree(db, "country/IR", "2026-01-14", "2026-01-22", join(dir, "steady"));
  assert.deepEqual(r.rows, []);
  assert.match(r.headline, /^Iran: no outage detected between 14 Jan 2026 00:00 UTC and 22 Jan 2026 00:00 UTC\.$/);
});

test("detect and report agree on Monash's Iran 2019 data, for the country and for a province", { skip: sharedDataMissing() }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-agree-iran-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, "n.db");
  const imported = await runCli([
    "import", shared("outages", "monash_ipobs_irn-2019-11-11_gif.csv"), "--store", db,
    "--time-column", "time_e", "--local-epoch", "--time-zone", "+03:30", "--value-column", "connectivity",
    "--signal", "ipobs", "--entity-template", "county/IR/{name_1}/{name_2}",
    "--rollup", "region/IR/{name_1}", "--rollup", "country/IR",
  ]);
  assert.equal(imported.code, 0, imported.stderr);
  const country = await agree(db, "country/IR", "2019-11-11", "2019-11-21", join(dir, "country"));
  // monash-iran-2019.test.ts says where these come from.
  assert.deepEqual(country.rows, [["2019-11-16 17:30", "ongoing", "total", "3 %"]]);
  const fars = await agree(db, "region/IR/Fars", "2019-11-11", "2019-11-21", join(dir, "fars"));
  assert.equal(fars.rows.length, 1);
  assert.equal(fars.rows[0]?.[0], "2019-11-16 16:30", "Fars fell first, at 20:00 local");
  const ilam = await agree(db, "region/IR/Ilam", "2019-11-14", "2019-11-21", join(dir, "ilam"));
  assert.equal(ilam.rows.length, 1);
});
