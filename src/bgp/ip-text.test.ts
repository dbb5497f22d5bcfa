import assert from "node:assert/strict";
import { test } from "node:test";
import { ipv6Text, prefixText } from "./ip-text.ts";

const v6 = (text: string): Uint8Array => {
  const [head = "", tail = ""] = text.split("::");
  const h = head === "" ? [] : head.split(":");
  const t = tail === "" ? [] : tail.split(":");
  const groups = text.includes("::") ? [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t] : h;
  return Uint8Array.from(groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]));
};

test("ipv6Text() follows RFC 5952: longest zero run, first on a tie, never a lone zero group", () => {
  for (const text of ["::", "::1", "2001:db8::1", "2001:db8:0:1:1:1:1:1", "2001:0:0:1::1", "fe80::", "2001:db8:1::"]) {
    assert.equal(ipv6Text(v6(text), 0), text);
  }
  assert.equal(ipv6Text(v6("::ffff:c000:201"), 0), "::ffff:192.0.2.1");
});

test("prefixText() masks host bits (updates.nlri_mask_trailing_bits)", () => {
  assert.equal(prefixText(4, Uint8Array.from([11, 13]), 0, 13), "11.8.0.0/13");
  assert.equal(prefixText(4, Uint8Array.from([]), 0, 0), "0.0.0.0/0");
  assert.equal(prefixText(4, Uint8Array.from([10, 1, 2, 255]), 0, 32), "10.1.2.255/32");
  assert.equal(prefixText(6, Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0xff]), 0, 33), "2001:db8:8000::/33");
});
