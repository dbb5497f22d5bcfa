import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeValueAt, decodeValues, encodeValues, type Reference } from "./value-codec.ts";

/** A seeded PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Values of every kind the store meets: runs, no data, small and huge integers, fractions, negatives. */
function values(next: () => number, n: number): Float64Array {
  const out = new Float64Array(n);
  let level = Math.floor(next() * 1e6);
  for (let i = 0; i < n; i++) {
    const r = next();
    if (r < 0.1) out[i] = Number.NaN;
    else if (r < 0.5) out[i] = level;
    else if (r < 0.7) out[i] = level = Math.max(0, level + Math.floor(next() * 200) - 100);
    else if (r < 0.8) out[i] = next() * 100 - 50;
    else if (r < 0.85) out[i] = (next() < 0.5 ? -1 : 1) * 2 ** 53 * next();
    else if (r < 0.9) out[i] = Number.MAX_VALUE * (next() < 0.5 ? -1 : 1);
    else out[i] = 0;
  }
  return out;
}

const same = (a: number, b: number): boolean => (Number.isNaN(a) && Number.isNaN(b)) || Object.is(a, b) || a === b;

test("encodeValues() then decodeValues() and decodeValueAt() give back every value exactly, with either reference", () => {
  const next = random(2019);
  for (let round = 0; round < 300; round++) {
    const n = 1 + Math.floor(next() * 1100);
    const data = values(next, n);
    const refs: Reference[] = [{ kind: "previous" }, { kind: "array", values: values(next, Math.floor(next() * n * 1.2)) }];
    for (const ref of refs) {
      const bytes = encodeValues(data, ref);
      const back = decodeValues(bytes, n, ref);
      for (let i = 0; i < n; i++) assert.ok(same(back[i]!, data[i]!), `round ${round} ${ref.kind} [${i}]: ${back[i]} ≠ ${data[i]}`);
      for (let k = 0; k < 5; k++) {
        const i = Math.floor(next() * n);
        assert.ok(same(decodeValueAt(bytes, i, ref), data[i]!), `decodeValueAt round ${round} ${ref.kind} [${i}]`);
      }
    }
  }
});

test("encodeValues(): an unchanged day of 288 bins costs 6 bytes, a day without data 3", () => {
  assert.equal(encodeValues(new Float64Array(288).fill(12_754)).length, 6);
  assert.equal(encodeValues(new Float64Array(288).fill(Number.NaN)).length, 3);
  const base = new Float64Array(1024).map((_, i) => i * 37);
  assert.equal(encodeValues(base.slice(), { kind: "array", values: base }).length, 3);
});

test("decodeValues() of damaged bytes throws a RangeError naming the place, never loops", () => {
  const bytes = encodeValues(new Float64Array([0.5, 1, 2]));
  assert.throws(() => decodeValues(bytes.subarray(0, 4), 3), { name: "RangeError", message: /float64 at byte 1 runs past the 4 bytes/ });
  assert.throws(() => decodeValues(new Uint8Array([0x80]), 1), { name: "RangeError", message: /varint runs past/ });
});
