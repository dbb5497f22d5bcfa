import assert from "node:assert/strict";
import { test } from "node:test";
import { ATTR_AGGREGATOR, ATTR_FLAG_OPTIONAL, ATTR_FLAG_TRANSITIVE, ATTR_MP_REACH_NLRI, ATTR_ORIGIN } from "./constants.ts";
import { encodeAttribute, encodeUpdate } from "./encode-update.ts";
import { judgeUpdate, type UpdateSession } from "./judge-update.ts";
import { scanUpdateBody, UpdateBodyScan } from "./scan-update-body.ts";

const EBGP: UpdateSession = { as4: true, addPath: false, external: true };
const BASE = { path: [64500, 13335], nextHop: "198.18.0.1", announced: ["192.0.2.0/24", "198.51.100.0/24"], withdrawn: ["203.0.113.0/24"] };

function judge(message: Uint8Array, s: UpdateSession = EBGP) {
  return judgeUpdate(message, 19, message.length, s);
}

const prefixes = (list: readonly { prefix: string }[]): string[] => list.map((n) => n.prefix).sort();

test("a well-formed UPDATE is accepted, and the fast scan reads it too", () => {
  const m = encodeUpdate(BASE);
  const j = judge(m);
  assert.equal(j.action, "accept");
  assert.deepEqual(prefixes(j.update!.announced), ["192.0.2.0/24", "198.51.100.0/24"]);
  const scan = new UpdateBodyScan();
  assert.equal(scanUpdateBody(m, 19, m.length, true, false, scan), true);
  assert.equal(scan.origin, 13335);
  assert.equal(scan.announced.count, 2);
  assert.equal(scan.withdrawn.count, 1);
});

test("a malformed ORIGIN is treat-as-withdraw: every announced prefix becomes a withdrawal (RFC 7606 §7.1)", () => {
  const m = encodeUpdate(BASE);
  const origin = m.indexOf(ATTR_ORIGIN, 19 + 2 + 5 + 2) ; // flags 0x40, code 1, len 1, value
  m[origin + 2] = 7;
  const scan = new UpdateBodyScan();
  assert.equal(scanUpdateBody(m, 19, m.length, true, false, scan), false, "the fast scan hands it back");
  const j = judge(m);
  assert.equal(j.action, "treat-as-withdraw");
  assert.equal(j.faults[0]?.code, ATTR_ORIGIN);
  assert.deepEqual(prefixes(j.update!.withdrawn), ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"]);
  assert.deepEqual(j.update!.announced, []);
});

test("a malformed AGGREGATOR is discarded and the routes stand (RFC 7606 §7.7)", () => {
  const bad = encodeAttribute(ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE, ATTR_AGGREGATOR, [0, 1, 2]);
  const j = judge(encodeUpdate({ ...BASE, extra: [bad] }));
  assert.equal(j.action, "attribute-discard");
  assert.deepEqual(prefixes(j.update!.announced), ["192.0.2.0/24", "198.51.100.0/24"]);
  assert.equal(j.update!.attrs.attributes.aggregator, undefined);
  assert.deepEqual(j.update!.attrs.attributes.asPath, [{ kind: "sequence", asns: [64500, 13335] }]);
});

test("wrong Optional/Transitive flags on a well-known attribute are treat-as-withdraw (RFC 7606 §3 c)", () => {
  const m = encodeUpdate(BASE);
  const at = m.indexOf(0x40, 19 + 2 + 5 + 2);
  m[at] = 0xc0; // ORIGIN marked optional
  assert.equal(judge(m).action, "treat-as-withdraw");
});

test("an announcement without AS_PATH is treat-as-withdraw (RFC 7606 §3 d)", () => {
  const m = encodeUpdate({ announced: ["192.0.2.0/24"], nextHop: "198.18.0.1", extra: [] , path: [1] });
  // Drop AS_PATH by rewriting its code to an unknown optional attribute.
  const at = m.indexOf(2, 19 + 4 + 4);
  m[at - 1] = 0xc0;
  m[at] = 250;
  const j = judge(m);
  assert.equal(j.action, "treat-as-withdraw");
  assert.match(j.faults.map((f) => f.reason).join(";"), /mandatory attribute 2 is missing/);
});

test("an attribute that overruns the block is treat-as-withdraw, the NLRI still located (RFC 7606 §4)", () => {
  const m = encodeUpdate(BASE);
  const attrLengthAt = 19 + 2 + 4;
  const attrStart = attrLengthAt + 2;
  m[attrStart + 2] = 200; // ORIGIN declares 200 bytes
  const j = judge(m);
  assert.equal(j.action, "treat-as-withdraw");
  assert.deepEqual(prefixes(j.update!.withdrawn), ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"]);
});

test("NLRI that cannot be read reset the session with 3/10 Invalid Network Field (RFC 7606 §5.3)", () => {
  const m = encodeUpdate(BASE);
  m[m.length - 4] = 33; // the last /24 now claims 33 bits
  const j = judge(m);
  assert.equal(j.action, "session-reset");
  assert.deepEqual([j.notification?.code, j.notification?.subcode], [3, 10]);
});

test("a repeated MP_REACH_NLRI resets the session with 3/1 (RFC 7606 §3 g)", () => {
  const mp = encodeAttribute(ATTR_FLAG_OPTIONAL, ATTR_MP_REACH_NLRI, [0, 2, 1, 16, ...new Array(16).fill(0), 0, 32, 0x20, 0x01, 0x0d, 0xb8]);
  const j = judge(encodeUpdate({ ...BASE, extra: [mp, mp] }));
  assert.equal(j.action, "session-reset");
  assert.deepEqual([j.notification?.code, j.notification?.subcode], [3, 1]);
});

test("a total attribute length past the message resets the session with 3/1", () => {
  const m = encodeUpdate(BASE);
  m[19 + 2 + 4] = 0xff;
  const j = judge(m);
  assert.equal(j.action, "session-reset");
  assert.deepEqual([j.notification?.code, j.notification?.subcode], [3, 1]);
});

test("IPv6 announcements through MP_REACH_NLRI, and the End-of-RIB markers (RFC 4724 §2)", () => {
  const m = encodeUpdate({ path: [64500], nextHop6: "2001:db8::1", announced: ["2001:db8:100::/48"], withdrawn: ["2001:db8:200::/48"] });
  const scan = new UpdateBodyScan();
  assert.equal(scanUpdateBody(m, 19, m.length, true, false, scan), true);
  assert.deepEqual([scan.announced.count, scan.withdrawn.count, scan.announced.family[0], scan.endOfRib], [1, 1, 6, 0]);
  const eor4 = encodeUpdate({});
  assert.equal(scanUpdateBody(eor4, 19, eor4.length, true, false, scan), true);
  assert.equal(scan.endOfRib, 1);
  const eor6 = encodeUpdate({ extra: [encodeAttribute(ATTR_FLAG_OPTIONAL, 15, [0, 2, 1])] });
  assert.equal(scanUpdateBody(eor6, 19, eor6.length, true, false, scan), true);
  assert.equal(scan.endOfRib, 2);
});

test("ADD-PATH identifiers are read with each prefix (RFC 7911 §3)", () => {
  const m = encodeUpdate({ ...BASE, pathId: 7 });
  const scan = new UpdateBodyScan();
  assert.equal(scanUpdateBody(m, 19, m.length, true, true, scan), true);
  assert.deepEqual([...scan.announced.pathId.subarray(0, 2)], [7, 7]);
  assert.equal(judge(m, { ...EBGP, addPath: true }).update?.announced[0]?.pathId, 7);
});
