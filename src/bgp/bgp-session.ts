/**
 * One BGP peer's session as a passive speaker sees it: the finite state machine of
 * RFC 4271 §8 (Idle, Connect, Active, OpenSent, OpenConfirm, Established) with its hold,
 * keepalive and connect-retry timers, capability negotiation (RFC 5492: 4-byte ASNs
 * RFC 6793, multiprotocol RFC 4760, route refresh RFC 2918, ADD-PATH receive RFC 7911,
 * graceful restart as a receiver RFC 4724), and RFC 7606 for malformed UPDATEs. It never
 * announces a route: the only messages it sends are OPEN, KEEPALIVE, NOTIFICATION and
 * ROUTE-REFRESH.
 *
 * No sockets here: the runtime (src/live) hands over a connection's bytes and events,
 * and does what `SessionOutputs` asks. Timers and the clock are injected, so tests run
 * the machine deterministically.
 */
import { attributeHeader, readAttributeHeader } from "./attribute-header.ts";
import { encodeMessage, messageLength } from "./bgp-message.ts";
import {
  AFI_IPV4,
  AFI_IPV6,
  ATTR_MP_REACH_NLRI,
  ATTR_MP_UNREACH_NLRI,
  BGP_MSG_KEEPALIVE,
  BGP_MSG_NOTIFICATION,
  BGP_MSG_OPEN,
  BGP_MSG_ROUTE_REFRESH,
  BGP_MSG_UPDATE,
  CEASE_ADMIN_SHUTDOWN,
  NOTIFY_FSM,
  NOTIFY_HOLD_TIMER_EXPIRED,
  NOTIFY_OPEN,
  OPEN_BAD_BGP_ID,
  OPEN_BAD_PEER_AS,
  OPEN_UNACCEPTABLE_HOLD_TIME,
  OPEN_UNSUPPORTED_VERSION,
  SAFI_UNICAST,
  STATE_ACTIVE,
  STATE_CONNECT,
  STATE_ESTABLISHED,
  STATE_IDLE,
  STATE_OPEN_CONFIRM,
  STATE_OPEN_SENT,
} from "./constants.ts";
import { judgeUpdate, type UpdateJudgement } from "./judge-update.ts";
import { NotificationError } from "./notification-error.ts";
import { ceaseNotification, decodeNotification, describeNotification, encodeNotification, type BgpNotification } from "./notification-message.ts";
import { decodeOpen, encodeOpen, openAsn, type AfiSafi, type BgpOpen } from "./open-message.ts";
import { encodeRouteRefresh } from "./route-refresh-message.ts";
import { scanUpdateBody, UpdateBodyScan } from "./scan-update-body.ts";

/** How to talk to one peer. */
export interface SessionConfig {
  readonly localAs: number;
  /** Our BGP identifier, dotted quad. */
  readonly routerId: string;
  readonly peerAs: number;
  /** Hold time we propose, seconds (0, or 3 and more; default 90). */
  readonly holdTime?: number;
  /** Wait before connecting again after a failure, ms (RFC 4271 §10 suggests 120 s; default 30 s). */
  readonly connectRetryMs?: number;
  /** We open the TCP connection (true) or wait for the peer's (false). */
  readonly active: boolean;
  /** Advertise ADD-PATH receive for IPv4 and IPv6 unicast (default false). */
  readonly addPath?: boolean;
  /** Restart time we advertise as a graceful-restart receiver, seconds (default 120). */
  readonly restartTime?: number;
}

/** Timers and clock, injected. */
export interface SessionTimers {
  /** Milliseconds since the epoch (fractions allowed). */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What the session asks of its runtime and tells its listeners. */
export interface SessionOutputs {
  /** Write bytes on the current connection. */
  send(bytes: Uint8Array): void;
  /** Close the current connection. */
  close(): void;
  /** Open a TCP connection to the peer (active sessions). */
  connect(): void;
  /** A state change (RFC 6396 state numbers), with why. */
  state(from: number, to: number, reason: string, time: number): void;
  /** A message received from or sent to the peer (KEEPALIVEs included), as it went on the wire. */
  message(bytes: Uint8Array, time: number, sent: boolean): void;
  /** A received UPDATE that RFC 7606 says is malformed, with the judgement and the message. */
  malformed(judgement: UpdateJudgement, bytes: Uint8Array): void;
}

/** What OPEN negotiated, once Established. */
export interface Negotiated {
  readonly peerOpen: BgpOpen;
  readonly as4: boolean;
  /** Families for which the peer sends path identifiers. */
  readonly addPath: readonly AfiSafi[];
  /** Hold time in use, seconds; 0: no keepalives. */
  readonly holdTime: number;
  readonly routeRefresh: boolean;
}

/** RFC 4271 §10: a large hold time while waiting for the peer's OPEN. */
const OPEN_HOLD_MS = 240_000;
const NAMES = ["", "Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established"];

/** The name of an FSM state number. */
export function stateName(state: number): string {
  return NAMES[state] ?? `state ${state}`;
}

/** The RFC 4271 session of one peer. */
export class BgpSession {
  readonly config: SessionConfig;
  readonly #out: SessionOutputs;
  readonly #timers: SessionTimers;
  #state = STATE_IDLE;
  #running = false;
  #connected = false;
  #buffer = new Uint8Array(0);
  #negotiated: Negotiated | undefined;
  #peerOpen: BgpOpen | undefined;
  #hold: unknown;
  #keepalive: unknown;
  #retry: unknown;
  readonly #scan = new UpdateBodyScan();

  constructor(config: SessionConfig, outputs: SessionOutputs, timers: SessionTimers) {
    this.config = config;
    this.#out = outputs;
    this.#timers = timers;
  }

  /** RFC 6396 state number. */
  get state(): number {
    return this.#state;
  }

  /** What OPEN negotiated; undefined before OpenConfirm. */
  get negotiated(): Negotiated | undefined {
    return this.#negotiated;
  }

  /** Whether a TCP connection is attached. */
  get connected(): boolean {
    return this.#connected;
  }

  /** ManualStart (RFC 4271 §8.1.2): connect (active) or wait for the peer (passive). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#begin();
  }

  /** ManualStop: a Cease NOTIFICATION if a connection is up, then Idle for good. */
  stop(communication = "Nightlight collector stopping"): void {
    this.#running = false;
    this.#clearTimers();
    if (this.#connected) this.#notify(ceaseNotification(CEASE_ADMIN_SHUTDOWN, communication), "stopped");
    else this.#to(STATE_IDLE, "stopped");
  }

  /** A TCP connection to the peer is up (ours, or the peer's, accepted by the runtime). */
  tcpConnected(): void {
    if (!this.#running || this.#connected) return;
    this.#connected = true;
    this.#buffer = new Uint8Array(0);
    this.#clear("retry");
    this.#sendMessage(encodeOpen(this.#ownOpen()));
    this.#setHold(OPEN_HOLD_MS);
    this.#to(STATE_OPEN_SENT, "TCP connection up, OPEN sent");
  }

  /** The TCP connection closed or could not be made (TcpConnectionFails). */
  tcpFailed(reason: string): void {
    const was = this.#connected;
    this.#connected = false;
    this.#clear("hold");
    this.#clear("keepalive");
    this.#negotiated = undefined;
    if (this.#state !== STATE_IDLE || was) this.#to(STATE_IDLE, reason);
    this.#restart();
  }

  /** Bytes received on the connection; whole messages are handled in order. */
  receive(chunk: Uint8Array): void {
    if (!this.#connected) return;
    const joined = new Uint8Array(this.#buffer.length + chunk.length);
    joined.set(this.#buffer);
    joined.set(chunk, this.#buffer.length);
    let p = 0;
    while (this.#connected) {
      let length: number;
      try {
        length = messageLength(joined, p, joined.length);
      } catch (error: unknown) {
        if (!(error instanceof NotificationError)) throw error;
        this.#fail(error);
        return;
      }
      if (length < 0 || p + length > joined.length) break;
      const message = joined.slice(p, p + length);
      p += length;
      this.#handle(message);
    }
    this.#buffer = joined.slice(p);
  }

  /** Asks the peer to send its routes of `family` again (RFC 2918); false when it cannot. */
  requestRefresh(family: AfiSafi): boolean {
    if (this.#state !== STATE_ESTABLISHED || this.#negotiated?.routeRefresh !== true) return false;
    this.#sendMessage(encodeRouteRefresh(family));
    return true;
  }

  /** Whether UPDATEs of this message carry ADD-PATH identifiers (per its family, RFC 7911 §3). */
  addPathOf(message: Uint8Array): boolean {
    const families = this.#negotiated?.addPath ?? [];
    if (families.length === 0) return false;
    const afi = updateAfi(message);
    return families.some((f) => f.afi === afi && f.safi === SAFI_UNICAST);
  }

  #ownOpen(): BgpOpen {
    const c = this.config;
    const unicast = [{ afi: AFI_IPV4, safi: SAFI_UNICAST }, { afi: AFI_IPV6, safi: SAFI_UNICAST }];
    return {
      version: 4, myAs: c.localAs, holdTime: c.holdTime ?? 90, bgpId: c.routerId,
      capabilities: {
        multiprotocol: unicast, routeRefresh: true, enhancedRouteRefresh: false, as4: c.localAs,
        addPath: c.addPath === true ? unicast.map((f) => ({ ...f, mode: 1 })) : [],
        // RFC 4724 §3: a receiving-only speaker advertises the capability with no family.
        gracefulRestart: { restarting: false, notification: false, time: c.restartTime ?? 120, families: [] },
        unknown: [],
      },
    };
  }

  #handle(message: Uint8Array): void {
    const type = message[18]!;
    const time = this.#timers.now();
    this.#out.message(message, time, false);
    try {
      switch (type) {
        case BGP_MSG_OPEN:
          this.#onOpen(message);
          break;
        case BGP_MSG_KEEPALIVE:
          this.#onKeepalive();
          break;
        case BGP_MSG_UPDATE:
          this.#onUpdate(message);
          break;
        case BGP_MSG_NOTIFICATION:
          this.#onNotification(message);
          break;
        case BGP_MSG_ROUTE_REFRESH:
          // We announce nothing, so a refresh request needs no answer (RFC 2918 §4).
          if (this.#state !== STATE_ESTABLISHED) throw this.#unexpected(type);
          else this.#restartHold();
          break;
      }
    } catch (error: unknown) {
      if (!(error instanceof NotificationError)) throw error;
      this.#fail(error);
    }
  }

  #onOpen(message: Uint8Array): void {
    if (this.#state !== STATE_OPEN_SENT) throw this.#unexpected(BGP_MSG_OPEN);
    const open = decodeOpen(message, 19, message.length);
    const c = this.config;
    if (open.version !== 4) throw new NotificationError(NOTIFY_OPEN, OPEN_UNSUPPORTED_VERSION, `BGP version ${open.version}, only 4 is spoken`, Uint8Array.of(0, 4));
    const asn = openAsn(open);
    if (asn !== c.peerAs) throw new NotificationError(NOTIFY_OPEN, OPEN_BAD_PEER_AS, `the peer says it is AS${asn}, configured as AS${c.peerAs}`);
    if (open.bgpId === "0.0.0.0" || (c.peerAs === c.localAs && open.bgpId === c.routerId)) {
      throw new NotificationError(NOTIFY_OPEN, OPEN_BAD_BGP_ID, `BGP identifier ${open.bgpId} is not usable`);
    }
    if (open.holdTime === 1 || open.holdTime === 2) throw new NotificationError(NOTIFY_OPEN, OPEN_UNACCEPTABLE_HOLD_TIME, `hold time ${open.holdTime} s (0 or at least 3)`);
    const holdTime = Math.min(open.holdTime, c.holdTime ?? 90);
    const ours = this.#ownOpen().capabilities;
    const addPath = ours.addPath.filter((f) => open.capabilities.addPath.some((p) => p.afi === f.afi && p.safi === f.safi && (p.mode & 2) !== 0));
    this.#peerOpen = open;
    this.#negotiated = { peerOpen: open, as4: open.capabilities.as4 !== undefined, addPath, holdTime, routeRefresh: open.capabilities.routeRefresh };
    this.#sendMessage(encodeMessage(BGP_MSG_KEEPALIVE));
    this.#startKeepalives(holdTime);
    this.#to(STATE_OPEN_CONFIRM, `OPEN from AS${asn} (${open.bgpId}), hold time ${holdTime} s`);
  }

  #onKeepalive(): void {
    if (this.#state === STATE_OPEN_CONFIRM) {
      this.#restartHold();
      this.#to(STATE_ESTABLISHED, "KEEPALIVE received");
    } else if (this.#state === STATE_ESTABLISHED) this.#restartHold();
    else throw this.#unexpected(BGP_MSG_KEEPALIVE);
  }

  #onUpdate(message: Uint8Array): void {
    if (this.#state !== STATE_ESTABLISHED) throw this.#unexpected(BGP_MSG_UPDATE);
    this.#restartHold();
    const n = this.#negotiated!;
    const addPath = this.addPathOf(message);
    if (scanUpdateBody(message, 19, message.length, n.as4, addPath, this.#scan)) return;
    const judgement = judgeUpdate(message, 19, message.length, { as4: n.as4, addPath, external: this.config.peerAs !== this.config.localAs });
    if (judgement.action === "accept") return;
    this.#out.malformed(judgement, message);
    const nf = judgement.notification;
    if (judgement.action === "session-reset" && nf !== undefined) {
      throw new NotificationError(nf.code, nf.subcode, judgement.faults.map((f) => f.reason).join("; "), nf.data);
    }
  }

  #onNotification(message: Uint8Array): void {
    let text = "NOTIFICATION received";
    try {
      text = `NOTIFICATION received: ${describeNotification(decodeNotification(message, 19, message.length))}`;
    } catch {
      // RFC 4271 §6.4: a NOTIFICATION is never answered, even when it cannot be read.
    }
    this.#drop(text);
  }

  /** RFC 4271 §8.2.2 / RFC 6608: a message the state does not expect is an FSM error. */
  #unexpected(type: number): NotificationError {
    const subcode = this.#state === STATE_OPEN_SENT ? 1 : this.#state === STATE_OPEN_CONFIRM ? 2 : 3;
    return new NotificationError(NOTIFY_FSM, subcode, `message type ${type} in state ${stateName(this.#state)}`, Uint8Array.of(type));
  }

  #fail(error: NotificationError): void {
    this.#notify({ code: error.code, subcode: error.subcode, data: error.data }, error.message);
  }

  /** Sends `n`, closes, and goes to Idle. */
  #notify(n: BgpNotification, reason: string): void {
    if (this.#connected) this.#sendMessage(encodeNotification(n));
    this.#drop(`NOTIFICATION sent: ${describeNotification(n)} (${reason})`);
  }

  /** Closes the connection and goes to Idle, then starts again if running. */
  #drop(reason: string): void {
    const was = this.#connected;
    this.#connected = false;
    this.#negotiated = undefined;
    this.#clear("hold");
    this.#clear("keepalive");
    if (was) this.#out.close();
    this.#to(STATE_IDLE, reason);
    this.#restart();
  }

  #begin(): void {
    if (!this.#running) return;
    if (this.config.active) {
      this.#to(STATE_CONNECT, "connecting");
      this.#retry = this.#timers.setTimeout(() => this.#connectTimedOut(), this.config.connectRetryMs ?? 30_000);
      this.#out.connect();
    } else this.#to(STATE_ACTIVE, "waiting for the peer to connect");
  }

  #connectTimedOut(): void {
    this.#retry = undefined;
    if (this.#connected || !this.#running) return;
    this.#begin();
  }

  /** After Idle: passive sessions wait at once, active ones after the connect-retry time. */
  #restart(): void {
    if (!this.#running) return;
    this.#clear("retry");
    if (!this.config.active) this.#begin();
    else {
      if (this.#state !== STATE_ACTIVE) this.#to(STATE_ACTIVE, "waiting to connect again");
      this.#retry = this.#timers.setTimeout(() => this.#connectTimedOut(), this.config.connectRetryMs ?? 30_000);
    }
  }

  #sendMessage(bytes: Uint8Array): void {
    this.#out.message(bytes, this.#timers.now(), true);
    this.#out.send(bytes);
  }

  #setHold(ms: number): void {
    this.#clear("hold");
    if (ms <= 0) return;
    this.#hold = this.#timers.setTimeout(() => {
      this.#hold = undefined;
      this.#notify({ code: NOTIFY_HOLD_TIMER_EXPIRED, subcode: 0, data: new Uint8Array(0) }, `no message from the peer for ${Math.round(ms / 1000)} s`);
    }, ms);
  }

  #restartHold(): void {
    const hold = this.#negotiated?.holdTime ?? 0;
    if (hold > 0) this.#setHold(hold * 1000);
    else this.#clear("hold");
  }

  #startKeepalives(holdTime: number): void {
    this.#clear("keepalive");
    this.#restartHold();
    if (holdTime === 0) return;
    const every = (holdTime * 1000) / 3;
    const tick = (): void => {
      if (!this.#connected) return;
      this.#sendMessage(encodeMessage(BGP_MSG_KEEPALIVE));
      this.#keepalive = this.#timers.setTimeout(tick, every);
    };
    this.#keepalive = this.#timers.setTimeout(tick, every);
  }

  #clear(which: "hold" | "keepalive" | "retry"): void {
    const handle = which === "hold" ? this.#hold : which === "keepalive" ? this.#keepalive : this.#retry;
    if (handle !== undefined) this.#timers.clearTimeout(handle);
    if (which === "hold") this.#hold = undefined;
    else if (which === "keepalive") this.#keepalive = undefined;
    else this.#retry = undefined;
  }

  #clearTimers(): void {
    this.#clear("hold");
    this.#clear("keepalive");
    this.#clear("retry");
  }

  #to(state: number, reason: string): void {
    const from = this.#state;
    if (from === state) return;
    this.#state = state;
    this.#out.state(from, state, reason, this.#timers.now());
  }

  /** The last OPEN the peer sent (kept after the session drops, for graceful restart). */
  get peerOpen(): BgpOpen | undefined {
    return this.#peerOpen;
  }
}

const HEADER = attributeHeader();

/**
 * The AFI an UPDATE's prefixes belong to: IPv4 when it has withdrawn routes or NLRI,
 * else that of its first MP attribute. Daemons send one family per UPDATE.
 */
function updateAfi(m: Uint8Array): number {
  const end = m.length;
  if (end < 23) return AFI_IPV4;
  const withdrawn = (m[19]! << 8) | m[20]!;
  if (withdrawn > 0) return AFI_IPV4;
  const attrLength = (m[21]! << 8) | m[22]!;
  let p = 23;
  const attrEnd = Math.min(end, p + attrLength);
  if (attrEnd < end) return AFI_IPV4;
  try {
    while (p < attrEnd) {
      readAttributeHeader(m, p, attrEnd, HEADER);
      if ((HEADER.code === ATTR_MP_REACH_NLRI || HEADER.code === ATTR_MP_UNREACH_NLRI) && HEADER.length >= 2) return (m[HEADER.value]! << 8) | m[HEADER.value + 1]!;
      p = HEADER.end;
    }
  } catch {
    // A damaged block: the judgement will say so; the IPv4 reading is as good as any.
  }
  return AFI_IPV4;
}
