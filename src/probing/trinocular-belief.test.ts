import assert from "node:assert/strict";
import { test } from "node:test";
import { BELIEF_MAX, BELIEF_MIN, blockStatus, negativesToDown, recoveryProbes, updateBelief } from "./trinocular-belief.ts";

test("a reply makes the block up, at the upper clamp", () => {
  assert.equal(updateBelief(0.02, 0.3, true), BELIEF_MAX);
  assert.equal(blockStatus(updateBelief(0.5, 0.3, true)), "up");
});

test("a silence lowers the belief by Bayes' rule: odds × (1 − A)", () => {
  // B = 0.99, A = 0.5: odds 99 → 49.5, B = 49.5 / 50.5.
  assert.ok(Math.abs(updateBelief(0.99, 0.5, false) - 49.5 / 50.5) < 1e-12);
  // Never below the lower clamp, even for a block that always answers.
  assert.equal(updateBelief(0.5, 1, false), BELIEF_MIN);
  assert.equal(updateBelief(BELIEF_MIN, 0.5, false), BELIEF_MIN);
});

test("availability 1 is clamped: one lost probe makes an up block uncertain, not down", () => {
  const b = updateBelief(BELIEF_MAX, 1, false);
  assert.equal(blockStatus(b), "uncertain");
});

test("the number of silences to down takes the belief just below 0.1", () => {
  for (const a of [0.1, 0.3, 0.5, 0.7, 0.9]) {
    const k = negativesToDown(BELIEF_MAX, a);
    let b = BELIEF_MAX;
    for (let i = 0; i < k - 1; i++) b = updateBelief(b, a, false);
    assert.notEqual(blockStatus(b), "down", `A=${a}: ${k - 1} silences are not yet enough`);
    b = updateBelief(b, a, false);
    assert.equal(blockStatus(b), "down", `A=${a}: ${k} silences are`);
  }
  assert.equal(negativesToDown(0.05, 0.5), 0);
});

test("recovery probes: enough that an up block answers one with 95 % probability", () => {
  assert.equal(recoveryProbes(0.7), 3); // 1 − 0.3³ = 0.973; 1 − 0.3² = 0.91
  assert.equal(recoveryProbes(0.1), 29);
  assert.equal(recoveryProbes(0.99), 1);
});
