import assert from "node:assert/strict";
import { test } from "node:test";
import type { OutageEvent } from "../model/outage-event.ts";
import { markCurfews } from "./mark-curfews.ts";

const event = (start: number): OutageEvent => ({
  entity: "country/XL", start: new Date(start).toISOString(), end: new Date(start + 20_000).toISOString(), kind: "partial", evidence: "x",
  depth: 0.3, score: 1, signals: [], phases: [], timeline: [], explanation: "",
});

test("a compressed day: three events a 'day' of 60 s apart are a curfew; with 24-hour days they are not", () => {
  const t0 = Date.UTC(2026, 0, 1);
  const events = [event(t0), event(t0 + 60_000), event(t0 + 121_000)];
  const lab = markCurfews(events, { minDays: 3, toleranceMs: 5_000, periodMs: 60_000 });
  assert.deepEqual(lab.map((e) => e.kind), ["curfew", "curfew", "curfew"]);
  assert.match(lab[0]?.evidence ?? "", /one of 3 events/);
  assert.deepEqual(markCurfews(events, { minDays: 3, toleranceMs: 5_000 }).map((e) => e.kind), ["partial", "partial", "partial"]);
});
