import assert from "node:assert/strict";
import { test } from "node:test";
import { simulateRound } from "./simulate-round.ts";
import type { TargetBlock } from "./target-block.ts";
import { TrinocularScheduler } from "./trinocular-scheduler.ts";

/** A seeded generator (mulberry32), so every run sees the same replies. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const blocks = (n: number, availability: number): TargetBlock[] =>
  Array.from({ length: n }, (_, i) => ({ block: (198 << 16) + (18 << 8) + i, addresses: Array.from({ length: 64 }, (_, h) => 64 + h), availability }));

const ups = (s: TrinocularScheduler): number => s.blocks.filter((_, i) => s.status(i) === "up").length;

test("up blocks with availability 0.7 settle as up in two rounds and stay up", () => {
  const random = seeded(1);
  const s = new TrinocularScheduler(blocks(200, 0.7));
  // Round one starts uncertain (0.5): two silences in a row (9 %) make a block down…
  simulateRound(s, () => random() < 0.7);
  assert.ok(ups(s) >= 170 && ups(s) < 200, `up after round one: ${ups(s)}`);
  // …which recovery probing undoes in round two. So the prober reports from round two on.
  simulateRound(s, () => random() < 0.7);
  assert.ok(ups(s) >= 198, `up after round two: ${ups(s)}`);
  let least = 200;
  for (let r = 0; r < 50; r++) {
    simulateRound(s, () => random() < 0.7);
    least = Math.min(least, ups(s));
  }
  // A block goes down only after 4 more silences in a row once uncertain: 0.3⁴ < 1 %.
  assert.ok(least >= 196, `fewest up blocks over 50 rounds: ${least}`);
});

test("a cut takes every block down within two rounds, and one round brings them back", () => {
  const random = seeded(2);
  const s = new TrinocularScheduler(blocks(200, 0.7));
  for (let r = 0; r < 5; r++) simulateRound(s, () => random() < 0.7);
  simulateRound(s, () => false);
  const afterOne = ups(s);
  simulateRound(s, () => false);
  assert.equal(s.blocks.filter((_, i) => s.status(i) === "down").length, 200, `after two silent rounds (up after one: ${afterOne})`);
  simulateRound(s, () => random() < 0.7);
  // Recovery probes: each down block gets 3 probes, 1 − 0.3³ = 97.3 % see a reply.
  assert.ok(ups(s) >= 185, `up after one round back: ${ups(s)}`);
});

test("no block is ever sent more than its budget in a round", () => {
  const s = new TrinocularScheduler(blocks(50, 0.1), { budget: 15 });
  for (let r = 0; r < 10; r++) {
    simulateRound(s, () => false);
    for (let i = 0; i < 50; i++) assert.ok(s.probesThisRound(i) <= 15);
  }
});

test("the periodic probes visit every ever-responsive address once per cycle", () => {
  const s = new TrinocularScheduler([{ block: 12345, addresses: [1, 2, 3, 5, 8, 13, 21], availability: 0.9 }]);
  const seen: number[] = [];
  for (let r = 0; r < 14; r++) {
    s.beginRound();
    const hosts = s.nextProbes(0);
    seen.push(...hosts);
    s.observe(0, hosts.map(() => true));
  }
  assert.deepEqual([...seen.slice(0, 7)].sort((a, b) => a - b), [1, 2, 3, 5, 8, 13, 21]);
  assert.deepEqual(seen.slice(7), seen.slice(0, 7));
});

test("slices spread the blocks over the round", () => {
  const s = new TrinocularScheduler(blocks(6000, 0.5));
  const sizes = s.bySlice().map((x) => x.length);
  assert.equal(sizes.length, 60);
  assert.ok(Math.min(...sizes) > 60 && Math.max(...sizes) < 140, `slice sizes ${Math.min(...sizes)}–${Math.max(...sizes)}`);
});
