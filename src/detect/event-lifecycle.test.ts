import assert from "node:assert/strict";
import { test } from "node:test";
import type { SignalSeries } from "../model/signal.ts";
import { computeBaseline } from "./compute-baseline.ts";
import { depthBand, eventLifecycle } from "./event-lifecycle.ts";
import { findEventWindows } from "./find-event-windows.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);
const iso = (h: number): string => new Date(T0 + h * HOUR).toISOString();

/** Hourly probing of one entity: 1000 for 3 days, then `tail` (null: no data). */
function series(tail: readonly (number | null)[]): SignalSeries {
  return { entity: "country/XX", signal: "probing", start: T0, stepMs: HOUR, values: [...new Array<number>(72).fill(1000), ...tail] };
}

test("depthBand counts the bands a depth lies below", () => {
  assert.deepEqual([0.9, 0.5, 0.49, 0.2, 0.09, 0.01, 0].map((d) => depthBand(d)), [0, 0, 1, 2, 3, 4, 4]);
});

test("a cut that deepens, recovers an hour, relapses deeper and recovers: each step once, closing where detection closes", () => {
  // h72 warning (0.7), h73 critical 0.4 (band 1), h74 0.2 (band 2), h75 0.3 (no new band),
  // h76 normal (recovering), h77 0.08 (relapse, band 3), h78–80 normal: closed after 2 h.
  const b = computeBaseline(series([700, 400, 200, 300, 1000, 80, 1000, 1000, 1000, 1000]));
  const [window] = findEventWindows([b], { recoveryMs: 2 * HOUR, minSeverity: "critical" });
  assert.deepEqual(window, { start: T0 + 72 * HOUR, end: T0 + 78 * HOUR });
  const steps = eventLifecycle({ start: window?.start ?? 0 }, [b], { recoveryMs: 2 * HOUR });
  assert.deepEqual(steps.map((s) => [s.state, s.reason, new Date(s.time).toISOString(), s.figures.band]), [
    ["open", "opened", iso(74), 1],
    ["deepening", "deeper", iso(75), 2],
    ["recovering", "recovering", iso(77), 2],
    ["open", "relapse", iso(78), 2],
    ["deepening", "deeper", iso(78), 3],
    ["recovering", "recovering", iso(79), 3],
    ["closed", "recovered", iso(80), 3],
  ]);
  const closed = steps.at(-1);
  assert.equal(closed?.figures.normalSince, iso(78), "the end detection gives the event");
  assert.deepEqual(steps[0]?.figures.signals, [{ signal: "probing", bin: iso(73), value: 400, baseline: 1000, ratio: 0.4, verdict: "critical" }]);
  assert.equal(steps[0]?.figures.depth, 0.4);
});

test("the steps up to a time are the same whether the data end there or go on", () => {
  const tail = [700, 400, 200, 300, 1000, 80, 1000, 1000, 1000, 1000];
  const full = eventLifecycle({ start: T0 + 72 * HOUR }, [computeBaseline(series(tail))], { recoveryMs: 2 * HOUR });
  for (let n = 1; n <= tail.length; n++) {
    const prefix = eventLifecycle({ start: T0 + 72 * HOUR }, [computeBaseline(series(tail.slice(0, n)))], { recoveryMs: 2 * HOUR });
    assert.deepEqual(prefix, full.filter((s) => s.time <= T0 + (72 + n) * HOUR), `data ending after ${n} bins of the cut`);
  }
});

test("a bin without data is not normal: it neither recovers nor closes the event", () => {
  const b = computeBaseline(series([400, null, null, null, 1000, 1000, 1000]));
  const steps = eventLifecycle({ start: T0 + 72 * HOUR }, [b], { recoveryMs: 2 * HOUR });
  assert.deepEqual(steps.map((s) => [s.state, new Date(s.time).toISOString()]), [["open", iso(73)], ["recovering", iso(77)], ["closed", iso(78)]]);
});

test("an event that only reached warning has no step: it is not an event", () => {
  const b = computeBaseline(series([700, 700, 1000, 1000, 1000]));
  assert.deepEqual(eventLifecycle({ start: T0 + 72 * HOUR }, [b], { recoveryMs: 2 * HOUR }), []);
});
