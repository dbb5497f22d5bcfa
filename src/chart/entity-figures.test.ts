import { test } from "node:test";
import assert from "node:assert/strict";
import type { EntityChartData } from "../model/entity-chart-data.ts";
import type { OutageEvent } from "../model/outage-event.ts";
import { signalFigure, timelineFigure, timelineRows } from "./entity-figures.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2019, 10, 14);
const FIXED = { clock: () => new Date("2020-01-02T03:04:05Z"), generator: "Nightlight vTEST" };
const values = Array.from({ length: 72 }, (_, i) => (i >= 60 ? null : i >= 40 ? 5 : 100));
const event: OutageEvent = {
  entity: "country/IR", start: new Date(T0 + 40 * HOUR).toISOString(), end: null, kind: "total", evidence: "e", depth: 0.05, score: 1, signals: [], phases: [], explanation: "x",
  timeline: [
    { entity: "county/IR/Fars/Shiraz", signal: "ipobs", start: new Date(T0 + 39 * HOUR).toISOString(), fell: new Date(T0 + 39 * HOUR).toISOString(), depth: 0 },
    { entity: "region/IR/Fars", signal: "ipobs", start: new Date(T0 + 39 * HOUR).toISOString(), fell: new Date(T0 + 40 * HOUR).toISOString(), depth: 0.02 },
    { entity: "region/IR/Tehran", signal: "ipobs", start: new Date(T0 + 40 * HOUR).toISOString(), fell: new Date(T0 + 41 * HOUR).toISOString(), depth: 0.1 },
  ],
};
const DATA: EntityChartData = {
  entity: "country/IR", name: "Iran", from: new Date(T0).toISOString(), until: new Date(T0 + 72 * HOUR).toISOString(), verdict: "outage", summary: "outage (1 event)",
  signals: [{
    signal: "ipobs", source: { name: "import:x.csv", digest: "sha256:1", kind: "import" }, sources: ["import:x.csv (imported from x.csv)"], method: "ipobs: moving median",
    bins: null, start: new Date(T0).toISOString(), stepMs: HOUR, values, baseline: values.map(() => 100), warning: values.map(() => 80), critical: values.map(() => 50),
  }],
  events: [event],
  names: { "region/IR/Fars": null, "region/IR/Tehran": null },
};

test("signalFigure() titles, labels the event with its kind, and says where the data came from", () => {
  const svg = signalFigure(DATA, "ipobs", FIXED) ?? "";
  assert.match(svg, /<title id="chart-ipobs-title">Iran: ipobs, 14 Nov 2019 – 16 Nov 2019<\/title>/);
  assert.match(svg, /country\/IR · 1-hour bins · 1 outage event \(shaded\)/);
  assert.match(svg, />1 · total shutdown</);
  assert.match(svg, /Source: import:x\.csv \(imported from x\.csv\)/);
  assert.match(svg, /Method: ipobs: moving median/);
  assert.match(svg, />no data</, "the bins after the data ends are shown as no data");
  assert.equal(signalFigure(DATA, "bgp", FIXED), undefined);
  assert.doesNotMatch(signalFigure(DATA, "ipobs", { ...FIXED, methodLine: false }) ?? "", /Method:/);
});

test("timelineRows() keep regions over counties, in the order they fell, to the ongoing event's edge", () => {
  const rows = timelineRows(DATA, 0);
  assert.deepEqual(rows.map((r) => r.label), ["Fars", "Tehran"]);
  assert.deepEqual(rows.map((r) => r.end), [null, null]);
  assert.equal(timelineRows(DATA, 1).length, 0);
  assert.equal(timelineFigure(DATA, 1, FIXED), undefined);
  const fa = timelineFigure(DATA, 0, { ...FIXED, lang: "fa" }) ?? "";
  assert.match(fa, /کدام نخست قطع شد: ایران، ۱ · قطع کامل/);
});
