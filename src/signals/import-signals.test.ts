import assert from "node:assert/strict";
import { test } from "node:test";
import { InputSyntaxError } from "../model/errors.ts";
import { importSignals } from "./import-signals.ts";
import { toSeries } from "./to-series.ts";

const LONG = `time,entity,signal,value
2019-11-16T10:00Z,country/IR,probing,100
2019-11-16T12:00Z,country/IR,probing,
2019-11-16T11:00Z,country/IR,probing,90
2019-11-16T11:00Z,country/IR,probing,90
`;

test("importSignals() reads a long CSV: sorted, gaps kept as null, exact duplicates dropped", () => {
  const r = importSignals(LONG, { file: "a.csv", format: "long-csv" });
  assert.deepEqual(r.points.map((p) => [new Date(p.time).toISOString(), p.value]), [
    ["2019-11-16T10:00:00.000Z", 100],
    ["2019-11-16T11:00:00.000Z", 90],
    ["2019-11-16T12:00:00.000Z", null],
  ]);
  assert.equal(r.duplicates, 1);
  assert.equal(r.reordered, 2, "both 11:00 rows come after 12:00");
  assert.equal(r.rows, 4);
});

test("importSignals() names the file, line and column of a malformed cell", () => {
  const bad = `time,entity,signal,value\n2019-11-16T10:00Z,country/IR,probing,100\n2019-11-16T11:00Z,country/IR,probing,12x\n`;
  assert.throws(() => importSignals(bad, { file: "bad.csv", format: "long-csv" }), (e: unknown) => {
    assert.ok(e instanceof InputSyntaxError);
    assert.equal(e.message, "Cannot read bad.csv line 3 column value: '12x' is not a number (missing values are left empty)");
    return true;
  });
  assert.throws(() => importSignals(`time,entity,signal,value\nyesterday,country/IR,probing,1\n`, { file: "t.csv", format: "long-csv" }), /t\.csv line 2 column time: 'yesterday' is not a time/);
  assert.throws(() => importSignals(`time,entity,signal,value\n2019-11-16,country/IR,probing\n`, { file: "n.csv", format: "long-csv" }), /n\.csv line 2: 3 cells where the header has 4/);
  assert.throws(() => importSignals(`time,entity,signal,value\n2019-11-16,"country/IR,probing,1\n`, { file: "q.csv", format: "long-csv" }), /q\.csv line 2 column 2: a quoted cell is never closed/);
});

test("importSignals() refuses two values for one time unless told to keep the last", () => {
  const conflict = `time,entity,signal,value\n2019-11-16T10:00Z,country/IR,probing,100\n2019-11-16T10:00Z,country/IR,probing,50\n`;
  assert.throws(() => importSignals(conflict, { file: "c.csv", format: "long-csv" }), /c\.csv line 3: country\/IR probing at 2019-11-16T10:00:00.000Z is 50 here but 100 on line 2/);
  const r = importSignals(conflict, { file: "c.csv", format: "long-csv", duplicates: "last" });
  assert.deepEqual(r.points.map((p) => p.value), [50]);
  assert.equal(r.conflicts, 1);
});

test("importSignals() reads times without a zone in the given zone, never the machine's", () => {
  // The tests run under TZ=Asia/Tehran: a zone-less time must still be UTC by default.
  const csv = `time,entity,signal,value\n2019-11-16 22:00,country/IR,x,1\n`;
  assert.equal(importSignals(csv, { file: "z.csv", format: "long-csv" }).points[0]?.time, Date.UTC(2019, 10, 16, 22));
  assert.equal(importSignals(csv, { file: "z.csv", format: "long-csv", timeZone: "Asia/Tehran" }).points[0]?.time, Date.UTC(2019, 10, 16, 18, 30));
  // Summer 2019: Iran was at +04:30.
  const summer = `time,entity,signal,value\n1563580800,country/IR,x,1\n`;
  assert.equal(importSignals(summer, { file: "k.csv", format: "long-csv", timeZone: "Asia/Tehran", localEpoch: true }).points[0]?.time, Date.UTC(2019, 6, 19, 19, 30));
  const monash = `time,entity,signal,value\n16-Nov-2019 22:00:00,country/IR,x,1\n`;
  assert.equal(importSignals(monash, { file: "m.csv", format: "long-csv", timeZone: "+03:30" }).points[0]?.time, Date.UTC(2019, 10, 16, 18, 30));
});

test("importSignals() builds entities from a template and rolls counties up into their province by the mean", () => {
  const csv = `t,prov,county,v
2019-11-16T10:00Z,Fars,Shiraz,100
2019-11-16T10:00Z,Fars,Lar,0
2019-11-16T10:00Z,Ilam,Ilam,
`;
  const r = importSignals(csv, {
    file: "m.csv", format: "long-csv", timeColumn: "t", valueColumn: "v", signal: "ipobs",
    entityTemplate: "county/IR/{prov}/{county}", rollups: ["region/IR/{prov}", "country/IR"],
  });
  const at = (e: string): number | null | undefined => r.points.find((p) => p.entity === e)?.value;
  assert.equal(at("region/IR/Fars"), 50);
  assert.equal(at("region/IR/Ilam"), null, "no county with data: a gap, not zero");
  assert.equal(at("country/IR"), 50, "counties without data are left out of the mean");
  assert.throws(
    () => importSignals(csv, { file: "m.csv", format: "long-csv", timeColumn: "t", valueColumn: "v", signal: "ipobs", entityTemplate: "county/{nope}" }),
    /names column 'nope', which m\.csv lacks/,
  );
});

test("importSignals() maps IODA's dashboard column titles in a wide CSV", () => {
  const csv = `Time (UTC),BGP (#Visible /24s),Active Probing (#/24s Up),Telescope (# Unique Source IPs),Google (Search)
2019-11-16 18:00:00,5000,1200,,80
2019-11-16 18:05:00,4990,50,300,2
`;
  const r = importSignals(csv, { file: "ioda.csv", format: "wide-csv", entity: "country/IR", timeZone: "Asia/Tehran" });
  assert.deepEqual(r.signals, ["bgp", "google-search", "probing", "telescope"]);
  const telescope = r.points.filter((p) => p.signal === "telescope").map((p) => p.value);
  assert.deepEqual(telescope, [null, 300], "an empty cell is a gap");
  assert.equal(r.points[0]?.time, Date.UTC(2019, 10, 16, 18), "'Time (UTC)' wins over --time-zone");
  assert.throws(() => importSignals(csv, { file: "ioda.csv", format: "wide-csv" }), TypeError);
});

test("importSignals() reads IODA v2 raw-signal responses", () => {
  const json = JSON.stringify({
    type: "signals.raw", error: null,
    data: [[
      { entityType: "country", entityCode: "IR", datasource: "ping-slash24", subtype: "", from: 1573927200, until: 1573928400, step: 600, nativeStep: 600, values: [1200, null] },
      { entityType: "country", entityCode: "IR", datasource: "gtr", subtype: "WEB_SEARCH", from: 1573927200, until: 1573928400, step: 600, nativeStep: 600, values: [10, 11] },
      { entityType: "country", entityCode: "IR", datasource: "ping-slash24-loss", subtype: "", from: 1573927200, until: 1573928400, step: 600, nativeStep: 600, values: [[{ agg_values: {} }]] },
    ]],
  });
  const r = importSignals(json, { file: "ioda.json", format: "ioda-json" });
  assert.deepEqual(r.entities, ["country/IR"]);
  assert.deepEqual(r.signals, ["google-search", "probing"]);
  assert.deepEqual(r.points.filter((p) => p.signal === "probing").map((p) => [p.time, p.value]), [[1573927200000, 1200], [1573927800000, null]]);
  assert.equal(r.skipped.length, 1);
  assert.throws(() => importSignals("{\n\"data\": [\n,]}", { file: "x.json", format: "ioda-json" }), /Cannot read x\.json line \d+: not JSON: /);
});

test("importSignals() gives the same points for the same file twice", () => {
  const a = importSignals(LONG, { file: "a.csv", format: "long-csv" });
  const b = importSignals(LONG, { file: "a.csv", format: "long-csv" });
  assert.deepEqual(a.points, b.points);
});

test("toSeries() puts points on a regular grid with null for missing bins", () => {
  const r = importSignals(`time,entity,signal,value\n2019-11-16T10:00Z,c/X,s,1\n2019-11-16T13:00Z,c/X,s,4\n2019-11-16T11:00Z,c/X,s,2\n`, { file: "g.csv", format: "long-csv" });
  assert.deepEqual(toSeries(r.points), [{ entity: "c/X", signal: "s", start: Date.UTC(2019, 10, 16, 10), stepMs: 3_600_000, values: [1, 2, null, 4] }]);
});
