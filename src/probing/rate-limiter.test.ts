import assert from "node:assert/strict";
import { test } from "node:test";
import { RateLimiter } from "./rate-limiter.ts";

test("sends are spaced at 1/pps: never more than pps in any second", async () => {
  let clock = 0;
  const sent: number[] = [];
  const limiter = new RateLimiter(10, {
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  });
  for (let i = 0; i < 35; i++) {
    await limiter.take();
    sent.push(clock);
  }
  for (let i = 10; i < sent.length; i++) assert.ok((sent[i] ?? 0) - (sent[i - 10] ?? 0) >= 1000 - 1e-9, `probes ${i - 10}–${i} within a second`);
  assert.equal(sent[34], 3400);
});

test("a rate that is not positive is refused", () => {
  assert.throws(() => new RateLimiter(0), RangeError);
  assert.throws(() => new RateLimiter(Number.NaN), RangeError);
});
