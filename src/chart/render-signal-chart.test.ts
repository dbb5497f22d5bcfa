import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { SignalSeries } from "../model/signal.ts";
import { renderSignalChart, type SignalChartData, type SignalChartOptions } from "./render-signal-chart.ts";

const HOUR = 3_600_000;
const START = Date.UTC(2019, 10, 14);
const CLOCK = (): Date => new Date("2020-01-02T03:04:05Z");
const FIXED: SignalChartOptions = { clock: CLOCK, generator: "Nightlight vTEST" };
// A day's shape without Math.sin, so the numbers are the same on every platform.
const DAY_SHAPE = [70, 66, 63, 61, 60, 62, 66, 72, 79, 85, 89, 92, 94, 95, 95, 94, 92, 90, 88, 86, 84, 80, 76, 73];

/** The repository root: the nearest package.json above this file (in src/ or dist/src/). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

/**
 * Compares `svg` with test/snapshots/NAME.svg. On a mismatch writes NAME-changed.svg
 * beside it for review and fails at the first differing line; UPDATE_SNAPSHOTS=1
 * rewrites the snapshot instead.
 */
function assertSnapshot(name: string, svg: string): void {
  const root = repoRoot();
  const file = join(root, "test", "snapshots", `${name}.svg`);
  const changed = join(root, "test", "snapshots", `${name}-changed.svg`);
  if (process.env["UPDATE_SNAPSHOTS"] === "1" || !existsSync(file)) {
    if (process.env["CI"] === "true" && !existsSync(file)) assert.fail(`Snapshot ${relative(root, file)} is missing: run the tests with UPDATE_SNAPSHOTS=1 and commit it`);
    writeFileSync(file, svg);
    rmSync(changed, { force: true });
    return;
  }
  const expected = readFileSync(file, "utf8");
  if (svg === expected) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, svg);
  const a = svg.split("\n");
  const b = expected.split("\n");
  const line = a.findIndex((l, i) => l !== b[i]);
  const n = line < 0 ? Math.min(a.length, b.length) : line;
  assert.fail(
    `${relative(root, file)}:${n + 1} differs; wrote ${relative(root, changed)} to review ` +
      `(UPDATE_SNAPSHOTS=1 accepts it)\n  expected: ${(b[n] ?? "<end of file>").slice(0, 300)}\n  actual:   ${(a[n] ?? "<end of file>").slice(0, 300)}`,
  );
}

function series(values: readonly (number | null)[]): SignalSeries {
  return { entity: "country/XX", signal: "connectivity", start: START, stepMs: HOUR, values };
}

function outageData(): SignalChartData {
  const hours = 4 * 24;
  const baseline = Array.from({ length: hours }, (_, i) => DAY_SHAPE[i % 24] ?? null);
  const values = baseline.map((b, i) => {
    if (i >= 30 && i < 34) return null; // collector silent: a gap, not a drop
    if (i >= 62 && i < 80) return 4 + (i % 3); // the cut
    return b === null ? null : b + ((i * 7) % 5) - 2;
  });
  return {
    series: series(values),
    baseline,
    warning: baseline.map((b) => (b === null ? null : b * 0.8)),
    critical: baseline.map((b) => (b === null ? null : b * 0.5)),
    events: [{ start: START + 62 * HOUR, end: START + 80 * HOUR }],
  };
}

/** The `d` of the signal line, and the y of the value axis' zero. */
function signalGeometry(svg: string): { d: string; zeroY: number; circles: number } {
  const d = /<g class="signal"><path d="([^"]*)"/.exec(svg)?.[1];
  const zeroY = /<line class="axis"[^>]* y1="([\d.]+)"/.exec(svg)?.[1];
  assert.ok(d !== undefined && zeroY !== undefined, "the SVG has a signal path and an axis line");
  const group = /<g class="signal">(.*?)<\/g>/.exec(svg)?.[1] ?? "";
  return { d, zeroY: Number(zeroY), circles: (group.match(/<circle/g) ?? []).length };
}

function coordinates(d: string): [number, number][] {
  return [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

test("renderSignalChart() matches the snapshot of an outage with levels, an event and a gap", () => {
  const svg = renderSignalChart(outageData(), {
    ...FIXED,
    title: "Testland: connectivity fell to 5 % of ordinary levels on 16 Nov",
    subtitle: "Constructed series for the snapshot test; hourly bins",
    source: "constructed in render-signal-chart.test.ts",
    method: "same-time baseline (median of the same hour on past days); warning below 80 %, critical below 50 % of baseline",
  });
  assertSnapshot("signal-chart-outage", svg);
});

test("renderSignalChart() matches the snapshot of a small chart with gaps and no levels", () => {
  const values = Array.from({ length: 36 }, (_, i) => (i === 10 || (i >= 20 && i < 23) || i === 24 ? null : 1000 + i * 250));
  const svg = renderSignalChart({ series: { ...series(values), signal: "bgp" } }, { ...FIXED, width: 600, height: 338 });
  assertSnapshot("signal-chart-small-gaps", svg);
});

test("renderSignalChart() breaks the line at a null gap and never draws it at zero", () => {
  const values = [50, 50, 50, null, null, 50, 50, 50];
  const svg = renderSignalChart({ series: series(values) }, FIXED);
  const { d, zeroY } = signalGeometry(svg);
  assert.equal((d.match(/M/g) ?? []).length, 2, "two runs, two subpaths");
  const points = coordinates(d);
  assert.equal(points.length, 6, "one vertex per defined bin");
  for (const [, y] of points) assert.notEqual(y, zeroY);
  // No segment spans the gap: the subpath after it starts with M, not L.
  assert.match(d, /^M[^M]*M[^M]*$/);
});

test("renderSignalChart() draws a real zero at the axis, unlike a null", () => {
  const svg = renderSignalChart({ series: series([50, 0, 50]) }, FIXED);
  const { d, zeroY } = signalGeometry(svg);
  assert.equal((d.match(/M/g) ?? []).length, 1);
  assert.ok(coordinates(d).some(([, y]) => y === zeroY));
});

test("renderSignalChart() shows a value between two gaps as a dot", () => {
  const svg = renderSignalChart({ series: series([50, 50, null, 60, null, 50, 50]) }, FIXED);
  const { d, circles } = signalGeometry(svg);
  assert.equal(circles, 1);
  assert.equal((d.match(/M/g) ?? []).length, 2);
});

test("renderSignalChart() of a series with no data draws no line and no NaN", () => {
  const svg = renderSignalChart({ series: series([null, null, null]), baseline: [null, null, null] }, FIXED);
  assert.equal(signalGeometry(svg).d, "");
  assert.doesNotMatch(svg, /NaN|Infinity|undefined/);
  assert.match(svg, /no data/);
});

test("renderSignalChart() says how and when the figure was made, from the injected clock", () => {
  const svg = renderSignalChart(outageData(), { ...FIXED, source: "Monash IP Observatory", method: "median & more <x>" });
  assert.match(svg, /Source: Monash IP Observatory/);
  assert.match(svg, /Method: median &amp; more &lt;x&gt;/);
  assert.match(svg, /Made with Nightlight vTEST on 2020-01-02 03:04 UTC\./);
});

test("renderSignalChart() is deterministic", () => {
  assert.equal(renderSignalChart(outageData(), FIXED), renderSignalChart(outageData(), FIXED));
});

test("renderSignalChart() in the dark theme draws on a dark ground with the light members of the palette", () => {
  const svg = renderSignalChart(outageData(), { ...FIXED, theme: "dark" });
  assert.match(svg, /<rect width="1200" height="600" fill="#16181D"\/>/);
  assert.match(svg, /<g class="signal"><path d="[^"]+" fill="none" stroke="#56B4E9"/);
  assert.doesNotMatch(svg, /#0072B2/);
});

test("renderSignalChart() in Persian: Persian legend and digits, right-aligned text embedded right to left", () => {
  const svg = renderSignalChart(outageData(), { ...FIXED, lang: "fa", title: "ایران", source: "Monash" });
  assert.match(svg, /lang="fa"/);
  assert.match(svg, /<text class="title" x="1176" text-anchor="end" y="[\d.]+" font-size="28" font-weight="bold">\u202Bایران\u202C<\/text>/);
  for (const word of ["خط پایه", "سطح هشدار", "سطح بحرانی", "رویداد قطعی", "بدون داده", "منبع: Monash"]) assert.ok(svg.includes(word), word);
  assert.match(svg, />۲۰<\/text>/, "a value tick in Persian digits");
  assert.match(svg, /ساخته‌شده با Nightlight vTEST در ۲۰۲۰-۰۱-۰۲ ۰۳:۰۴ UTC\./);
});

test("renderSignalChart() with a zone labels the axis with it and puts day ticks on its midnights", () => {
  const svg = renderSignalChart(outageData(), { ...FIXED, timeZone: "Asia/Tehran" });
  assert.match(svg, /time \(Asia\/Tehran, UTC\+03:30\) →/);
  // 14 Nov 2019 00:00 UTC is 03:30 in Tehran: Tehran's midnight of the 15th is 20:30 UTC on the 14th.
  const utc = renderSignalChart(outageData(), FIXED);
  const tickX = (s: string): number => Number(/<text x="([\d.]+)"[^>]*>Fri 15 Nov<\/text>/.exec(s)?.[1]);
  assert.ok(tickX(svg) < tickX(utc), `Tehran's midnight ${tickX(svg)} comes before UTC's ${tickX(utc)}`);
});
