import { test } from "node:test";
import assert from "node:assert/strict";
import type { OutageEvent } from "../model/outage-event.ts";
import { summarizeEvents } from "./summarize-events.ts";

const WINDOW = { from: Date.UTC(2019, 10, 11), until: Date.UTC(2019, 10, 20, 6) };

function event(start: string, end: string | null, depth: number, signal = "connectivity"): OutageEvent {
  return {
    entity: "country/IR", start, end, kind: "total", evidence: "", depth, score: 1,
    signals: [{ signal, depth, lowest: depth * 90, baseline: 90, at: start, score: 1 }],
    phases: [], timeline: [], explanation: "",
  };
}

test("summarizeEvents() names level and start of an ongoing event, in UTC", () => {
  const text = summarizeEvents("Iran", [event("2019-11-16T14:00:00.000Z", null, 0.05)], WINDOW);
  assert.equal(text, "Iran: connectivity down to 5 % of ordinary levels since 16 Nov 14:00 UTC, still ongoing at the end of the data.");
});

test("summarizeEvents() gives start, end and duration of ended events, joined by semicolons", () => {
  const text = summarizeEvents("Iran", [
    event("2019-11-12T01:00:00.000Z", "2019-11-12T04:30:00.000Z", 0.4, "bgp"),
    event("2019-11-16T14:00:00.000Z", "2019-11-19T08:00:00.000Z", 0.031),
  ], WINDOW);
  assert.equal(
    text,
    "Iran: routed IPv4 space (BGP) down to 40 % of ordinary levels from 12 Nov 01:00 UTC to 04:30 UTC (4 h); " +
      "connectivity down to 3 % of ordinary levels from 16 Nov 14:00 UTC to 19 Nov 08:00 UTC (2 d 18 h).",
  );
});

test("summarizeEvents() says when nothing was detected, and shortens long lists", () => {
  assert.equal(summarizeEvents("Iran", [], WINDOW), "Iran: no outage detected between 11 Nov 2019 00:00 UTC and 20 Nov 2019 06:00 UTC.");
  const many = Array.from({ length: 5 }, (_, i) => event(`2019-11-1${i + 1}T00:00:00.000Z`, `2019-11-1${i + 1}T03:00:00.000Z`, 0.2));
  assert.match(summarizeEvents("Iran", many, WINDOW), /; and 2 more \(see the table\)\.$/);
});
