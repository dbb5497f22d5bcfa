import assert from "node:assert/strict";
import { test } from "node:test";
import { computeVisibility, SEVERAL_ORIGINS, visibilityThreshold } from "./compute-visibility.ts";
import { RoutingState } from "./routing-state.ts";

/** Three full-feed IPv4 peers in two ASes (AS 10 has two sessions) and one partial peer. */
function sample(): RoutingState {
  const s = new RoutingState();
  const a = s.peer("rrc00", "192.0.2.1", 10);
  const a2 = s.peer("route-views2", "198.51.100.1", 10);
  const b = s.peer("rrc00", "192.0.2.2", 20);
  const small = s.peer("rrc00", "192.0.2.3", 30);
  const p = (text: string): number => s.prefixes.internText(text);
  const o = (asn: number | null): number => s.origins.indexOf(asn);
  for (let i = 0; i < 5; i++) {
    a.announce(s.prefixes, p(`10.${i}.0.0/16`), o(100));
    b.announce(s.prefixes, p(`10.${i}.0.0/16`), o(100));
  }
  a2.announce(s.prefixes, p("10.0.0.0/16"), o(100));
  a2.announce(s.prefixes, p("10.9.0.0/16"), o(900)); // seen by AS 10 only, through its second session
  for (let i = 0; i < 3; i++) a2.announce(s.prefixes, p(`10.${20 + i}.0.0/16`), o(100));
  small.announce(s.prefixes, p("10.50.0.0/16"), o(500));
  return s;
}

test("visibilityThreshold() is the smallest count at or above the share", () => {
  assert.equal(visibilityThreshold(2, 0.5), 1);
  assert.equal(visibilityThreshold(3, 0.5), 2);
  assert.equal(visibilityThreshold(10, 0.3), 3);
  assert.equal(visibilityThreshold(0, 0.5), 0);
  assert.equal(visibilityThreshold(5, 0), 1);
});

test("computeVisibility() counts full-feed peer ASNs, not sessions, and ignores partial peers", () => {
  const s = sample();
  const v = computeVisibility(s, { fullFeedV4: 4, visibleShare: 1 });
  // Peers with more than 4 routes: a (5), a2 (5), b (5); ASes 10 and 20.
  assert.equal(v.v4.fullFeedPeers, 3);
  assert.equal(v.v4.fullFeedAsns, 2);
  assert.equal(v.v4.threshold, 2);
  const visible = (text: string): number => v.visible[s.prefixes.internText(text, false)]!;
  assert.equal(visible("10.0.0.0/16"), 1);
  assert.equal(visible("10.9.0.0/16"), 0); // AS 10 only
  assert.equal(visible("10.50.0.0/16"), 0); // a partial peer does not count
  assert.equal(v.v4.visiblePrefixes, 5);
  assert.equal(v.v6.threshold, 0);
});

test("computeVisibility() keeps the origins seen by enough ASNs, several when they tie", () => {
  const s = sample();
  const b = s.findPeer("rrc00", "192.0.2.2", 20)!;
  const id = s.prefixes.internText("10.1.0.0/16");
  b.announce(s.prefixes, id, s.origins.indexOf(200)); // now AS 10 sees origin 100, AS 20 origin 200
  const v = computeVisibility(s, { fullFeedV4: 4, visibleShare: 0.5 });
  assert.equal(v.visible[id], 1);
  assert.equal(v.origin[id], SEVERAL_ORIGINS);
  assert.deepEqual(v.moreOrigins.get(id)?.map((o) => s.origins.asnOf(o)).sort(), [100, 200]);
  const strict = computeVisibility(s, { fullFeedV4: 4, visibleShare: 1 });
  assert.equal(strict.visible[id], 1);
  assert.equal(strict.origin[id], 0); // no single origin reaches both ASes
});

test("a session going down drops the peer's routes from visibility; only named collectors count", () => {
  const s = sample();
  s.findPeer("rrc00", "192.0.2.2", 20)!.clear();
  const v = computeVisibility(s, { fullFeedV4: 4, visibleShare: 1 });
  assert.equal(v.v4.fullFeedAsns, 1);
  assert.equal(v.v4.visiblePrefixes, 9); // AS 10's union: 10.0–4, 10.9, 10.20–22
  const rrc = computeVisibility(sample(), { fullFeedV4: 4, visibleShare: 1, collectors: new Set(["rrc00"]) });
  assert.equal(rrc.v4.fullFeedPeers, 2);
});
