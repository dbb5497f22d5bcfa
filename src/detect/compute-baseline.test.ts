import assert from "node:assert/strict";
import { test } from "node:test";
import type { SignalSeries } from "../model/signal.ts";
import { computeBaseline } from "./compute-baseline.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

/** An hourly series of `hours` bins with `value(i)`. */
function hourly(signal: string, hours: number, value: (i: number) => number | null): SignalSeries {
  return { entity: "country/IR", signal, start: T0, stepMs: HOUR, values: Array.from({ length: hours }, (_, i) => value(i)) };
}

const alerts = (verdicts: readonly string[]): number => verdicts.filter((v) => v === "warning" || v === "critical").length;

test("computeBaseline() never alerts on a flat series", () => {
  for (const signal of ["bgp", "probing", "telescope", "traffic", "google-search", "imported-index"]) {
    const b = computeBaseline(hourly(signal, 60 * 24, () => 500));
    assert.equal(alerts(b.verdict), 0, signal);
    assert.ok(b.verdict.includes("normal"), signal);
  }
});

test("computeBaseline() gives depth x % ± 1 for a step down to x %", () => {
  for (const x of [0.05, 0.3, 0.45, 0.7]) {
    const b = computeBaseline(hourly("probing", 20 * 24, (i) => (i < 10 * 24 ? 1000 : 1000 * x)));
    const after = b.ratio.slice(10 * 24).filter((r) => r !== null);
    assert.equal(after.length, 10 * 24);
    assert.ok(Math.abs(Math.min(...after) - x) <= 0.01, `x=${x}: lowest ratio ${Math.min(...after)}`);
    assert.equal(b.verdict[10 * 24], x < 0.5 ? "critical" : "warning");
  }
});

test("computeBaseline() inpaints a 30-day cut at 5 % to its end, however long", () => {
  const b = computeBaseline(hourly("probing", 45 * 24, (i) => (i >= 10 * 24 && i < 40 * 24 ? 50 : 1000)));
  for (let i = 10 * 24; i < 40 * 24; i++) {
    assert.equal(b.verdict[i], "critical", `bin ${i}`);
    assert.equal(b.baseline[i], 1000);
    assert.equal(b.inpainted[i], true);
  }
  assert.equal(b.verdict[40 * 24], "normal");
});

test("computeBaseline() accepts a shallow lasting change after 7 days, as IODA does", () => {
  // A drop to 70 % (warning for probing, above critical) is inpainted for 7 days,
  // then enters the history; within another half window the baseline follows.
  const b = computeBaseline(hourly("probing", 40 * 24, (i) => (i < 10 * 24 ? 1000 : 700)));
  assert.equal(b.verdict[10 * 24 + 24], "warning");
  assert.equal(b.inpainted[17 * 24 - 1], true);
  assert.equal(b.inpainted[17 * 24 + 1], false);
  assert.equal(b.verdict[39 * 24], "normal");
});

test("computeBaseline() with the same-time method never alerts on a strong daily rhythm alone", () => {
  // Day 100, night 10 (a 90 % swing) for 8 weeks: the moving median would call every
  // night critical; the same time of week over the last weeks does not.
  const rhythm = (i: number): number => (i % 24 >= 8 && i % 24 < 22 ? 100 : 10);
  const b = computeBaseline(hourly("traffic", 8 * 7 * 24, rhythm));
  assert.equal(b.method, "same-time");
  assert.equal(alerts(b.verdict), 0);
  assert.ok(b.verdict.filter((v) => v === "normal").length > 5 * 7 * 24);
  const naive = computeBaseline(hourly("traffic", 8 * 7 * 24, rhythm), { config: { method: "moving-median" } });
  assert.ok(alerts(naive.verdict) > 0, "the moving median is not fit for a daily rhythm");
});

test("computeBaseline() gives no verdict during warm-up", () => {
  const b = computeBaseline(hourly("probing", 3 * 24, (i) => (i === 10 ? 0 : 1000)));
  assert.deepEqual(new Set(b.verdict.slice(0, 24)), new Set(["warm-up"]));
  assert.equal(b.baseline[10], null, "no baseline is drawn in warm-up");
  assert.equal(b.verdict[24], "normal");
  const bgp = computeBaseline(hourly("bgp", 24, () => 1000));
  assert.equal(bgp.verdict[5], "warm-up");
  assert.equal(bgp.verdict[6], "normal", "BGP warms up in 6 h");
});

test("computeBaseline() gives no verdict when the baseline is too small to mean anything", () => {
  const b = computeBaseline(hourly("probing", 3 * 24, (i) => (i >= 48 ? 0 : 4)));
  assert.equal(alerts(b.verdict), 0);
  assert.equal(b.verdict[50], "too-small", "4 /24s up is below the 10 needed");
});

test("computeBaseline() gives no verdict when the history window is mostly empty", () => {
  // 2 days of data, 4 days of silence, then a value: 48 values over a 144-bin window.
  const b = computeBaseline(hourly("probing", 7 * 24, (i) => (i < 48 || i >= 6 * 24 ? 1000 : null)), {
    config: { minCoverage: 0.5 },
  });
  assert.equal(b.verdict[6 * 24], "too-small");
  assert.equal(b.verdict[100], "no-data");
  const lenient = computeBaseline(hourly("probing", 7 * 24, (i) => (i < 48 || i >= 6 * 24 ? 1000 : null)), {
    config: { minCoverage: 0.1 },
  });
  assert.equal(lenient.verdict[6 * 24], "normal");
});

test("computeBaseline() treats missing bins as missing, not as zero", () => {
  const b = computeBaseline(hourly("probing", 10 * 24, (i) => (i >= 5 * 24 && i < 6 * 24 ? null : 1000)));
  assert.equal(alerts(b.verdict), 0);
  assert.equal(b.verdict[5 * 24], "no-data");
  assert.equal(b.baseline[5 * 24], 1000, "the expected value is still drawn over the gap");
  assert.equal(b.ratio[5 * 24], null);
});

test("computeBaseline() rejects alert levels in the wrong order", () => {
  assert.throws(() => computeBaseline(hourly("probing", 10, () => 1), { config: { warning: 0.4, critical: 0.5 } }), RangeError);
});

test("computeBaseline() returns absolute alert levels for charts", () => {
  const b = computeBaseline(hourly("bgp", 48, () => 2000));
  assert.equal(b.baseline[30], 2000);
  assert.equal(b.warning[30], 2000 * 0.99);
  assert.equal(b.critical[30], 1000);
});
