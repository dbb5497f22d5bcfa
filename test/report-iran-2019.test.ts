/**
 * Real data through the whole pipeline: `nightlight import` of Monash IP Observatory's
 * Iran November 2019 file (../shared/data/outages/monash_ipobs_irn-2019-11-11_gif.csv,
 * see monash-iran-2019.test.ts for its provenance) into a store in a temporary folder,
 * then `nightlight report` for country/IR. Nothing derived from ../shared is kept: the
 * folder is removed after the test.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
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
