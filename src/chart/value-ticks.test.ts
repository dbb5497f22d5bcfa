import { test } from "node:test";
import assert from "node:assert/strict";
import { formatTicks, valueTicks } from "./value-ticks.ts";

test("valueTicks() covers [0, max] in round steps", () => {
  assert.deepEqual(valueTicks(95, 5), [0, 20, 40, 60, 80, 100]);
  assert.deepEqual(valueTicks(0.3, 3), [0, 0.1, 0.2, 0.3]);
  assert.deepEqual(valueTicks(0, 5), [0, 1]);
});

test("formatTicks() labels all ticks in the unit of the largest, with the decimals the step needs", () => {
  assert.deepEqual(formatTicks([0, 2000, 4000, 6000, 8000, 10_000]), ["0", "2k", "4k", "6k", "8k", "10k"]);
  assert.deepEqual(formatTicks([0, 500_000, 1_000_000, 1_500_000]), ["0", "0.5M", "1.0M", "1.5M"]);
  assert.deepEqual(formatTicks([0, 0.1, 0.2, 0.3]), ["0", "0.1", "0.2", "0.3"]);
  assert.deepEqual(formatTicks([0, 500, 1000, 1500, 2000, 2500]), ["0", "500", "1000", "1500", "2000", "2500"]);
});
