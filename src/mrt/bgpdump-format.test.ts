import assert from "node:assert/strict";
import { test } from "node:test";
import { bgpdumpAsPath, bgpdumpCommunities, bgpdumpIpv6 } from "./bgpdump-format.ts";

test("bgpdumpIpv6() compresses a lone zero group and prints IPv4-compatible addresses dotted, as bgpdump's fmt_ipv6", () => {
  assert.equal(bgpdumpIpv6("2001:db8:0:1:1:1:1:1"), "2001:db8::1:1:1:1:1");
  assert.equal(bgpdumpIpv6("0:1:2:3:4:5:6:7/128"), "::1:2:3:4:5:6:7/128");
  assert.equal(bgpdumpIpv6("1:2:3:4:5:6:7:0"), "1:2:3:4:5:6:7::");
  assert.equal(bgpdumpIpv6("::c000:201"), "::192.0.2.1");
  assert.equal(bgpdumpIpv6("::1"), "::1");
  assert.equal(bgpdumpIpv6("2001:db8::/32"), "2001:db8::/32");
  assert.equal(bgpdumpIpv6("::ffff:193.0.0.56"), "::ffff:193.0.0.56");
});

test("bgpdumpAsPath() writes sets, confederations and their joins as bgpdump does", () => {
  assert.equal(bgpdumpAsPath([{ kind: "sequence", asns: [1, 2] }, { kind: "set", asns: [3, 4] }]), "1 2 {3,4}");
  assert.equal(bgpdumpAsPath([{ kind: "confed_sequence", asns: [65001, 65002] }, { kind: "sequence", asns: [3] }]), "(65001 65002) 3");
  assert.equal(bgpdumpAsPath([{ kind: "confed_set", asns: [1, 2] }]), "[1,2]");
  const long = bgpdumpAsPath([{ kind: "sequence", asns: Array.from({ length: 2000 }, (_, i) => 100000 + i) }]);
  assert.ok(long.endsWith("...") && long.length < 8000);
});

test("bgpdumpCommunities() names the well-known communities", () => {
  assert.equal(bgpdumpCommunities([0xffffff01, 0xffffff02, 0xffffff03, 0xffffff04, (3257 << 16) + 4000]), "no-export no-advertise local-AS 65535:65284 3257:4000");
});
