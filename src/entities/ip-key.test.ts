import assert from "node:assert/strict";
import { test } from "node:test";
import { ipKey, ipv4Key, ipv6Groups, prefixKeys } from "./ip-key.ts";

test("ipv4Key() reads dotted quads and rejects anything else", () => {
  assert.equal(ipv4Key("5.62.192.0"), 87998464);
  assert.equal(ipv4Key("255.255.255.255"), 0xffffffff);
  for (const bad of ["1.2.3", "1.2.3.256", "1.2.3.x", "", "1..2.3"]) assert.equal(ipv4Key(bad), null, bad);
});

test("ipv6Groups() reads the RFC 4291 §2.2 text forms", () => {
  assert.deepEqual(ipv6Groups("::"), [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(ipv6Groups("::1"), [0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(ipv6Groups("2a01:5ec0::"), [0x2a01, 0x5ec0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(ipv6Groups("2001:db8:0:0:1:0:0:1"), [0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]);
  assert.deepEqual(ipv6Groups("::ffff:192.0.2.1"), [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201]);
  assert.deepEqual(ipv6Groups("::192.0.2.1"), [0, 0, 0, 0, 0, 0, 0xc000, 0x0201]);
  for (const bad of ["1::2::3", "12345::", "1:2:3:4:5:6:7", "g::", "1:2:3:4:5:6:7:8:9"]) assert.equal(ipv6Groups(bad), null, bad);
});

test("ipKey() gives IPv6 addresses their /48 index and says whether they start it", () => {
  assert.deepEqual(ipKey("2a01:5ec0::"), { family: 6, key: 0x2a015ec00000, blockStart: true });
  assert.deepEqual(ipKey("2a01:5ec0:0:1::"), { family: 6, key: 0x2a015ec00000, blockStart: false });
  assert.deepEqual(ipKey("2a01:5ec0:ffff:ffff:ffff:ffff:ffff:ffff"), { family: 6, key: 0x2a015ec0ffff, blockStart: false });
});

test("prefixKeys() masks host bits and covers the prefix's keys", () => {
  assert.deepEqual(prefixKeys("5.62.192.0/18"), { family: 4, length: 18, first: 87998464, last: 87998464 + 16383 });
  assert.deepEqual(prefixKeys("11.13.0.0/13"), { family: 4, length: 13, first: ipv4Key("11.8.0.0"), last: ipv4Key("11.15.255.255") });
  assert.deepEqual(prefixKeys("0.0.0.0/0"), { family: 4, length: 0, first: 0, last: 0xffffffff });
  assert.deepEqual(prefixKeys("2a01:5ec0::/32"), { family: 6, length: 32, first: 0x2a015ec00000, last: 0x2a015ec0ffff });
  assert.deepEqual(prefixKeys("2a01:5ec0:1:2::/64"), { family: 6, length: 64, first: 0x2a015ec00001, last: 0x2a015ec00001 });
  for (const bad of ["5.62.192.0", "5.62.192.0/33", "::/129", "x/8"]) assert.equal(prefixKeys(bad), null, bad);
});
