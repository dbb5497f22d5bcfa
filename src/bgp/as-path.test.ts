import assert from "node:assert/strict";
import { test } from "node:test";
import type { AsPathSegment } from "../model/bgp-elem.ts";
import { asPathLength, asPathText, decodeAsPath, mergeAs4Path, originAsns } from "./as-path.ts";
import { BgpSyntaxError } from "./bgp-syntax-error.ts";

const seq = (...asns: number[]): AsPathSegment => ({ kind: "sequence", asns });
const set = (...asns: number[]): AsPathSegment => ({ kind: "set", asns });

test("decodeAsPath() reads 2- and 4-byte segments of every kind", () => {
  const two = Uint8Array.from([2, 2, 0x0c, 0xb9, 0x1b, 0x1b, 1, 2, 0, 1, 0, 2]);
  assert.deepEqual(decodeAsPath(two, 0, two.length, 2), [seq(3257, 6939), set(1, 2)]);
  const four = Uint8Array.from([3, 1, 0, 0, 0xfd, 0xe8, 2, 1, 0xfa, 0x56, 0xea, 0x00]);
  assert.deepEqual(decodeAsPath(four, 0, four.length, 4), [{ kind: "confed_sequence", asns: [65000] }, seq(4200000000)]);
});

test("decodeAsPath() rejects an unknown segment type and a segment longer than the attribute", () => {
  assert.throws(() => decodeAsPath(Uint8Array.from([7, 1, 0, 1]), 0, 4, 2), (e: unknown) => e instanceof BgpSyntaxError && /type 7/.test(e.message));
  assert.throws(() => decodeAsPath(Uint8Array.from([2, 3, 0, 1]), 0, 4, 2), (e: unknown) => e instanceof BgpSyntaxError && /3 ASNs needs 6 bytes, 2 left/.test(e.message));
});

test("mergeAs4Path() keeps the leading ASNs AS4_PATH lacks (RFC 6793 §4.2.3)", () => {
  // A 2-byte speaker prepended 3257 and 1299 to a path whose tail has 4-byte ASNs.
  const asPath = [seq(3257, 1299, 23456, 23456)];
  const as4Path = [seq(1299, 4200000000, 4200000001)];
  assert.deepEqual(asPathText(mergeAs4Path(asPath, as4Path)), "3257 1299 4200000000 4200000001");
});

test("mergeAs4Path() ignores an AS4_PATH longer than AS_PATH and counts a set as one", () => {
  assert.deepEqual(mergeAs4Path([seq(1, 2)], [seq(5, 6, 7)]), [seq(1, 2)]);
  assert.equal(asPathLength([seq(1, 2), set(3, 4, 5)]), 3);
  assert.equal(asPathText(mergeAs4Path([seq(1, 23456), set(3, 4)], [seq(400000), set(3, 4)])), "1 400000 {3,4}");
});

test("originAsns() is the last ASN, or every ASN of a final set", () => {
  assert.deepEqual(originAsns([seq(1, 2, 3)]), [3]);
  assert.deepEqual(originAsns([seq(1), set(7, 8)]), [7, 8]);
  assert.deepEqual(originAsns([]), []);
});
