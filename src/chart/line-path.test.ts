import { test } from "node:test";
import assert from "node:assert/strict";
import { bandPath, linePath } from "./line-path.ts";

test("linePath() breaks the line at a null: a new subpath starts after the gap", () => {
  const { d, isolated } = linePath([[0, 10], [1, 11], null, null, [4, 14], [5, 15]]);
  assert.equal(d, "M0,10L1,11M4,14L5,15");
  assert.deepEqual(isolated, []);
});

test("linePath() returns a point between two gaps as isolated, not as a path", () => {
  const { d, isolated } = linePath([[0, 10], [1, 11], null, [3, 13], null, [5, 15], [6, 16]]);
  assert.equal(d, "M0,10L1,11M5,15L6,16");
  assert.deepEqual(isolated, [[3, 13]]);
});

test("linePath() of all nulls is empty", () => {
  assert.deepEqual(linePath([null, null]), { d: "", isolated: [] });
});

test("bandPath() closes one area per run where both edges are defined", () => {
  const d = bandPath([[0, 1], [1, 2], null, [3, 4], [4, 5]], [[0, 9], [1, 9], [2, 9], null, [4, 9]]);
  assert.equal(d, "M0,1L1,2L1,9L0,9Z");
});
