import assert from "node:assert/strict";
import { test } from "node:test";
import { originOfPath } from "./origin-of-path.ts";

test("originOfPath() takes the last ASN, a one-ASN final set, and skips confederation segments", () => {
  assert.equal(originOfPath([{ kind: "sequence", asns: [1853, 1239, 80] }]), 80);
  assert.equal(originOfPath([{ kind: "sequence", asns: [1, 2] }, { kind: "set", asns: [7] }]), 7);
  assert.equal(originOfPath([{ kind: "sequence", asns: [1, 2] }, { kind: "confed_sequence", asns: [65000] }]), 2);
});

test("originOfPath() gives null for a final set of several ASNs, an empty path and no path", () => {
  assert.equal(originOfPath([{ kind: "sequence", asns: [1, 2] }, { kind: "set", asns: [7, 8] }]), null);
  assert.equal(originOfPath([]), null);
  assert.equal(originOfPath(undefined), null);
});
