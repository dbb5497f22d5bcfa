import assert from "node:assert/strict";
import { test } from "node:test";
import { computeVisibility, type VisibilityOptions } from "./compute-visibility.ts";
import { ChangedPrefixes, MAX_TRACKED } from "./changed-prefixes.ts";
import { RoutingState } from "./routing-state.ts";
import { VisibilityTracker } from "./visibility-tracker.ts";

const OPTIONS: VisibilityOptions = { fullFeedV4: 4, fullFeedV6: 1, visibleShare: 0.5 };

/** Full-feed IPv4 peers a, a2 (both AS 10) and b (AS 20), a partial peer c, and IPv6 peers d, e; 34 prefixes. */
function sample(): RoutingState {
  const s = new RoutingState();
  const a = s.peer("rrc00", "192.0.2.1", 10);
  const a2 = s.peer("rrc01", "192.0.2.9", 10);
  const b = s.peer("rrc00", "192.0.2.2", 20);
  const c = s.peer("rrc00", "192.0.2.3", 30);
  const d = s.peer("rrc00", "2001:db8::1", 40);
  const e = s.peer("rrc00", "2001:db8::2", 50);
  const p = (text: string): number => s.prefixes.internText(text);
  const o = (asn: number | null): number => s.origins.indexOf(asn);
  for (let i = 0; i < 6; i++) {
    a.announce(s.prefixes, p(`10.${i}.0.0/16`), o(100));
    b.announce(s.prefixes, p(`10.${i}.0.0/16`), o(i === 2 ? 200 : 100));
  }
  for (let i = 0; i < 20; i++) {
    a.announce(s.prefixes, p(`10.${100 + i}.0.0/16`), o(100));
    b.announce(s.prefixes, p(`10.${100 + i}.0.0/16`), o(100));
  }
  for (let i = 0; i < 5; i++) a2.announce(s.prefixes, p(`10.${i + 1}.0.0/16`), o(i === 1 ? 300 : 100));
  for (let i = 0; i < 4; i++) c.announce(s.prefixes, p(`10.${i + 10}.0.0/16`), o(null));
  d.announce(s.prefixes, p("2001:db8:1::/48"), o(600));
  d.announce(s.prefixes, p("2001:db8:2::/48"), o(600));
  e.announce(s.prefixes, p("2001:db8:1::/48"), o(600));
  e.announce(s.prefixes, p("2001:db8:3::/48"), o(700));
  e.announce(s.prefixes, p("2001:db8:5::/48"), o(700));
  return s;
}

/** The tracker's result now, checked against a from-scratch computation; its pass. */
function check(tracker: VisibilityTracker, message: string): string {
  const v = tracker.compute(OPTIONS);
  assert.deepEqual(v, computeVisibility(tracker.state, OPTIONS), message);
  return tracker.lastPass;
}

test("VisibilityTracker equals computeVisibility() through withdrawals, new prefixes, full-feed flips and session resets", () => {
  const s = sample();
  const t = new VisibilityTracker(s);
  const p = (text: string): number => s.prefixes.internText(text);
  const o = (asn: number | null): number => s.origins.indexOf(asn);
  const a = s.findPeer("rrc00", "192.0.2.1", 10)!;
  const b = s.findPeer("rrc00", "192.0.2.2", 20)!;
  const c = s.findPeer("rrc00", "192.0.2.3", 30)!;
  const e = s.findPeer("rrc00", "2001:db8::2", 50)!;
  assert.equal(check(t, "first bin"), "full");
  assert.equal(check(t, "nothing changed"), "incremental");

  const before = t.compute(OPTIONS);
  b.withdraw(s.prefixes, p("10.3.0.0/16")); // AS 20 still full-feed
  b.announce(s.prefixes, p("10.2.0.0/16"), o(100)); // the two origins of 10.2/16 become one
  a.announce(s.prefixes, p("10.1.0.0/16"), o(300)); // AS 10 sees 100 and 300 for 10.1/16
  e.withdraw(s.prefixes, p("2001:db8:3::/48"));
  assert.equal(check(t, "withdrawals and origin changes"), "incremental");
  assert.equal(before.visible[p("10.3.0.0/16")], 1, "an earlier result is not changed by later bins");

  b.announce(s.prefixes, p("10.77.0.0/16"), o(777)); // a new prefix id, visible (AS 20 is half of 2 ASNs)
  a.announce(s.prefixes, p("2001:db8:4::/48"), o(800)); // a new IPv6 id from an IPv4-only peer
  assert.equal(check(t, "new prefixes"), "incremental");
  assert.equal(t.compute(OPTIONS).visible[p("10.77.0.0/16")], 1);

  c.announce(s.prefixes, p("10.20.0.0/16"), o(30)); // c: 5 routes, now full-feed
  assert.equal(check(t, "a peer becomes full-feed"), "full");
  assert.equal(t.compute(OPTIONS).v4.fullFeedAsns, 3);
  c.withdraw(s.prefixes, p("10.20.0.0/16")); // and is not any more
  assert.equal(check(t, "a peer stops being full-feed"), "full");
  assert.equal(check(t, "after the flip"), "incremental");

  c.clear(); // a partial peer's session goes down: its prefixes change, the inputs do not
  assert.equal(check(t, "a partial peer's session reset"), "incremental");
  b.clear(); // a full-feed peer's: AS 20 is gone
  assert.equal(check(t, "a full-feed peer's session reset"), "full");
  s.clearCollector("rrc01");
  assert.equal(check(t, "a collector cleared"), "full");
  assert.equal(check(t, "a collector cleared, then nothing"), "incremental");

  assert.equal(t.compute({ ...OPTIONS, visibleShare: 0.4 }).v4.threshold, 1, "one ASN left");
  assert.equal(t.lastPass, "incremental", "a share giving the same thresholds changes nothing");
  assert.deepEqual(t.compute({ ...OPTIONS, collectors: new Set(["rrc01"]) }), computeVisibility(s, { ...OPTIONS, collectors: new Set(["rrc01"]) }));
  assert.equal(t.lastPass, "full", "other collectors, other full-feed peers");
});

test("VisibilityTracker takes the full pass when more than a quarter of the prefixes changed", () => {
  const s = sample();
  const t = new VisibilityTracker(s);
  check(t, "first bin");
  const a = s.findPeer("rrc00", "192.0.2.1", 10)!;
  for (let i = 0; i < 9; i++) a.announce(s.prefixes, s.prefixes.internText(`10.${100 + i}.0.0/16`), s.origins.indexOf(900));
  assert.equal(check(t, "9 of 34 prefixes changed"), "full");
});

test("ChangedPrefixes lists each id once and overflows to all", () => {
  const c = new ChangedPrefixes();
  assert.equal(c.all, true, "before the first reset, everything is new");
  c.reset();
  c.mark(5);
  c.mark(5000);
  c.mark(5);
  assert.deepEqual(c.ids, [5, 5000]);
  c.reset();
  assert.deepEqual(c.ids, []);
  c.mark(5);
  assert.deepEqual(c.ids, [5]);
  for (let id = 0; id <= MAX_TRACKED; id++) c.mark(id);
  assert.equal(c.all, true);
  c.reset();
  assert.equal(c.all, false);
  assert.deepEqual(c.ids, []);
});
