import assert from "node:assert/strict";
import test from "node:test";
import { isoGrid, isoSeconds } from "./format-time.ts";

test("isoGrid() writes each grid time as isoSeconds() does, across days, years and leap days", () => {
  const cases: [number, number, number][] = [
    [Date.UTC(2026, 9, 2), 300_000, 8640],
    [Date.UTC(2023, 11, 31, 23, 0, 0), 60_000, 180],
    [Date.UTC(2024, 1, 28, 22, 0, 0), 3_600_000, 30],
    [Date.UTC(1969, 11, 31, 23, 59, 0), 7_000, 30],
    [Date.UTC(2026, 0, 1) + 500, 1_500, 10],
  ];
  for (const [start, step, n] of cases) {
    const expected = Array.from({ length: n }, (_, i) => isoSeconds(start + i * step));
    assert.deepEqual(isoGrid(start, step, n), expected, `grid from ${isoSeconds(start)} every ${step} ms`);
  }
  assert.equal(isoSeconds(Date.UTC(2019, 10, 16, 18, 30)), "2019-11-16T18:30:00Z");
  assert.equal(isoSeconds(Date.UTC(2019, 10, 16, 18, 30) + 5), "2019-11-16T18:30:00.005Z");
});
