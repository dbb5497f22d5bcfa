import { test } from "node:test";
import assert from "node:assert/strict";
import { renderTimelineChart, type TimelineRow } from "./render-timeline-chart.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2019, 10, 16, 12);
const FIXED = { clock: () => new Date("2020-01-02T03:04:05Z"), generator: "Nightlight vTEST" };
const ROWS: TimelineRow[] = [
  { label: "Tehran ipobs", start: T0 + 4 * HOUR, fell: T0 + 5 * HOUR, end: null, depth: 0.04 },
  { label: "Fars ipobs", start: T0 + 5 * HOUR, fell: T0 + 6 * HOUR, end: null, depth: 0.12 },
];

test("renderTimelineChart() draws one row per entity in order, the fall as a bar to the edge while ongoing", () => {
  const svg = renderTimelineChart(ROWS, { ...FIXED, from: T0, until: T0 + 24 * HOUR, title: "Who fell first" });
  const labels = [...svg.matchAll(/<g class="row"[^>]*><text[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
  assert.deepEqual(labels, ["Tehran ipobs", "Fars ipobs"]);
  const bars = [...svg.matchAll(/<rect class="fallen" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
  assert.equal(bars.length, 2);
  const [a, b] = [bars[0]!, bars[1]!];
  assert.ok(a[0] < b[0], "Tehran fell before Fars");
  assert.ok(Math.abs(a[0] + a[1] - (b[0] + b[1])) < 0.02, "both run to the chart's right edge");
  assert.match(svg, /lowest 4\.0 %/);
  assert.match(svg, /lowest 12 %/);
  assert.doesNotMatch(svg, /NaN|undefined/);
});

test("renderTimelineChart() keeps the first rows and counts the others; Persian puts names on the right", () => {
  const many = Array.from({ length: 30 }, (_, i) => ({ ...ROWS[0]!, label: `r${i}`, fell: T0 + i * HOUR / 2 }));
  const svg = renderTimelineChart(many, { ...FIXED, from: T0, until: T0 + 24 * HOUR, maxRows: 5, words: { depth: (p) => `${p}`, more: (n) => `+${n}` } });
  assert.equal((svg.match(/<g class="row"/g) ?? []).length, 5);
  assert.match(svg, />\+25</);
  const fa = renderTimelineChart(ROWS, { ...FIXED, from: T0, until: T0 + 24 * HOUR, lang: "fa" });
  const x = Number(/<g class="row"[^>]*><text x="([\d.]+)"/.exec(fa)?.[1]);
  assert.ok(x > 600, `label at ${x}, on the right`);
  assert.match(fa, /\u202BTehran ipobs\u202C/);
});
