import assert from "node:assert/strict";
import { test } from "node:test";
import type { SignalSeries } from "../model/signal.ts";
import { describeVerdict } from "./describe-verdict.ts";
import { judgeEntities } from "./judge-entities.ts";
import { lookBackMs } from "./look-back.ts";
import { signalConfig } from "./signal-config.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1);

function series(signal: string, stepMs: number, values: readonly (number | null)[], entity = "country/IR"): SignalSeries {
  return { entity, signal, start: T0, stepMs, values };
}

test("judgeEntities(): data in 2 of 72 bins is not enough data to judge, not 'no outage'", () => {
  const values = Array.from({ length: 72 }, (_, i) => (i === 42 || i === 43 ? 5000 : null));
  const [j] = judgeEntities([series("bgp", 5 * MINUTE, values, "country/US")], { entities: ["country/US"], from: T0, until: T0 + 6 * HOUR });
  assert.equal(j?.verdict, "not-enough-data");
  assert.deepEqual(j?.events, []);
  assert.deepEqual(j?.coverage, [{
    entity: "country/US", signal: "bgp", stepMs: 5 * MINUTE, bins: 72, withData: 2, judged: 0,
    minCoverage: 0.5, warmUpMs: 6 * HOUR, historyMs: 0, lacking: "coverage",
  }]);
  assert.equal(
    describeVerdict(j ?? { verdict: "outage", coverage: [], events: [] }),
    "not enough data to judge (bgp: data in 2 of 72 bins (3 %), a verdict in 0 (50 % needed); history before the window 0 min, warm-up needs 6 h)",
  );
});

test("judgeEntities(): full data without the history a same-time baseline needs is not enough (warm-up)", () => {
  // Three days of hourly traffic; same time of week needs 14 days of warm-up.
  const [j] = judgeEntities([series("traffic", HOUR, Array.from({ length: 72 }, () => 1000))], { from: T0, until: T0 + 3 * DAY });
  assert.equal(j?.verdict, "not-enough-data");
  assert.deepEqual([j?.coverage[0]?.withData, j?.coverage[0]?.judged, j?.coverage[0]?.warmUpMs, j?.coverage[0]?.lacking], [72, 0, 14 * DAY, "warm-up"]);
});

test("judgeEntities(): a baseline below minBaseline cannot judge (baseline)", () => {
  // Five routed /24s: BGP's minimum baseline is 10.
  const [j] = judgeEntities([series("bgp", HOUR, Array.from({ length: 72 }, () => 5))], { from: T0 + DAY, until: T0 + 3 * DAY });
  assert.equal(j?.verdict, "not-enough-data");
  assert.equal(j?.coverage[0]?.lacking, "baseline");
  assert.equal(j?.coverage[0]?.historyMs, DAY);
});

test("judgeEntities(): 'no outage' when a signal had data and a verdict in enough of the window; 'outage' with events", () => {
  const steady = Array.from({ length: 10 * 24 }, () => 1000);
  const [quiet] = judgeEntities([series("probing", HOUR, steady)], { from: T0 + 2 * DAY, until: T0 + 10 * DAY });
  assert.equal(quiet?.verdict, "no-outage");
  assert.deepEqual([quiet?.coverage[0]?.bins, quiet?.coverage[0]?.judged, quiet?.coverage[0]?.lacking], [192, 192, null]);
  const cut = steady.map((v, i) => (i >= 5 * 24 && i < 6 * 24 ? 10 : v));
  const [loud] = judgeEntities([series("probing", HOUR, cut)], { from: T0 + 2 * DAY, until: T0 + 10 * DAY });
  assert.equal(loud?.verdict, "outage");
  assert.equal(loud?.events.length, 1);
  // One thin signal beside a well-covered one: the well-covered one can judge.
  const thin = series("bgp", HOUR, steady.map((v, i) => (i % 10 === 0 ? v * 5 : null)));
  const [mixed] = judgeEntities([series("probing", HOUR, steady), thin], { from: T0 + 2 * DAY, until: T0 + 10 * DAY });
  assert.equal(mixed?.verdict, "no-outage");
  assert.deepEqual(mixed?.coverage.map((c) => c.lacking), [null, "coverage"]);
});

test("lookBackMs(): the baseline's window or past periods, at least the warm-up, under overrides", () => {
  assert.equal(lookBackMs(signalConfig("bgp")), DAY);
  assert.equal(lookBackMs(signalConfig("probing")), 7 * DAY);
  assert.equal(lookBackMs(signalConfig("traffic")), 28 * DAY + HOUR / 2);
  assert.equal(lookBackMs(signalConfig("probing", { windowMs: 60 * DAY })), 60 * DAY);
  assert.equal(lookBackMs(signalConfig("bgp", { warmUpMs: 3 * DAY })), 3 * DAY);
});
