/**
 * `nightlight report` in-process on constructed data (no ../shared): import a long CSV
 * into a store in a temporary folder, report on it, and the usage errors.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "./run-cli.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

/** 12 days of hourly probing at 1000 with a 6-hour gap on day 3, cut to 40 on day 10 for 12 hours. */
function csv(): string {
  const lines = ["time,entity,signal,value"];
  for (let h = 0; h < 12 * 24; h++) {
    if (h >= 3 * 24 && h < 3 * 24 + 6) continue;
    const value = h >= 10 * 24 && h < 10 * 24 + 12 ? 40 : 1000;
    lines.push(`${new Date(T0 + h * HOUR).toISOString()},country/IR,probing,${value}`);
  }
  return `${lines.join("\n")}\n`;
}

test("nightlight report writes report.md and probing.png for constructed data", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-report-cli-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "probing.csv");
  writeFileSync(file, csv());
  const db = join(dir, "n.db");
  assert.equal((await runCli(["import", file, "--store", db])).code, 0);
  const out = join(dir, "out");
  const r = await runCli(["report", "--entity", "country/IR", "--from", "2026-01-03", "--until", "2026-01-13", "--db", db, "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  const md = readFileSync(join(out, "report.md"), "utf8");
  assert.match(md, /^# Iran: internet outage report, 3–12 January 2026/);
  assert.match(md, /\*\*Iran: responding addresses \(active probing\) down to 4 % of ordinary levels from 11 Jan 00:00 UTC to 12:00 UTC \(12 h\)\.\*\*/);
  assert.match(md, /Data in 234 of 240 bins/);
  assert.match(md, /nightlight report --entity country\/IR --from 2026-01-03T00:00:00\.000Z --until 2026-01-13T00:00:00\.000Z/);
  assert.ok(existsSync(join(out, "probing.png")));
});

test("nightlight report refuses bad arguments with exit code 2, and says what the store holds", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-report-cli-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "probing.csv");
  writeFileSync(file, csv());
  const db = join(dir, "n.db");
  assert.equal((await runCli(["import", file, "--store", db])).code, 0);
  const noEntity = await runCli(["report", "--from", "2026-01-03", "--until", "2026-01-13", "--db", db]);
  assert.equal(noEntity.code, 2);
  assert.match(noEntity.stderr, /--entity ID is required, e.g. --entity country\/IR/);
  const backwards = await runCli(["report", "--entity", "country/IR", "--from", "2026-01-13", "--until", "2026-01-03", "--db", db]);
  assert.equal(backwards.code, 2);
  assert.match(backwards.stderr, /--until 2026-01-03 must be after --from 2026-01-13/);
  const other = await runCli(["report", "--entity", "country/MM", "--from", "2026-01-03", "--until", "2026-01-13", "--db", db, "--out", join(dir, "mm")]);
  assert.equal(other.code, 2);
  assert.match(other.stderr, /holds no signal for country\/MM/);
  assert.equal(existsSync(join(dir, "mm")), false, "nothing written");
});
