import assert from "node:assert/strict";
import { test } from "node:test";
import { shiftedClock, type Clock } from "./clock.ts";

test("a shifted clock starts at its time and runs at its speed, sleeping the shortened time", async () => {
  let t = 1000;
  const slept: number[] = [];
  const base: Clock = { now: () => t, sleep: async (ms) => void slept.push(ms) };
  const clock = shiftedClock(Date.UTC(2002, 6, 23), 60, base);
  assert.equal(clock.now(), Date.UTC(2002, 6, 23));
  t += 1000;
  assert.equal(clock.now(), Date.UTC(2002, 6, 23) + 60_000);
  await clock.sleep(300_000);
  assert.deepEqual(slept, [5000]);
});
