/**
 * Applies raw MRT records of one collector to the routing state: the one place a record
 * becomes routes, whether it was read from an archive or recorded from a live session a
 * moment ago (so a replay of a recording gives the live run's tables).
 *
 * - TABLE_DUMP_V2 unicast RIB records and BGP4MP UPDATEs take fast paths (scanRibOrigins,
 *   scanUpdate: prefixes, peer and origin AS only, no objects); every other record, and
 *   any record a fast path hands back, goes through the full decoder.
 * - An UPDATE the fast path hands back is judged as RFC 7606 says (judgeUpdate): its
 *   routes are applied, withdrawn (treat-as-withdraw), or, when the session had to be
 *   reset, left alone (the session's state change follows). Such records are counted as
 *   malformed, with their place.
 * - ADD-PATH (RFC 7911): each path of a prefix is kept; the peer routes the prefix while
 *   one of its paths stands.
 * - Graceful restart (RFC 4724 §4.2), from the OPENs, NOTIFICATIONs and state changes a
 *   recording holds: a peer whose last OPEN carried the capability and whose session
 *   dropped without a NOTIFICATION keeps its routes, stale, for the restart time it
 *   asked for; once it is back they stay until its End-of-RIB for the family (or
 *   `staleMs`), and are dropped at once for a family it no longer keeps forwarding, or
 *   all of them when its new OPEN has no such capability. Archives hold no OPENs, so
 *   their sessions leaving Established drop every route, as before.
 */
import { BgpSyntaxError } from "../bgp/bgp-syntax-error.ts";
import { BGP_MSG_NOTIFICATION, BGP_MSG_OPEN, BGP_MSG_UPDATE } from "../bgp/constants.ts";
import { judgeUpdate, type UpdateJudgement } from "../bgp/judge-update.ts";
import type { Nlri } from "../bgp/nlri.ts";
import { decodeOpen, type GracefulRestart } from "../bgp/open-message.ts";
import type { BgpUpdate } from "../bgp/update.ts";
import { ipv4Text, ipv6Text } from "../bgp/ip-text.ts";
import { MrtSyntaxError } from "../model/errors.ts";
import { MRT_HEADER_LENGTH, MRT_TYPE_BGP4MP_ET } from "../mrt/constants.ts";
import * as C from "../mrt/constants.ts";
import { bgp4mpPeerHeader } from "../mrt/decode-bgp4mp.ts";
import { MrtDecoder } from "../mrt/decode-record.ts";
import type { Bgp4mpStateChangeRecord, MrtRawRecord, MrtRecord } from "../mrt/mrt-record.ts";
import { isScannableRib, RibOrigins, scanRibOrigins } from "../mrt/scan-rib-origins.ts";
import { isScannableUpdate, scanUpdate, UpdateScan, type PrefixRefs } from "../mrt/scan-update.ts";
import { applyRecord, BGP_STATE_ESTABLISHED, emptyCounts, type ApplyCounts } from "./apply-record.ts";
import { originOfPath } from "./origin-of-path.ts";
import type { PeerRoutes } from "./peer-routes.ts";
import type { RoutingState } from "./routing-state.ts";

/** What applying records did, per input. */
export interface ApplyReport extends ApplyCounts {
  /** Records read (including skipped ones). */
  records: number;
  /** Records skipped as undecodable; their errors (first 20, with the malformed ones) name input and offset. */
  skipped: number;
  /** UPDATEs applied as RFC 7606 says (treat-as-withdraw, attribute discard) rather than as sent. */
  malformed: number;
  readonly errors: MrtSyntaxError[];
  /** Largest record timestamp seen (seconds), or -1. */
  lastTimestamp: number;
}

/** Where applied records are counted, and the input's name for messages. */
export interface ApplyTarget {
  readonly name: string;
  readonly report: ApplyReport;
}

/** A new, empty report. */
export function emptyApplyReport(): ApplyReport {
  return { ...emptyCounts(), records: 0, skipped: 0, malformed: 0, errors: [], lastTimestamp: -1 };
}

/** Options of an applier. */
export interface ApplierOptions {
  /**
   * How long the routes of a peer back from a graceful restart stay stale at most while
   * its End-of-RIB is awaited, ms (RFC 4724 §4.2 leaves this local timer to us; default 360 s).
   */
  readonly staleMs?: number;
}

const KEEP_ERRORS = 20;
const DEFAULT_STALE_MS = 360_000;

/** Per peer: what graceful restart needs to know. */
interface PeerSession {
  /** The capability of the peer's last OPEN; null: its last OPEN had none; undefined: no OPEN seen. */
  restart: GracefulRestart | null | undefined;
  /** A NOTIFICATION went either way since the session came up. */
  notified: boolean;
  /** When the stale routes go, ms; Infinity when none are waiting. */
  deadline: number;
}

const timeOf = (raw: MrtRawRecord): number => raw.timestamp * 1000 + raw.microseconds / 1000;

/** Applies the records of one collector to a routing state; keeps its state across files. */
export class RecordApplier {
  readonly #state: RoutingState;
  readonly #collector: string;
  readonly #staleMs: number;
  readonly #decoder = new MrtDecoder();
  readonly #rib = new RibOrigins();
  readonly #update = new UpdateScan();
  readonly #sessions = new Map<PeerRoutes, PeerSession>();
  #tablePeers: PeerRoutes[] = [];
  #lastPeer: PeerRoutes | undefined;
  #lastPeerAsn = -1;
  #lastPeerLength = 0;
  readonly #lastPeerBytes = new Uint8Array(16);
  #nextDeadline = Infinity;

  constructor(state: RoutingState, collector: string, options: ApplierOptions = {}) {
    this.#state = state;
    this.#collector = collector;
    this.#staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  }

  /** The collector's name. */
  get collector(): string {
    return this.#collector;
  }

  /** Forgets sessions and peer tables (before the collector's state is loaded again from a RIB). */
  reset(): void {
    this.#sessions.clear();
    this.#tablePeers = [];
    this.#lastPeer = undefined;
    this.#nextDeadline = Infinity;
  }

  /** Peers whose routes are stale now, for logs and tests. */
  stalePeers(): PeerRoutes[] {
    return [...this.#sessions.keys()].filter((p) => p.stale > 0);
  }

  /** Drops the stale routes whose time ran out by `timeMs` (restart time, or End-of-RIB wait). */
  tick(timeMs: number): void {
    if (timeMs < this.#nextDeadline) return;
    let next = Infinity;
    for (const [peer, s] of this.#sessions) {
      if (s.deadline <= timeMs) {
        peer.dropStale(this.#state.prefixes);
        s.deadline = Infinity;
      } else if (s.deadline < next) next = s.deadline;
    }
    this.#nextDeadline = next;
  }

  /** Applies one record, counting into `target`. */
  apply(raw: MrtRawRecord, target: ApplyTarget): void {
    const report = target.report;
    report.records++;
    if (raw.timestamp > report.lastTimestamp) report.lastTimestamp = raw.timestamp;
    if (this.#nextDeadline !== Infinity) this.tick(timeOf(raw));
    if (isScannableRib(raw) && this.#tablePeers.length > 0) {
      try {
        scanRibOrigins(raw, this.#rib);
      } catch (error: unknown) {
        if (!(error instanceof BgpSyntaxError)) throw error;
        this.#skip(raw, error, target);
        return;
      }
      this.#applyRibScan(raw, target);
      return;
    }
    if (isScannableUpdate(raw) && scanUpdate(raw, this.#update) === "update") {
      this.#applyUpdateScan(raw, report);
      return;
    }
    this.#applyDecoded(raw, target);
  }

  #session(peer: PeerRoutes): PeerSession {
    let s = this.#sessions.get(peer);
    if (s === undefined) this.#sessions.set(peer, (s = { restart: undefined, notified: false, deadline: Infinity }));
    return s;
  }

  /** Applies what scanUpdate() read: withdrawals, then announcements with the path's origin. */
  #applyUpdateScan(raw: MrtRawRecord, report: ApplyReport): void {
    const u = this.#update;
    const b = raw.data;
    const peer = this.#peerOf(b, u);
    const addPath = raw.subtype === C.BGP4MP_MESSAGE_ADDPATH || raw.subtype === C.BGP4MP_MESSAGE_AS4_ADDPATH;
    this.#withdrawRefs(peer, b, u.withdrawn, addPath);
    report.withdrawn += u.withdrawn.count;
    if (u.announced.count > 0) {
      const origin = this.#state.origins.indexOf(u.origin < 0 ? null : u.origin);
      this.#announceRefs(peer, b, u.announced, origin, addPath);
      report.announced += u.announced.count;
    }
    if (u.endOfRib !== 0 && peer.stale > 0) this.#endOfRib(peer, u.endOfRib === 1 ? 4 : 6);
  }

  #withdrawRefs(peer: PeerRoutes, b: Uint8Array, w: PrefixRefs, addPath: boolean): void {
    const prefixes = this.#state.prefixes;
    for (let i = 0; i < w.count; i++) {
      // A prefix never announced has no id and no route to drop.
      const id = prefixes.internBytes(w.family[i] as 4 | 6, b, w.offset[i]!, w.bits[i]!, false);
      if (addPath) peer.withdrawPath(prefixes, id, w.pathId[i]!);
      else peer.withdraw(prefixes, id);
    }
  }

  #announceRefs(peer: PeerRoutes, b: Uint8Array, a: PrefixRefs, origin: number, addPath: boolean): void {
    const prefixes = this.#state.prefixes;
    for (let i = 0; i < a.count; i++) {
      const id = prefixes.internBytes(a.family[i] as 4 | 6, b, a.offset[i]!, a.bits[i]!);
      if (addPath) peer.announcePath(prefixes, id, origin, a.pathId[i]!);
      else peer.announce(prefixes, id, origin);
    }
  }

  /** The peer of a scanned message; consecutive messages of one peer skip the lookup. */
  #peerOf(b: Uint8Array, u: UpdateScan): PeerRoutes {
    const n = u.peerFamily === 4 ? 4 : 16;
    const last = this.#lastPeer;
    if (last !== undefined && u.peerAsn === this.#lastPeerAsn && n === this.#lastPeerLength) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (b[u.peerOffset + i] !== this.#lastPeerBytes[i]) {
          same = false;
          break;
        }
      }
      if (same) return last;
    }
    const ip = u.peerFamily === 4 ? ipv4Text(b, u.peerOffset) : ipv6Text(b, u.peerOffset);
    const peer = this.#state.peer(this.#collector, ip, u.peerAsn);
    this.#lastPeer = peer;
    this.#lastPeerAsn = u.peerAsn;
    this.#lastPeerLength = n;
    this.#lastPeerBytes.set(b.subarray(u.peerOffset, u.peerOffset + n));
    return peer;
  }

  #applyRibScan(raw: MrtRawRecord, target: ApplyTarget): void {
    const scan = this.#rib;
    const state = this.#state;
    const id = state.prefixes.internBytes(scan.family, raw.data, scan.prefixOffset, scan.bits);
    // Every peer index is checked before any entry is applied: a record with a bad one is
    // refused whole, as the full decoder refuses it (test/mrt-fast-paths.test.ts).
    for (let i = 0; i < scan.count; i++) {
      if (this.#tablePeers[scan.peerIndex[i]!] === undefined) {
        this.#skip(raw, new BgpSyntaxError(raw.start, `RIB entry ${i} names peer ${scan.peerIndex[i]}, the peer table has ${this.#tablePeers.length}`), target);
        return;
      }
    }
    let lastAsn = -2;
    let lastOrigin = 0;
    for (let i = 0; i < scan.count; i++) {
      const peer = this.#tablePeers[scan.peerIndex[i]!]!;
      const asn = scan.origin[i]!;
      if (asn !== lastAsn) {
        lastAsn = asn;
        lastOrigin = state.origins.indexOf(asn < 0 ? null : asn);
      }
      peer.announce(state.prefixes, id, lastOrigin);
    }
    target.report.announced += scan.count;
  }

  /** The full decoder's path: every record the fast paths do not take. */
  #applyDecoded(raw: MrtRawRecord, target: ApplyTarget): void {
    let record: MrtRecord;
    try {
      record = this.#decoder.decode(raw);
    } catch (error: unknown) {
      if (!(error instanceof BgpSyntaxError)) throw error;
      if (!this.#judgeDamaged(raw, target)) this.#skip(raw, error, target);
      return;
    }
    switch (record.kind) {
      case "peer_index_table":
        this.#tablePeers = record.peers.map((p) => this.#state.peer(this.#collector, p.ip, p.asn));
        return;
      case "bgp4mp_state_change":
        this.#stateChange(record, timeOf(raw), target.report);
        return;
      case "bgp4mp_message": {
        const peer = this.#state.peer(this.#collector, record.peerIp, record.peerAsn);
        const m = record.message;
        if (record.messageType === BGP_MSG_NOTIFICATION) this.#session(peer).notified = true;
        else if (record.messageType === BGP_MSG_OPEN && !record.local) this.#open(peer, m);
        else if (record.messageType === BGP_MSG_UPDATE && !record.local) {
          const judgement = judgeUpdate(m, 19, m.length, { as4: record.as4, addPath: record.addPath, external: record.peerAsn !== record.localAsn });
          this.#applyJudged(raw, peer, judgement, record.addPath, target);
        }
        return;
      }
      default:
        applyRecord(this.#state, this.#collector, record, target.report);
    }
  }

  /**
   * An UPDATE record the full decoder refused: judged as RFC 7606 says, with the ADD-PATH
   * reading tried when the plain one cannot locate the prefixes (BIRD writes ADD-PATH
   * NLRI in plain subtypes). False when the record is not a readable UPDATE at all.
   */
  #judgeDamaged(raw: MrtRawRecord, target: ApplyTarget): boolean {
    if (!isScannableUpdate(raw)) return false;
    const st = raw.subtype;
    const as4 = st === C.BGP4MP_MESSAGE_AS4 || st === C.BGP4MP_MESSAGE_AS4_ADDPATH;
    const addPath = st === C.BGP4MP_MESSAGE_ADDPATH || st === C.BGP4MP_MESSAGE_AS4_ADDPATH;
    let h: ReturnType<typeof bgp4mpPeerHeader>;
    try {
      h = bgp4mpPeerHeader(raw, as4 ? 4 : 2);
    } catch {
      return false;
    }
    const b = raw.data;
    const p = h.next;
    if (p + 19 > raw.end || b[p + 18] !== BGP_MSG_UPDATE) return false;
    const length = (b[p + 16]! << 8) | b[p + 17]!;
    if (length < 23 || p + length > raw.end) return false;
    const session = { as4, addPath, external: h.peerAsn !== h.localAsn };
    let judgement = judgeUpdate(b, p + 19, p + length, session);
    let withPaths = addPath;
    if (judgement.action === "session-reset" && !addPath) {
      const other = judgeUpdate(b, p + 19, p + length, { ...session, addPath: true });
      if (other.action !== "session-reset") {
        judgement = other;
        withPaths = true;
      }
    }
    if (judgement.action === "session-reset") return false;
    this.#applyJudged(raw, this.#state.peer(this.#collector, h.peerIp, h.peerAsn), judgement, withPaths, target);
    return true;
  }

  #applyJudged(raw: MrtRawRecord, peer: PeerRoutes, judgement: UpdateJudgement, addPath: boolean, target: ApplyTarget): void {
    const u = judgement.update;
    if (judgement.action !== "accept") {
      target.report.malformed++;
      this.#note(raw, `RFC 7606 ${judgement.action}: ${judgement.faults.map((f) => f.reason).join("; ")}`, target);
    }
    if (u === undefined) return;
    this.#applyUpdate(peer, u, addPath, target.report);
  }

  /** Applies a decoded UPDATE (the slow path). */
  #applyUpdate(peer: PeerRoutes, u: BgpUpdate, addPath: boolean, counts: ApplyCounts): void {
    const prefixes = this.#state.prefixes;
    const withdraw = (list: readonly Nlri[]): void => {
      for (const n of list) {
        const id = prefixes.internText(n.prefix, false);
        if (addPath && n.pathId !== undefined) peer.withdrawPath(prefixes, id, n.pathId);
        else peer.withdraw(prefixes, id);
        counts.withdrawn++;
      }
    };
    withdraw(u.withdrawn);
    for (const mp of u.attrs.mpUnreach) if (mp.safi === 1) withdraw(mp.nlri);
    const announced = [...u.announced, ...u.attrs.mpReach.filter((m) => m.safi === 1).flatMap((m) => m.nlri)];
    if (announced.length === 0) return;
    const origin = this.#state.origins.indexOf(originOfPath(u.attrs.attributes.asPath));
    for (const n of announced) {
      const id = prefixes.internText(n.prefix);
      if (addPath && n.pathId !== undefined) peer.announcePath(prefixes, id, origin, n.pathId);
      else peer.announce(prefixes, id, origin);
      counts.announced++;
    }
  }

  #open(peer: PeerRoutes, m: Uint8Array): void {
    try {
      this.#session(peer).restart = decodeOpen(m, 19, m.length).capabilities.gracefulRestart ?? null;
    } catch {
      // An OPEN that cannot be read ended the session with a NOTIFICATION: no restart.
      this.#session(peer).restart = null;
    }
  }

  #stateChange(record: Bgp4mpStateChangeRecord, time: number, counts: ApplyCounts): void {
    const peer = this.#state.findPeer(this.#collector, record.peerIp, record.peerAsn);
    if (peer === undefined) return;
    const s = this.#session(peer);
    if (record.newState === BGP_STATE_ESTABLISHED) {
      this.#established(peer, s, time);
      return;
    }
    const restart = s.restart;
    if (record.oldState === BGP_STATE_ESTABLISHED && restart !== null && restart !== undefined && !s.notified && restart.time > 0) {
      peer.markStale();
      this.#deadline(s, time + restart.time * 1000);
      return;
    }
    // Routes not kept stale go with the session (a peer in restart keeps its stale ones).
    if (peer.v4 + peer.v6 > peer.stale || (record.oldState === BGP_STATE_ESTABLISHED && peer.v4 + peer.v6 > 0)) {
      peer.clear();
      s.deadline = Infinity;
      counts.sessionsDown++;
    }
  }

  /** RFC 4724 §4.2: back after a restart; keep what the new OPEN says is kept, until End-of-RIB. */
  #established(peer: PeerRoutes, s: PeerSession, time: number): void {
    s.notified = false;
    if (peer.stale === 0) return;
    const restart = s.restart;
    if (restart === null || restart === undefined) {
      peer.dropStale(this.#state.prefixes);
      s.deadline = Infinity;
      return;
    }
    for (const family of [4, 6] as const) {
      const afi = family === 4 ? 1 : 2;
      if (!restart.families.some((f) => f.afi === afi && f.safi === 1 && f.forwarding)) peer.dropStale(this.#state.prefixes, family);
    }
    this.#deadline(s, peer.stale > 0 ? time + this.#staleMs : Infinity);
  }

  #endOfRib(peer: PeerRoutes, family: 4 | 6): void {
    peer.dropStale(this.#state.prefixes, family);
    if (peer.stale === 0) this.#session(peer).deadline = Infinity;
  }

  #deadline(s: PeerSession, at: number): void {
    s.deadline = at;
    if (at < this.#nextDeadline) this.#nextDeadline = at;
  }

  /** Reports a record that could not be applied, as MrtStream.decode() would. */
  #skip(raw: MrtRawRecord, error: BgpSyntaxError, target: ApplyTarget): void {
    target.report.skipped++;
    const header = raw.start - MRT_HEADER_LENGTH - (raw.type === MRT_TYPE_BGP4MP_ET ? 4 : 0);
    const at = raw.offset + (error.offset - header);
    this.#keep(new MrtSyntaxError({ file: target.name, offset: raw.offset, recordIndex: raw.index }, `${error.message} (at byte ${at})`, { cause: error }), target);
  }

  #note(raw: MrtRawRecord, reason: string, target: ApplyTarget): void {
    this.#keep(new MrtSyntaxError({ file: target.name, offset: raw.offset, recordIndex: raw.index }, reason), target);
  }

  #keep(error: MrtSyntaxError, target: ApplyTarget): void {
    if (target.report.errors.length < KEEP_ERRORS) target.report.errors.push(error);
  }
}
