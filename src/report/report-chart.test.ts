import assert from "node:assert/strict";
import { test } from "node:test";
import type { SignalCoverage } from "../detect/window-coverage.ts";
import type { SignalSeries } from "../model/signal.ts";
import { reportChart } from "./report-chart.ts";
import { summarizeEvents } from "./summarize-events.ts";

const FROM = Date.UTC(2002, 6, 22, 20);
const UNTIL = FROM + 6 * 3_600_000;
const series: SignalSeries = {
  entity: "country/US", signal: "bgp", start: FROM, stepMs: 300_000,
  values: Array.from({ length: 72 }, (_, i) => (i === 42 || i === 43 ? 5000 : null)),
};
const coverage: SignalCoverage = {
  entity: "country/US", signal: "bgp", stepMs: 300_000, bins: 72, withData: 2, judged: 0,
  minCoverage: 0.5, warmUpMs: 6 * 3_600_000, historyMs: 0, lacking: "coverage",
};
const options = { name: "United States", from: FROM, until: UNTIL, clock: () => new Date(Date.UTC(2026, 0, 1)) };

test("reportChart(): with no event and too little data, the subtitle says not enough data to judge, with the figures", () => {
  const svg = reportChart({ series }, [], { ...options, judgement: { verdict: "not-enough-data", coverage: [coverage] } });
  assert.match(svg, /<desc id="nightlight-desc">country\/US · 5-minute bins · not enough data to judge \(bgp: data in 2 of 72 bins \(3 %\), a verdict in 0 \(50 % needed\); history before the window 0 min, warm-up needs 6 h\)/);
  assert.doesNotMatch(svg, /no outage/);
  // A verdict of no outage keeps the old words.
  const quiet = reportChart({ series }, [], { ...options, judgement: { verdict: "no-outage", coverage: [{ ...coverage, lacking: null }] } });
  assert.match(quiet, /no outage event detected/);
});

test("summarizeEvents(): 'not enough data to judge' with the figures, never 'no outage detected', when the verdict says so", () => {
  const text = summarizeEvents("United States", [], { from: FROM, until: UNTIL, judgement: { verdict: "not-enough-data", coverage: [coverage] } });
  assert.equal(
    text,
    "United States: not enough data to judge between 22 Jul 2002 20:00 UTC and 23 Jul 2002 02:00 UTC " +
      "(bgp: data in 2 of 72 bins (3 %), a verdict in 0 (50 % needed); history before the window 0 min, warm-up needs 6 h).",
  );
});
