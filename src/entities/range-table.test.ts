import assert from "node:assert/strict";
import { test } from "node:test";
import { RangeTableBuilder } from "./range-table.ts";

test("RangeTableBuilder merges touching equal ranges and cuts overlaps first-come", () => {
  const b = new RangeTableBuilder(false);
  b.add(20, 29, 2);
  b.add(0, 9, 1);
  b.add(10, 14, 1);
  b.add(25, 40, 3);
  const t = b.build();
  assert.deepEqual([...t.starts], [0, 20, 30]);
  assert.deepEqual([...t.ends], [14, 29, 40]);
  assert.deepEqual([...t.values], [1, 2, 3]);
});

test("RangeTable.get() and stretch() answer inside ranges, in gaps and past the end", () => {
  const b = new RangeTableBuilder(true);
  b.add(10, 19, 7);
  b.add(30, 2 ** 48 - 1, 8);
  const t = b.build();
  assert.equal(t.get(9), null);
  assert.equal(t.get(10), 7);
  assert.equal(t.get(2 ** 48 - 1), 8);
  assert.deepEqual(t.stretch(0), { value: null, until: 9 });
  assert.deepEqual(t.stretch(12), { value: 7, until: 19 });
  assert.deepEqual(t.stretch(20), { value: null, until: 29 });
  const tail = new RangeTableBuilder(false);
  tail.add(0, 5, 1);
  assert.deepEqual(tail.build().stretch(6), { value: null, until: Infinity });
});
