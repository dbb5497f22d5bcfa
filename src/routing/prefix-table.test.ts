import assert from "node:assert/strict";
import { test } from "node:test";
import { PrefixTable } from "./prefix-table.ts";

test("PrefixTable interns IPv4 and IPv6 prefixes to dense ids, masking host bits", () => {
  const t = new PrefixTable();
  const a = t.internText("192.0.2.0/24");
  const b = t.internText("2001:db8::/32");
  assert.deepEqual([a, b], [0, 1]);
  assert.equal(t.internText("192.0.2.77/24"), a);
  assert.equal(t.internText("2001:db8:ffff::/32"), b);
  assert.notEqual(t.internText("192.0.2.0/25"), a);
  assert.equal(t.text(a), "192.0.2.0/24");
  assert.equal(t.text(b), "2001:db8::/32");
  assert.equal(t.text(t.internText("::/0")), "::/0");
  assert.equal(t.text(t.internText("2a01:5ec0:1:2::/64")), "2a01:5ec0:1:2::/64");
  assert.equal(t.internText("198.51.100.0/24", false), -1);
  assert.throws(() => t.internText("192.0.2.0/33"), TypeError);
  assert.throws(() => t.internText("bogus"), TypeError);
});

test("PrefixTable.internBytes() reads NLRI bytes and agrees with internText()", () => {
  const t = new PrefixTable();
  const id = t.internText("10.128.0.0/9");
  assert.equal(t.internBytes(4, Uint8Array.of(10, 0xff), 0, 9), id);
  const v6 = t.internText("2001:db8:1234::/48");
  assert.equal(t.internBytes(6, Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34), 0, 48), v6);
});

test("PrefixTable keeps every id through growth (100 000 prefixes)", () => {
  const t = new PrefixTable();
  for (let i = 0; i < 100_000; i++) assert.equal(t.intern(4, i * 256, 0, 0, 0, 24), i);
  for (let i = 0; i < 100_000; i += 997) assert.equal(t.intern(4, i * 256 + 5, 0, 0, 0, 24, false), i);
  assert.equal(t.size, 100_000);
});

test("PrefixTable.blocks() counts whole /24s and /48s only", () => {
  const t = new PrefixTable();
  assert.deepEqual(t.blocks(t.internText("5.62.192.0/18")), { first: 87998464 / 256, count: 64 });
  assert.deepEqual(t.blocks(t.internText("5.62.192.0/25")), { first: 0, count: 0 });
  assert.deepEqual(t.blocks(t.internText("2a01:5ec0::/32")), { first: 0x2a015ec00000, count: 65536 });
  assert.deepEqual(t.blocks(t.internText("2a01:5ec0::/64")), { first: 0, count: 0 });
  assert.deepEqual(t.blocks(t.internText("0.0.0.0/0")), { first: 0, count: 2 ** 24 });
});
