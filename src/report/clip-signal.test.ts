import { test } from "node:test";
import assert from "node:assert/strict";
import { computeBaseline } from "../detect/compute-baseline.ts";
import type { SignalSeries } from "../model/signal.ts";
import { clipSignal } from "./clip-signal.ts";

const HOUR = 3_600_000;

test("clipSignal() keeps the bins that start in the window, series and baseline alike", () => {
  const series: SignalSeries = { entity: "country/XX", signal: "probing", start: 0, stepMs: HOUR, values: [1, 2, 3, 4, 5, null, 7, 8] };
  const clipped = clipSignal({ series, baseline: computeBaseline(series) }, 2 * HOUR, 6 * HOUR);
  assert.equal(clipped.series.start, 2 * HOUR);
  assert.deepEqual(clipped.series.values, [3, 4, 5, null]);
  assert.equal(clipped.baseline?.start, 2 * HOUR);
  assert.deepEqual(clipped.baseline?.values, [3, 4, 5, null]);
  assert.equal(clipped.baseline?.verdict.length, 4);
});

test("clipSignal() clamps a window wider than the series", () => {
  const series: SignalSeries = { entity: "country/XX", signal: "probing", start: 10 * HOUR, stepMs: HOUR, values: [1, 2] };
  assert.deepEqual(clipSignal({ series }, 0, 100 * HOUR).series, series);
});
