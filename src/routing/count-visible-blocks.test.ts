import assert from "node:assert/strict";
import { test } from "node:test";
import { BlockAttribution } from "./block-attribution.ts";
import { computeVisibility } from "./compute-visibility.ts";
import { countVisibleBlocks } from "./count-visible-blocks.ts";
import { PrefixOrder } from "./prefix-order.ts";
import { RoutingState } from "./routing-state.ts";

const block = (dotted: string): number => dotted.split(".").reduce((v, o) => v * 256 + Number(o), 0) / 256;

/** 10.0.0.0/9 in country AA (region AA-1 for its first half), 10.128.0.0/9 in BB, the rest unknown. */
function attribution(): BlockAttribution {
  const v4 = {
    first: Float64Array.of(0, block("10.0.0.0"), block("10.64.0.0"), block("10.128.0.0"), block("11.0.0.0")),
    country: Int32Array.of(-1, 0, 0, 1, -1),
    region: Int32Array.of(-1, 0, -1, -1, -1),
  };
  const v6 = { first: Float64Array.of(0), country: Int32Array.of(-1), region: Int32Array.of(-1) };
  return new BlockAttribution(v4, v6, ["AA", "BB"], ["AA-1"]);
}

test("countVisibleBlocks() counts each /24 once across nested and overlapping prefixes, per entity", () => {
  const s = new RoutingState();
  const peer = s.peer("rrc00", "192.0.2.1", 10);
  const add = (prefix: string, asn: number): void => peer.announce(s.prefixes, s.prefixes.internText(prefix), s.origins.indexOf(asn));
  add("10.0.0.0/16", 100); // 256 /24s in AA, AA-1
  add("10.0.1.0/24", 100); // inside the /16: no new block
  add("10.0.128.0/17", 200); // inside too, but new for AS 200: 128
  add("10.127.255.0/24", 100); // AA, not in AA-1
  add("10.127.255.128/25", 300); // covers no whole /24
  add("10.128.0.0/23", 100); // 2 in BB
  add("12.0.0.0/24", 400); // unknown country
  const order = new PrefixOrder();
  order.update(s.prefixes);
  const v = computeVisibility(s, { fullFeedV4: 0 });
  const counts = countVisibleBlocks(v, 4, { order, origins: s.origins, attribution: attribution() });
  assert.equal(counts.total, 256 + 1 + 2 + 1);
  assert.deepEqual(counts.countries, new Map([["AA", 257], ["BB", 2]]));
  assert.deepEqual(counts.regions, new Map([["AA-1", 256]]));
  assert.deepEqual(counts.asns, new Map([[100, 259], [200, 128], [400, 1]]));
  assert.deepEqual(counts.countryAsns, new Map([["AA/100", 257], ["BB/100", 2], ["AA/200", 128]]));
});

test("countVisibleBlocks() sees prefixes added after the first sort, and drops withdrawn ones", () => {
  const s = new RoutingState();
  const peer = s.peer("rrc00", "192.0.2.1", 10);
  const order = new PrefixOrder();
  const id = s.prefixes.internText("10.0.0.0/24");
  peer.announce(s.prefixes, id, s.origins.indexOf(1));
  order.update(s.prefixes);
  peer.announce(s.prefixes, s.prefixes.internText("10.0.0.0/23"), s.origins.indexOf(1));
  peer.announce(s.prefixes, s.prefixes.internText("9.255.255.0/24"), s.origins.indexOf(1));
  order.update(s.prefixes);
  const ctx = { order, origins: s.origins, attribution: attribution() };
  assert.equal(countVisibleBlocks(computeVisibility(s, { fullFeedV4: 0 }), 4, ctx).total, 3);
  peer.withdraw(s.prefixes, s.prefixes.internText("10.0.0.0/23"));
  assert.equal(countVisibleBlocks(computeVisibility(s, { fullFeedV4: 0 }), 4, ctx).total, 2);
});
