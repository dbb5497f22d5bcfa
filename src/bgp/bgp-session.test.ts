import assert from "node:assert/strict";
import { test } from "node:test";
import { BgpSession, type SessionConfig, type SessionTimers } from "./bgp-session.ts";
import { encodeUpdate } from "./encode-update.ts";
import { decodeNotification } from "./notification-message.ts";

/** A manual clock: timers fire only when the test advances time. */
class FakeTimers implements SessionTimers {
  t = 1_700_000_000_000;
  #next = 1;
  readonly #due = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#due.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#due.delete(handle as number);
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let first: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.#due) if (e[1].at <= end && (first === undefined || e[1].at < first[1].at)) first = e;
      if (first === undefined) break;
      this.#due.delete(first[0]);
      this.t = first[1].at;
      first[1].fn();
    }
    this.t = end;
  }
}

interface Side {
  session: BgpSession;
  /** Nothing it sends arrives (a frozen process). */
  muted: boolean;
  sent: Uint8Array[];
  states: string[];
  malformed: string[];
}

/** Two sessions wired back to back: `a` (ours, passive) and `b` (the peer, active). */
function pair(a: Partial<SessionConfig> = {}, b: Partial<SessionConfig> = {}) {
  const timers = new FakeTimers();
  const sides: Side[] = [];
  const make = (config: SessionConfig, other: () => Side): Side => {
    const side: Side = { muted: false, sent: [], states: [], malformed: [], session: undefined as unknown as BgpSession };
    side.session = new BgpSession(config, {
      send: (bytes) => {
        side.sent.push(bytes);
        if (!side.muted) queueMicrotask(() => other().session.receive(bytes));
      },
      close: () => queueMicrotask(() => other().session.tcpFailed("peer closed")),
      connect: () => {},
      state: (_from, to) => side.states.push(String(to)),
      message: () => {},
      malformed: (j) => side.malformed.push(j.action),
    }, timers);
    return side;
  };
  const ours = make({ localAs: 64512, routerId: "198.18.0.1", peerAs: 65001, active: false, holdTime: 9, ...a }, () => sides[1]!);
  const peer = make({ localAs: 65001, routerId: "198.18.0.2", peerAs: 64512, active: true, holdTime: 90, ...b }, () => sides[0]!);
  sides.push(ours, peer);
  return { ours, peer, timers };
}

const settle = () => new Promise<void>((r) => setImmediate(r));

async function establish(p: ReturnType<typeof pair>): Promise<void> {
  p.ours.session.start();
  p.peer.session.start();
  p.ours.session.tcpConnected();
  p.peer.session.tcpConnected();
  for (let i = 0; i < 5; i++) await settle();
}

test("OPEN, KEEPALIVE, Established on both sides; the hold time is the smaller one", async () => {
  const p = pair();
  await establish(p);
  assert.equal(p.ours.session.state, 6);
  assert.equal(p.peer.session.state, 6);
  assert.deepEqual(p.ours.states, ["3", "4", "5", "6"]);
  assert.equal(p.ours.session.negotiated?.holdTime, 9);
  assert.equal(p.ours.session.negotiated?.as4, true);
});

test("a peer whose AS is not the configured one gets 2/2 Bad Peer AS", async () => {
  const p = pair({ peerAs: 65002 });
  await establish(p);
  assert.equal(p.ours.session.state, 3, "back to Active, waiting");
  const n = p.ours.sent.at(-1)!;
  assert.deepEqual([n[18], n[19], n[20]], [3, 2, 2]);
});

test("a silent peer: the hold timer expires, 4/0 is sent and the session drops", async () => {
  const p = pair();
  await establish(p);
  // The peer stops sending anything (SIGSTOP in the live test): its keepalives never arrive.
  p.peer.muted = true;
  p.timers.advance(9_001);
  await settle();
  const last = p.ours.sent.at(-1)!;
  assert.equal(last[18], 3, "a NOTIFICATION");
  assert.deepEqual(decodeNotification(last, 19, last.length), { code: 4, subcode: 0, data: new Uint8Array(0) });
  assert.equal(p.ours.session.state, 3);
});

test("a malformed UPDATE: NLRI damage resets the session with 3/10; a bad ORIGIN is treat-as-withdraw and the session stays", async () => {
  const p = pair();
  await establish(p);
  const bad = encodeUpdate({ path: [65001], nextHop: "198.18.0.2", announced: ["192.0.2.0/24"] });
  const origin = bad.slice();
  origin[19 + 4 + 3] = 9;
  p.ours.session.receive(origin);
  assert.deepEqual(p.ours.malformed, ["treat-as-withdraw"]);
  assert.equal(p.ours.session.state, 6);
  bad[bad.length - 4] = 40;
  p.ours.session.receive(bad);
  assert.deepEqual(p.ours.malformed, ["treat-as-withdraw", "session-reset"]);
  const n = p.ours.sent.at(-1)!;
  assert.deepEqual([n[18], n[19], n[20]], [3, 3, 10]);
  assert.equal(p.ours.session.state, 3);
});

test("messages split across chunks are reassembled; a bad marker is 1/1", async () => {
  const p = pair();
  await establish(p);
  const u = encodeUpdate({ path: [65001], nextHop: "198.18.0.2", announced: ["192.0.2.0/24"] });
  p.ours.session.receive(u.subarray(0, 7));
  p.ours.session.receive(u.subarray(7));
  assert.equal(p.ours.session.state, 6);
  const junk = u.slice();
  junk[0] = 0;
  p.ours.session.receive(junk);
  const n = p.ours.sent.at(-1)!;
  assert.deepEqual([n[19], n[20]], [1, 1]);
});

test("an active session connects again after the connect-retry time", () => {
  const timers = new FakeTimers();
  let connects = 0;
  const s = new BgpSession({ localAs: 64512, routerId: "198.18.0.1", peerAs: 65001, active: true, connectRetryMs: 5000 }, {
    send() {}, close() {}, connect: () => connects++, state() {}, message() {}, malformed() {},
  }, timers);
  s.start();
  s.tcpFailed("connection refused");
  assert.equal(connects, 1);
  timers.advance(5000);
  assert.equal(connects, 2);
  assert.equal(s.state, 2);
});
