/**
 * Real data: Monash IP Observatory's hourly connectivity index per Iranian county,
 * 11–20 November 2019 (`../shared/data/outages/monash_ipobs_irn-2019-11-11_gif.csv`,
 * sodalabsio/shared_data @ 11b0f429, GPL-3.0; column notes in monash_ipobs_README.md).
 *
 * Imported as a long CSV: `time_e` is an epoch number that counts *local* time
 * (Kepler.gl quirk, README), Iran was at UTC+3:30 in November 2019 (no DST after
 * 21 September); counties become `county/IR/{name_1}/{name_2}`, provinces
 * `region/IR/{name_1}` and the country `country/IR`, each the mean of its counties.
 *
 * Where the expected values come from:
 * - Row, county and province counts, and the time range: the README ("16,279
 *   records", "30 provinces", "73 counties", "11-Nov-2019 00:00 to 20-Nov-2019 06:00").
 * - The times, the depth and the order of provinces: computed independently of
 *   Nightlight from the file (hourly mean of the county indices per province and for
 *   the country, with a spreadsheet-style pass: the first hour below 80 % / 50 % of
 *   the mean of the days before), and stated here as numbers:
 *     country mean: 88.1 at 16 Nov 20:00 local (16:30 UTC), 66.8 at 21:00 (17:30 UTC),
 *     15.5 at 22:00 (18:30 UTC); lowest 3.11 at 20 Nov 00:00 local (19 Nov 20:30 UTC);
 *     Fars province mean 38.7 at 20:00 local (16:30 UTC), Lorestan 34 at 21:00 local
 *     (17:30 UTC), the 27 others but Ilam below 50 at 22:00 local (18:30 UTC); Ilam last,
 *     below 50 % of its baseline only at 17 Nov 04:00 local (00:30 UTC).
 * - Public accounts agree on the shape: the blackout lasted 16–23 November 2019
 *   (Wikipedia, "2019 Internet blackout in Iran"), so it is still ongoing when this
 *   file ends on 20 November; NetBlocks put connectivity at about 5–7 % of ordinary
 *   levels and the Internet Society at 4–5 %, matching the 3 % depth of this index;
 *   ARTICLE 19 ("Tightening the Net 2020") reports Ahvaz cut first, in the early hours
 *   of 16 November, and Ahvaz is the first county in the timeline.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { detectEvents } from "../src/detect/detect-events.ts";
import { importSignals } from "../src/signals/import-signals.ts";
import { toSeries } from "../src/signals/to-series.ts";

/** The repository root: the nearest folder above this file with a package.json. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return dir;
}

const FILE = join(repoRoot(), "..", "shared", "data", "outages", "monash_ipobs_irn-2019-11-11_gif.csv");
const HOUR = 3_600_000;

function load() {
  return importSignals(readFileSync(FILE, "utf8"), {
    file: "monash_ipobs_irn-2019-11-11_gif.csv",
    format: "long-csv",
    timeColumn: "time_e",
    localEpoch: true,
    timeZone: "+03:30",
    valueColumn: "connectivity",
    signal: "ipobs",
    entityTemplate: "county/IR/{name_1}/{name_2}",
    rollups: ["region/IR/{name_1}", "country/IR"],
  });
}

test("Monash Iran 2019: imports 16,279 county rows as county, province and country series", { skip: !existsSync(FILE) && `${FILE} is missing` }, () => {
  const r = load();
  assert.equal(r.rows, 16_279);
  assert.equal(r.duplicates, 0);
  assert.equal(r.entities.filter((e) => e.startsWith("county/")).length, 73);
  assert.equal(r.entities.filter((e) => e.startsWith("region/")).length, 30);
  assert.ok(r.entities.includes("country/IR"));
  const country = toSeries(r.points).find((s) => s.entity === "country/IR");
  // 11 Nov 00:00 to 20 Nov 06:00 local = 10 Nov 20:30 to 20 Nov 02:30 UTC, hourly.
  assert.equal(country?.start, Date.UTC(2019, 10, 10, 20, 30));
  assert.equal(country?.stepMs, HOUR);
  assert.equal(country?.values.length, 223);
  // time_e read as local time gives the same instants as time_e_str read in Asia/Tehran.
  const fromText = importSignals(readFileSync(FILE, "utf8"), {
    file: "monash.csv", format: "long-csv", timeColumn: "time_e_str", timeZone: "Asia/Tehran",
    valueColumn: "connectivity", signal: "ipobs", entityTemplate: "county/IR/{name_1}/{name_2}",
  });
  assert.equal(fromText.points[0]?.time, Date.UTC(2019, 10, 10, 20, 30));
  assert.equal(fromText.points.length, 16_279);
});

test("Monash Iran 2019: finds the national event of 16 November, its depth and the first provinces to fall", { skip: !existsSync(FILE) && `${FILE} is missing` }, () => {
  const events = detectEvents(toSeries(load().points), { entities: ["country/IR"] });
  assert.equal(events.length, 1, "one national event, not one per day");
  const [e] = events;
  assert.ok(e !== undefined);
  assert.equal(e.entity, "country/IR");
  assert.equal(e.start, "2019-11-16T17:30:00.000Z", "first alert: 66.8 at 21:00 local is below 80 % of ~97");
  assert.equal(e.end, null, "the blackout lasted to 23 November, past the end of the file");
  assert.deepEqual(
    e.phases.map((p) => [p.start, p.kind]),
    [["2019-11-16T17:30:00.000Z", "partial"], ["2019-11-16T18:30:00.000Z", "total"]],
  );
  // Lowest country mean 3.11 (20 Nov 00:00 local) ÷ baseline 96.99 (median of the week before).
  assert.ok(Math.abs(e.depth - 0.032) < 0.002, `depth ${e.depth}`);
  assert.equal(e.signals[0]?.at, "2019-11-19T20:30:00.000Z");
  const provinces = e.timeline.filter((t) => t.entity.startsWith("region/"));
  assert.deepEqual(
    provinces.slice(0, 2).map((t) => [t.entity, t.fell]),
    [["region/IR/Fars", "2019-11-16T16:30:00.000Z"], ["region/IR/Lorestan", "2019-11-16T17:30:00.000Z"]],
  );
  assert.equal(provinces.filter((t) => t.fell === "2019-11-16T18:30:00.000Z").length, 27);
  assert.equal(provinces.length, 30);
  assert.deepEqual([provinces.at(-1)?.entity, provinces.at(-1)?.fell], ["region/IR/Ilam", "2019-11-17T00:30:00.000Z"]);
  assert.equal(e.timeline[0]?.entity, "county/IR/Khuzestan/Ahvaz");
  assert.match(e.explanation, /^country\/IR: ipobs at 3 % of ordinary levels .* since 2019-11-16 17:30 UTC, still ongoing/);
});
