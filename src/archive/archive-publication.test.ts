import assert from "node:assert/strict";
import { test } from "node:test";
import { dueAt, dueFor, dueUntil } from "./archive-publication.ts";

const T = (iso: string): number => Date.parse(iso);

test("a file is due after its period and the project's delay; dueFor and dueUntil agree", () => {
  assert.equal(dueAt("rrc00", "updates", T("2026-12-07T12:00Z")), T("2026-12-07T12:10Z"));
  assert.equal(dueAt("route-views2", "updates", T("2026-12-07T12:00Z")), T("2026-12-07T12:25Z"));
  assert.equal(dueAt("rrc00", "rib", T("2026-12-07T08:00Z")), T("2026-12-07T08:30Z"));
  // The bin ending at 12:05 needs RIS's 12:00 file (due 12:10) and RouteViews' 12:00 quarter (due 12:25).
  assert.equal(dueFor("rrc00", T("2026-12-07T12:05Z")), T("2026-12-07T12:10Z"));
  assert.equal(dueFor("route-views2", T("2026-12-07T12:05Z")), T("2026-12-07T12:25Z"));
  for (const c of ["rrc00", "route-views.linx"]) {
    for (let end = T("2026-12-07T12:05Z"); end < T("2026-12-07T13:00Z"); end += 300_000) {
      assert.ok(dueUntil(c, dueFor(c, end)) >= end, `${c} ${new Date(end).toISOString()}`);
      assert.ok(dueUntil(c, dueFor(c, end) - 1) < end, `${c} ${new Date(end).toISOString()}: not a millisecond earlier`);
    }
  }
});
