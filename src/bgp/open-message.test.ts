import assert from "node:assert/strict";
import { test } from "node:test";
import { messageLength } from "./bgp-message.ts";
import { NotificationError } from "./notification-error.ts";
import { ceaseNotification, decodeNotification, describeNotification, encodeNotification } from "./notification-message.ts";
import { decodeOpen, encodeOpen, openAsn, type BgpOpen } from "./open-message.ts";
import { decodeRouteRefresh, encodeRouteRefresh } from "./route-refresh-message.ts";

const OPEN: BgpOpen = {
  version: 4, myAs: 4200000001, holdTime: 90, bgpId: "198.18.0.1",
  capabilities: {
    multiprotocol: [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }], routeRefresh: true, enhancedRouteRefresh: false, as4: 4200000001,
    addPath: [{ afi: 1, safi: 1, mode: 1 }],
    gracefulRestart: { restarting: true, notification: false, time: 120, families: [{ afi: 1, safi: 1, forwarding: true }] },
    unknown: [{ code: 73, value: Uint8Array.of(1, 2) }],
  },
};

test("an OPEN round-trips with its capabilities; a 4-byte ASN is AS_TRANS in the 2-byte field (RFC 6793 §4.1)", () => {
  const m = encodeOpen(OPEN);
  assert.equal(messageLength(m, 0, m.length), m.length);
  const back = decodeOpen(m, 19, m.length);
  assert.equal(back.myAs, 23456);
  assert.equal(openAsn(back), 4200000001);
  assert.deepEqual({ ...back, myAs: OPEN.myAs }, OPEN);
});

test("header errors name their NOTIFICATION (RFC 4271 §6.1)", () => {
  const m = encodeOpen(OPEN);
  const badMarker = m.slice();
  badMarker[3] = 0;
  assert.throws(() => messageLength(badMarker, 0, m.length), (e: unknown) => e instanceof NotificationError && e.code === 1 && e.subcode === 1);
  const badType = m.slice();
  badType[18] = 9;
  assert.throws(() => messageLength(badType, 0, m.length), (e: unknown) => e instanceof NotificationError && e.subcode === 3);
  const badLength = m.slice();
  badLength[16] = 0x20;
  assert.throws(() => messageLength(badLength, 0, m.length), (e: unknown) => e instanceof NotificationError && e.subcode === 2);
  assert.equal(messageLength(m, 0, 10), -1);
});

test("an OPEN whose parameters are not capabilities is refused with 2/4", () => {
  const m = encodeOpen({ ...OPEN, capabilities: { ...OPEN.capabilities, unknown: [] } });
  m[19 + 10] = 9;
  assert.throws(() => decodeOpen(m, 19, m.length), (e: unknown) => e instanceof NotificationError && e.code === 2 && e.subcode === 4);
});

test("NOTIFICATION and ROUTE-REFRESH round-trip; a shutdown communication is shown (RFC 9003)", () => {
  const n = ceaseNotification(2, "maintenance");
  const m = encodeNotification(n);
  const back = decodeNotification(m, 19, m.length);
  assert.equal(describeNotification(back), '6/2 Cease, Administrative Shutdown: "maintenance"');
  assert.equal(describeNotification({ code: 4, subcode: 0, data: new Uint8Array(0) }), "4/0 Hold Timer Expired");
  const rr = encodeRouteRefresh({ afi: 2, safi: 1 });
  assert.deepEqual(decodeRouteRefresh(rr, 19, rr.length), { afi: 2, safi: 1, subtype: 0 });
});
