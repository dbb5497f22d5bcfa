import assert from "node:assert/strict";
import { test } from "node:test";
import { InputSyntaxError } from "../model/errors.ts";
import { eligibleBlocks } from "./eligible-blocks.ts";
import { readResponseHistory } from "./read-response-history.ts";

// ISI's own example lines (ant.isi.edu/datasets/ipv4_history/format.html, fake addresses).
const ISI_EXAMPLE = "#fsdb -F t hex_ip history score\n0a0025d6\t1ffffffff\t99\n0a002615\t3ffff\t99\n0a002713\t10000009\t36\n0a002a01\t200020000\t0\n";

test("ISI's example: E(b) and A over the last 16 censuses", () => {
  const h = readResponseHistory(ISI_EXAMPLE, "example.fsdb");
  assert.equal(h.addresses, 4);
  assert.equal(h.censuses, 16);
  // 10.0.37.0/24: .214 answered all 16 recent censuses.
  const b37 = h.blocks.find((b) => b.block === (10 << 16) + 37);
  assert.deepEqual(b37, { block: (10 << 16) + 37, addresses: [214], availability: 1 });
  // 10.0.39.19: 0x10000009 → bits 0 and 3 within the last 16: 2 of 16.
  const b39 = h.blocks.find((b) => b.block === (10 << 16) + 39);
  assert.deepEqual(b39?.availability, 2 / 16);
  // 10.0.42.1: 0x200020000 → bit 17 and 33, none in the last 16: not in E(b), no block.
  assert.equal(h.blocks.find((b) => b.block === (10 << 16) + 42), undefined);
});

test("a block of 20 addresses answering half the time is eligible; one of 10 is not", () => {
  const lines = ["#fsdb -F t hex_ip history score"];
  for (let h = 0; h < 20; h++) lines.push(`c6121${(h).toString(16).padStart(2, "0")}\taaaa\t50`);
  for (let h = 0; h < 10; h++) lines.push(`c6121f${h.toString(16)}\tffff\t99`.replace("c6121f", "c61220"));
  const { blocks } = readResponseHistory(`${lines.join("\n")}\n`, "t.fsdb");
  const e = eligibleBlocks(blocks);
  assert.equal(e.eligible.length, 1);
  assert.equal(e.eligible[0]?.availability, 0.5);
  assert.equal(e.tooFewAddresses, 1);
});

test("a hitlist with scores only: score ÷ 100 stands for availability", () => {
  const { blocks, fromHistory } = readResponseHistory("#fsdb -F t hex_ip score\nc6121001\t80\nc6121002\t40\nc6121003\t0\n", "h.fsdb");
  assert.equal(fromHistory, false);
  assert.equal(blocks.length, 1);
  assert.deepEqual(blocks[0]?.addresses, [1, 2]);
  assert.ok(Math.abs((blocks[0]?.availability ?? 0) - 0.6) < 1e-12);
});

test("bad lines are refused with the file, line and column", () => {
  assert.throws(() => readResponseHistory("hex_ip history\n", "x.fsdb"), (e: unknown) => e instanceof InputSyntaxError && /x\.fsdb line 1: expected an fsdb header/.test(e.message));
  assert.throws(() => readResponseHistory("#fsdb -F t hex_ip history score\n0a0025d6\t1fz\t99\n", "y.fsdb"), (e: unknown) => e instanceof InputSyntaxError && /y\.fsdb line 2 column history: not a hex bitmap/.test(e.message));
  assert.throws(() => readResponseHistory("#fsdb -F t hex_ip history score\n10.0.0.1\t1\t99\n", "z.fsdb"), /z\.fsdb line 2 column hex_ip/);
});
