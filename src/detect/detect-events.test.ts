import assert from "node:assert/strict";
import { test } from "node:test";
import type { SignalSeries } from "../model/signal.ts";
import { detectEvents } from "./detect-events.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1);
const iso = (hours: number): string => new Date(T0 + hours * HOUR).toISOString();

function hourly(entity: string, signal: string, hours: number, value: (i: number) => number | null): SignalSeries {
  return { entity, signal, start: T0, stepMs: HOUR, values: Array.from({ length: hours }, (_, i) => value(i)) };
}
/** 1000 normally, `level` × 1000 in hours [from, to). */
const cut = (from: number, to: number, level: number) => (i: number) => (i >= from && i < to ? 1000 * level : 1000);

test("detectEvents() finds nothing in flat series", () => {
  assert.deepEqual(detectEvents([hourly("country/IR", "probing", 30 * 24, () => 1000), hourly("country/IR", "bgp", 30 * 24, () => 5000)]), []);
});

test("detectEvents() keeps a 30-day cut at 5 % one event to its end", () => {
  const events = detectEvents([hourly("country/IR", "probing", 45 * 24, cut(10 * 24, 40 * 24, 0.05))]);
  assert.equal(events.length, 1);
  const [e] = events;
  assert.equal(e?.start, iso(10 * 24));
  assert.equal(e?.end, iso(40 * 24));
  assert.ok(Math.abs((e?.depth ?? 0) - 0.05) <= 0.01);
  // Score: 95 % drop × 60 min × 720 h.
  assert.equal(e?.score, 95 * 60 * 30 * 24);
  assert.equal(e?.kind, "total");
});

test("detectEvents() reports an ongoing event with end null", () => {
  const [e] = detectEvents([hourly("country/IR", "probing", 12 * 24, cut(10 * 24, Infinity, 0.1))]);
  assert.equal(e?.end, null);
  assert.match(e?.explanation ?? "", /still ongoing/);
});

test("detectEvents() does not close an event over a gap in the data, nor open one", () => {
  const values = (i: number): number | null => (i >= 10 * 24 && i < 11 * 24 ? 10 : i >= 11 * 24 && i < 12 * 24 ? null : i >= 12 * 24 && i < 13 * 24 ? 10 : 1000);
  const events = detectEvents([hourly("country/IR", "probing", 20 * 24, values)]);
  assert.equal(events.length, 1);
  assert.equal(events[0]?.end, iso(13 * 24));
});

test("detectEvents() closes an event only after recoveryMs of normal", () => {
  // One normal hour inside the cut does not split it; a day does.
  const v = (i: number): number => ((i >= 240 && i < 250) || (i >= 251 && i < 260) || (i >= 290 && i < 300) ? 20 : 1000);
  const events = detectEvents([hourly("country/IR", "probing", 20 * 24, v)]);
  assert.deepEqual(events.map((e) => [e.start, e.end]), [[iso(240), iso(260)], [iso(290), iso(300)]]);
});

test("detectEvents() calls it a data-plane cut when probing falls and routes stay", () => {
  const [e] = detectEvents([
    hourly("country/IR", "bgp", 20 * 24, cut(10 * 24, 12 * 24, 0.97)),
    hourly("country/IR", "probing", 20 * 24, cut(10 * 24, 12 * 24, 0.04)),
  ]);
  assert.equal(e?.kind, "data-plane-cut");
  assert.match(e?.evidence ?? "", /probing 4 % of baseline while routes are kept \(bgp 97 %\)/);
  assert.deepEqual(e?.signals.map((s) => [s.signal, s.depth]), [["bgp", 0.97], ["probing", 0.04]]);
  // IODA's score: product of per-signal scores (bgp is in warning below 99 %).
  assert.equal(e?.score, 3 * 60 * 48 * (96 * 60 * 48));
});

test("detectEvents() calls it total when every signal is critical, route withdrawal when BGP falls", () => {
  const [total] = detectEvents([
    hourly("country/SY", "bgp", 20 * 24, cut(240, 260, 0.02)),
    hourly("country/SY", "probing", 20 * 24, cut(240, 260, 0.01)),
  ]);
  assert.equal(total?.kind, "total");
  const [withdrawn] = detectEvents([
    hourly("country/EG", "bgp", 20 * 24, cut(240, 260, 0.3)),
    hourly("country/EG", "probing", 20 * 24, cut(240, 260, 0.6)),
  ]);
  assert.equal(withdrawn?.kind, "route-withdrawal");
});

test("detectEvents() shows a whitelisting phase when a service returns and reachability does not", () => {
  // Google Search comes back on day 30 while probing stays at 2 %.
  const weeks = 6 * 7 * 24;
  const [e] = detectEvents([
    hourly("country/IR", "probing", weeks, cut(28 * 24, Infinity, 0.02)),
    hourly("country/IR", "google-search", weeks, cut(28 * 24, 30 * 24, 0.01)),
  ]);
  assert.deepEqual(e?.phases.map((p) => [p.start, p.kind]), [[iso(28 * 24), "total"], [iso(30 * 24), "whitelisting"]]);
  assert.match(e?.phases[1]?.evidence ?? "", /google-search 100 % back to normal while general reachability stays near zero \(probing 2 %\)/);
});

test("detectEvents() orders the timeline by who fell first", () => {
  const hours = 20 * 24;
  const events = detectEvents(
    [
      hourly("country/IR", "probing", hours, cut(244, 260, 0.1)),
      hourly("region/IR/Tehran", "probing", hours, cut(245, 260, 0.05)),
      hourly("region/IR/Fars", "probing", hours, (i) => (i === 242 ? 700 : cut(243, 260, 0.05)(i))),
      hourly("region/IR/Yazd", "probing", hours, () => 1000),
    ],
    { entities: ["country/IR"] },
  );
  assert.equal(events.length, 1);
  assert.deepEqual(events[0]?.timeline, [
    { entity: "region/IR/Fars", signal: "probing", start: iso(242), fell: iso(243), depth: 0.05 },
    { entity: "region/IR/Tehran", signal: "probing", start: iso(245), fell: iso(245), depth: 0.05 },
  ]);
  assert.match(events[0]?.explanation ?? "", /First to fall: region\/IR\/Fars \(2026-01-11 03:00 UTC\), region\/IR\/Tehran/);
});

test("detectEvents() calls a region's event regional when its country stays up", () => {
  const hours = 20 * 24;
  const events = detectEvents([
    hourly("country/IR", "probing", hours, cut(244, 260, 0.9)),
    hourly("region/IR/Khuzestan", "probing", hours, cut(244, 260, 0.1)),
  ]);
  assert.deepEqual(events.map((e) => [e.entity, e.kind]), [["region/IR/Khuzestan", "regional"]]);
  assert.match(events[0]?.evidence ?? "", /country\/IR stays above its critical level \(lowest 90 % of baseline\)/);
});

test("detectEvents() calls it mobile-first when mobile networks fall hours before fixed ones", () => {
  const hours = 20 * 24;
  const [e] = detectEvents(
    [
      hourly("country/IR", "probing", hours, cut(240, 270, 0.1)),
      hourly("country-asn/IR/44244", "probing", hours, cut(240, 270, 0.01)),
      hourly("country-asn/IR/197207", "probing", hours, cut(241, 270, 0.01)),
      hourly("country-asn/IR/58224", "probing", hours, cut(246, 270, 0.05)),
      hourly("country-asn/IR/31549", "probing", hours, cut(247, 270, 0.05)),
    ],
    { entities: ["country/IR"], mobileAsns: new Set([44244, 197207, 57218]) },
  );
  assert.equal(e?.kind, "mobile-first");
  assert.match(e?.evidence ?? "", /mobile networks fell 6 h before fixed ones/);
});

test("detectEvents() calls the same hours on consecutive days a curfew", () => {
  // Mobile curfew 16:00–24:00 UTC on 4 days.
  const v = (i: number): number => (i >= 10 * 24 && i < 14 * 24 && i % 24 >= 16 ? 30 : 1000);
  const events = detectEvents([hourly("country-asn/IR/44244", "probing", 20 * 24, v)]);
  assert.equal(events.length, 4);
  assert.ok(events.every((e) => e.kind === "curfew"));
  assert.match(events[0]?.evidence ?? "", /one of 4 events starting at the same time of day on consecutive days/);
});

test("detectEvents() reports only events overlapping from–until", () => {
  const v = cut(10 * 24, 11 * 24, 0.1);
  const series = [hourly("country/IR", "probing", 20 * 24, v)];
  assert.equal(detectEvents(series, { from: T0 + 12 * DAY }).length, 0);
  assert.equal(detectEvents(series, { from: T0 + 10.5 * DAY }).length, 1);
});
