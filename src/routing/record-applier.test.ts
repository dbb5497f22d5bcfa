import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeMessage } from "../bgp/bgp-message.ts";
import { encodeUpdate, type UpdateParts } from "../bgp/encode-update.ts";
import { encodeNotification } from "../bgp/notification-message.ts";
import { encodeOpen, type BgpOpen } from "../bgp/open-message.ts";
import { encodeBgp4mpMessage, encodeBgp4mpStateChange, type Bgp4mpPeer } from "../mrt/encode-bgp4mp.ts";
import { emptyApplyReport, RecordApplier } from "./record-applier.ts";
import { RoutingState } from "./routing-state.ts";

const PEER: Bgp4mpPeer = { peerAsn: 65001, localAsn: 64512, peerIp: "198.18.0.2", localIp: "198.18.0.1" };
const T0 = Date.parse("2026-12-08T10:00:00Z");

function open(restart: { time: number; forwarding: boolean } | undefined): Uint8Array {
  const o: BgpOpen = {
    version: 4, myAs: 65001, holdTime: 90, bgpId: "198.18.0.2",
    capabilities: {
      multiprotocol: [{ afi: 1, safi: 1 }], routeRefresh: true, enhancedRouteRefresh: false, as4: 65001, addPath: [], unknown: [],
      gracefulRestart: restart === undefined ? undefined : { restarting: true, notification: false, time: restart.time, families: [{ afi: 1, safi: 1, forwarding: restart.forwarding }] },
    },
  };
  return encodeOpen(o);
}

/** A collector fed records by hand, as a live session or a recording would. */
function collector() {
  const state = new RoutingState();
  const applier = new RecordApplier(state, "live");
  const target = { name: "test", report: emptyApplyReport() };
  const at = (seconds: number) => T0 + seconds * 1000;
  return {
    state, applier, target,
    message(seconds: number, bytes: Uint8Array, options: { addPath?: boolean; local?: boolean } = {}) {
      applier.apply(encodeBgp4mpMessage(at(seconds), PEER, bytes, { as4: true, addPath: options.addPath ?? false, local: options.local ?? false }).raw, target);
    },
    update(seconds: number, parts: UpdateParts, addPath = false) {
      this.message(seconds, encodeUpdate({ path: [65001, 13335], nextHop: "198.18.0.2", ...parts }), { addPath });
    },
    stateChange(seconds: number, from: number, to: number) {
      applier.apply(encodeBgp4mpStateChange(at(seconds), PEER, from, to).raw, target);
    },
    routes(): string[] {
      const peer = state.findPeer("live", PEER.peerIp, PEER.peerAsn);
      if (peer === undefined) return [];
      const out: string[] = [];
      for (let id = 0; id < peer.routes.length; id++) if (peer.routes[id] !== 0) out.push(state.prefixes.text(id));
      return out.sort();
    },
    stale: () => state.findPeer("live", PEER.peerIp, PEER.peerAsn)?.stale ?? 0,
  };
}

test("ADD-PATH: a prefix stays routed while one of its paths does (RFC 7911)", () => {
  const c = collector();
  c.update(1, { announced: ["192.0.2.0/24"], pathId: 1 }, true);
  c.update(2, { announced: ["192.0.2.0/24"], pathId: 2 }, true);
  c.update(3, { withdrawn: ["192.0.2.0/24"], pathId: 1 }, true);
  assert.deepEqual(c.routes(), ["192.0.2.0/24"]);
  c.update(4, { withdrawn: ["192.0.2.0/24"], pathId: 9 }, true);
  assert.deepEqual(c.routes(), ["192.0.2.0/24"], "a path never announced withdraws nothing");
  c.update(5, { withdrawn: ["192.0.2.0/24"], pathId: 2 }, true);
  assert.deepEqual(c.routes(), []);
});

test("graceful restart: routes kept stale across the drop, the unrefreshed ones gone at End-of-RIB (RFC 4724 §4.2)", () => {
  const c = collector();
  c.message(0, open({ time: 120, forwarding: true }));
  c.stateChange(1, 5, 6);
  c.update(2, { announced: ["192.0.2.0/24", "198.51.100.0/24"] });
  c.stateChange(10, 6, 1); // TCP reset, no NOTIFICATION
  assert.deepEqual(c.routes(), ["192.0.2.0/24", "198.51.100.0/24"]);
  assert.equal(c.stale(), 2);
  c.applier.tick(T0 + 100_000);
  assert.equal(c.stale(), 2, "within the restart time");
  c.message(40, open({ time: 120, forwarding: true }));
  c.stateChange(41, 5, 6);
  c.update(42, { announced: ["192.0.2.0/24"] });
  assert.equal(c.stale(), 1);
  c.message(43, encodeUpdate({})); // End-of-RIB, IPv4 unicast
  assert.deepEqual(c.routes(), ["192.0.2.0/24"]);
  assert.equal(c.stale(), 0);
});

test("graceful restart: the stale routes go when the restart time runs out", () => {
  const c = collector();
  c.message(0, open({ time: 30, forwarding: true }));
  c.stateChange(1, 5, 6);
  c.update(2, { announced: ["192.0.2.0/24"] });
  c.stateChange(10, 6, 1);
  c.applier.tick(T0 + 39_999);
  assert.deepEqual(c.routes(), ["192.0.2.0/24"]);
  c.applier.tick(T0 + 40_000);
  assert.deepEqual(c.routes(), []);
});

test("graceful restart: back without forwarding state, or with an OPEN without the capability, drops the stale routes at once", () => {
  const a = collector();
  a.message(0, open({ time: 120, forwarding: true }));
  a.stateChange(1, 5, 6);
  a.update(2, { announced: ["192.0.2.0/24"] });
  a.stateChange(10, 6, 1);
  a.message(20, open({ time: 120, forwarding: false }));
  a.stateChange(21, 5, 6);
  assert.deepEqual(a.routes(), []);
  const b = collector();
  b.message(0, open({ time: 120, forwarding: true }));
  b.stateChange(1, 5, 6);
  b.update(2, { announced: ["192.0.2.0/24"] });
  b.stateChange(10, 6, 1);
  b.message(20, open(undefined));
  b.stateChange(21, 5, 6);
  assert.deepEqual(b.routes(), []);
});

test("a NOTIFICATION before the drop ends graceful restart: the routes go with the session", () => {
  const c = collector();
  c.message(0, open({ time: 120, forwarding: true }));
  c.stateChange(1, 5, 6);
  c.update(2, { announced: ["192.0.2.0/24"] });
  c.message(9, encodeNotification({ code: 4, subcode: 0, data: new Uint8Array(0) }), { local: true });
  c.stateChange(10, 6, 1);
  assert.deepEqual(c.routes(), []);
  assert.equal(c.target.report.sessionsDown, 1);
});

test("a malformed ORIGIN withdraws what the UPDATE announces (RFC 7606 treat-as-withdraw), counted with its place", () => {
  const c = collector();
  c.update(1, { announced: ["192.0.2.0/24", "198.51.100.0/24"] });
  const bad = encodeUpdate({ path: [65001], nextHop: "198.18.0.2", announced: ["192.0.2.0/24"] });
  bad[19 + 4 + 3] = 5;
  c.message(2, bad);
  assert.deepEqual(c.routes(), ["198.51.100.0/24"]);
  assert.equal(c.target.report.malformed, 1);
  assert.match(c.target.report.errors[0]?.message ?? "", /RFC 7606 treat-as-withdraw: ORIGIN value 5/);
  c.message(3, encodeMessage(4)); // a KEEPALIVE changes nothing
  assert.deepEqual(c.routes(), ["198.51.100.0/24"]);
});
