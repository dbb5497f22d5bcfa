/**
 * Real data through the whole pipeline: `nightlight import` of Monash IP Observatory's
 * Iran November 2019 file (../shared/data/outages/monash_ipobs_irn-2019-11-11_gif.csv,
 * see monash-iran-2019.test.ts for its provenance) into a store in a temporary folder,
 * then `nightlight report` for country/IR. Nothing derived from ../shared is kept: the
 * folder is removed after the test.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { renderPng } from "../src/chart/render-png.ts";
import { runCli } from "./run-cli.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR, after checking the signature (PNG spec §5.2, §11.2.2). */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE, "PNG signature");
  assert.equal(png.toString("latin1", 12, 16), "IHDR", "first chunk is IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Imports the Monash file into `db` as report-iran-2019 and monash-iran-2019 do. */
async function importMonash(db: string): Promise<void> {
  const imported = await runCli([
    "import", shared("outages", "monash_ipobs_irn-2019-11-11_gif.csv"), "--store", db,
    "--time-column", "time_e", "--local-epoch", "--time-zone", "+03:30", "--value-column", "connectivity",
    "--signal", "ipobs", "--entity-template", "county/IR/{name_1}/{name_2}",
    "--rollup", "region/IR/{name_1}", "--rollup", "country/IR",
  ]);
  assert.equal(imported.code, 0, imported.stderr);
}

test("nightlight report on the Monash Iran 2019 data writes report.md and a PNG per signal", { skip: sharedDataMissing() }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-report-iran-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, "nightlight.db");
  const out = join(dir, "report");
  const imported = await runCli([
    "import", shared("outages", "monash_ipobs_irn-2019-11-11_gif.csv"), "--store", db,
    "--time-column", "time_e", "--local-epoch", "--time-zone", "+03:30", "--value-column", "connectivity",
    "--signal", "ipobs", "--entity-template", "county/IR/{name_1}/{name_2}",
    "--rollup", "region/IR/{name_1}", "--rollup", "country/IR",
  ]);
  assert.equal(imported.code, 0, imported.stderr);

  const report = await runCli(["report", "--entity", "country/IR", "--from", "2019-11-11", "--until", "2019-11-20T06:00Z", "--db", db, "--out", out]);
  assert.equal(report.code, 0, report.stderr);
  assert.match(report.stdout, /Wrote .*report\.md \(1 events\)/);

  const md = readFileSync(join(out, "report.md"), "utf8");
  assert.match(md, /^# Iran: internet outage report, 11–20 November 2019/);
  // The blackout began on 16 November 2019 (ARTICLE 19, NetBlocks) and outlasted the file.
  assert.match(md, /\*\*Iran: connectivity index \(IP Observatory\) down to \d+(\.\d)? % of ordinary levels since 16 Nov 1\d:\d0 UTC, still ongoing/);
  assert.match(md, /\| 1 \| 2019-11-16 1\d:\d0 \| ongoing \|/);
  assert.match(md, /county\/IR\/Khuzestan\/Ahvaz/, "the timeline names Ahvaz, cut first");

  const pngs = readdirSync(out).filter((f) => f.endsWith(".png"));
  assert.deepEqual(pngs, ["ipobs.png"]);
  const blank = Buffer.from(renderPng(`<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="600"><rect width="1200" height="600" fill="#fff"/></svg>`));
  for (const name of pngs) {
    assert.match(md, new RegExp(`!\\[[^\\]]+\\]\\(${name}\\)`), `report.md shows ${name}`);
    const png = readFileSync(join(out, name));
    assert.deepEqual(pngSize(png), { width: 1200, height: 600 });
    // Lines, text and shading compress far worse than a blank image of the same size.
    assert.ok(png.length > 10 * blank.length, `${name} is ${png.length} bytes, a blank chart ${blank.length}`);
  }
});

test("report --step 5m on Monash's hourly Iran 2019 data is refused, never 'no outage detected' (issue 7, defect 5)", { skip: sharedDataMissing() }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-report-iran-step-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, "nightlight.db");
  await importMonash(db);
  const window = ["--entity", "country/IR", "--from", "2019-11-11", "--until", "2019-11-21", "--db", db];

  // Before: 5-minute bins over hourly points, 11 % of them with data, and a headline of
  // "Iran: no outage detected between 11 and 21 November 2019" over a line falling to 3 %.
  const fine = await runCli(["report", ...window, "--step", "5m", "--out", join(dir, "fine")]);
  assert.equal(fine.code, 2, "a step finer than the stored one is a usage error");
  assert.match(fine.stderr, /--step 5 min is finer than the 1 h step country\/IR ipobs is stored at/);
  assert.doesNotMatch(fine.stdout + fine.stderr, /Iran: no outage detected/);
  assert.equal(existsSync(join(dir, "fine")), false, "nothing written");

  // At the stored step: the outage, as detect says.
  const native = await runCli(["report", ...window, "--out", join(dir, "native")]);
  assert.equal(native.code, 0, native.stderr);
  assert.match(readFileSync(join(dir, "native", "report.md"), "utf8"), /\*\*Iran: connectivity index \(IP Observatory\) down to 3 % of ordinary levels since 16 Nov 17:30 UTC, still ongoing/);
  const detect = await runCli(["detect", ...window, "--format", "json"]);
  assert.equal((JSON.parse(detect.stdout) as { verdict: string }).verdict, "outage");

  // A coarser step averages the hours with data into days on the series' own grid (20:30 UTC).
  const daily = await runCli(["report", ...window, "--step", "1d", "--out", join(dir, "daily")]);
  assert.equal(daily.code, 0, daily.stderr);
  assert.match(readFileSync(join(dir, "daily", "report.md"), "utf8"), /\*\*Iran: connectivity index \(IP Observatory\) down to \d+ % of ordinary levels since 16 Nov 20:30 UTC, still ongoing/);

  // signals reads the same way: hourly on the :30 grid by default, 5m refused.
  const hours = await runCli(["signals", "--db", db, "--entity", "country/IR", "--signal", "ipobs", "--from", "2019-11-16T16:00Z", "--until", "2019-11-16T19:00Z", "--format", "csv"]);
  assert.equal(hours.code, 0, hours.stderr);
  assert.deepEqual(hours.stdout.trim().split("\n").slice(1).map((l) => l.split(",")[0]), ["2019-11-16T16:30:00Z", "2019-11-16T17:30:00Z", "2019-11-16T18:30:00Z"]);
  const minutes = await runCli(["signals", "--db", db, "--entity", "country/IR", "--signal", "ipobs", "--from", "2019-11-16", "--until", "2019-11-17", "--step", "5m"]);
  assert.equal(minutes.code, 2);
  assert.match(minutes.stderr, /finer than the 1 h step/);
});
