/**
 * The passive BGP speaker's TCP side: a listener for the peers that connect to us,
 * outgoing connections (with connect-retry) for the peers we connect to, one
 * BgpSession (src/bgp, RFC 4271's state machine) per configured peer. A connection
 * from an address that is not a configured peer is refused and logged. It never
 * announces a route.
 *
 * Connection collisions (RFC 4271 §6.8): a new connection while the session is
 * Established is closed with Cease 6/7; while it is in OpenConfirm, the one initiated by
 * the speaker with the higher BGP identifier stays; in OpenSent (the peer's identifier
 * not yet known) the existing one stays.
 *
 * TCP-MD5 (RFC 2385) is not available: Node.js has no TCP_MD5SIG socket option, and no
 * maintained package sets it; live-config.ts refuses a peer with a password, saying so.
 */
import { createServer, connect, isIP, type Server, type Socket } from "node:net";
import { BgpSession, stateName, type SessionConfig } from "../bgp/bgp-session.ts";
import { BGP_MSG_KEEPALIVE, BGP_MSG_UPDATE, CEASE_CONNECTION_COLLISION, STATE_ESTABLISHED, STATE_OPEN_CONFIRM, STATE_OPEN_SENT } from "../bgp/constants.ts";
import type { UpdateJudgement } from "../bgp/judge-update.ts";
import { ceaseNotification, encodeNotification } from "../bgp/notification-message.ts";
import { canonicalAddress } from "./canonical-address.ts";

/** One configured peer. */
export interface SpeakerPeer {
  /** The peer's address (canonical text). */
  readonly address: string;
  readonly asn: number;
  /** We connect (true) or wait for the peer (false). */
  readonly active: boolean;
  /** TCP port to connect to (active peers; default 179). */
  readonly port?: number;
  /** Address to connect from (active peers). */
  readonly localAddress?: string;
  readonly holdTime?: number;
  readonly addPath?: boolean;
  /** A name for logs and the sources page. */
  readonly name?: string;
}

/** What the speaker is. */
export interface SpeakerConfig {
  readonly localAs: number;
  readonly routerId: string;
  /** Where to listen for peers; none: only active peers. */
  readonly listen?: { readonly address: string; readonly port: number };
  readonly peers: readonly SpeakerPeer[];
  readonly connectRetryMs?: number;
  /** Restart time advertised as a graceful-restart receiver, seconds. */
  readonly restartTime?: number;
}

/** How a message went: what the recording needs to write it. */
export interface MessageContext {
  readonly sent: boolean;
  /** 4-byte ASNs negotiated (true before negotiation: an OPEN carries no AS_PATH). */
  readonly as4: boolean;
  readonly addPath: boolean;
  /** Our address on the connection. */
  readonly localAddress: string;
}

/** What the speaker reports. */
export interface SpeakerEvents {
  /** A message from or to a peer (KEEPALIVEs are not reported), timestamped on arrival. */
  message(peer: SpeakerPeer, bytes: Uint8Array, timeMs: number, context: MessageContext): void;
  /** A session's state changed (RFC 6396 numbers). */
  state(peer: SpeakerPeer, from: number, to: number, reason: string, timeMs: number, localAddress: string): void;
  /** A malformed UPDATE (RFC 7606), with its judgement and bytes. */
  malformed(peer: SpeakerPeer, judgement: UpdateJudgement, bytes: Uint8Array): void;
  /** Anything worth a line in the log. */
  log(text: string): void;
}

/** A peer's session as the sources page shows it. */
export interface PeerStatus {
  readonly peer: SpeakerPeer;
  readonly state: string;
  /** Since when (ms) the session is in that state. */
  readonly since: number;
  /** Last message received (ms), or null. */
  readonly lastMessage: number | null;
  readonly updates: number;
  /** UPDATEs per second over the last minute. */
  readonly updatesPerSecond: number;
  readonly lastError: string | null;
}

/** Monotonic milliseconds with microsecond resolution, for MRT's ET timestamps. */
function monotonicNow(): () => number {
  let last = 0;
  return () => {
    const t = performance.timeOrigin + performance.now();
    last = t > last ? t : last + 0.001;
    return last;
  };
}

const RATE_WINDOW_MS = 60_000;

/** One peer's runtime: its session, its socket, its counts. */
class PeerRuntime {
  readonly peer: SpeakerPeer;
  readonly session: BgpSession;
  socket: Socket | undefined;
  dialing: Socket | undefined;
  localAddress: string;
  since: number;
  lastMessage: number | null = null;
  lastError: string | null = null;
  updates = 0;
  readonly recent: number[] = [];

  constructor(peer: SpeakerPeer, session: BgpSession, now: number) {
    this.peer = peer;
    this.session = session;
    this.localAddress = peer.address.includes(":") ? "::" : "0.0.0.0";
    this.since = now;
  }
}

/** The TCP runtime of every configured peer's session. */
export class BgpSpeaker {
  readonly config: SpeakerConfig;
  readonly #events: SpeakerEvents;
  readonly #now: () => number;
  readonly #peers = new Map<string, PeerRuntime>();
  /** Sockets the sessions closed, still flushing their last NOTIFICATION. */
  readonly #closing = new Set<Socket>();
  #server: Server | undefined;

  constructor(config: SpeakerConfig, events: SpeakerEvents, options: { now?: () => number } = {}) {
    this.config = config;
    this.#events = events;
    this.#now = options.now ?? monotonicNow();
    for (const peer of config.peers) {
      const address = canonicalAddress(peer.address);
      if (address === null) throw new TypeError(`Cannot configure peer ${JSON.stringify(peer.address)}: not an IP address`);
      const p = { ...peer, address };
      if (this.#peers.has(address)) throw new TypeError(`Peer ${address} is configured twice`);
      this.#peers.set(address, this.#runtime(p));
    }
  }

  /** The clock the speaker stamps messages with. */
  get now(): () => number {
    return this.#now;
  }

  /** Listens (when configured) and starts every session. Resolves with the address listened on. */
  async start(): Promise<{ address: string; port: number } | undefined> {
    let bound: { address: string; port: number } | undefined;
    const listen = this.config.listen;
    if (listen !== undefined) {
      const server = createServer((socket) => this.#incoming(socket));
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen({ host: listen.address, port: listen.port }, () => {
          server.off("error", reject);
          resolve();
        });
      });
      server.on("error", (error) => this.#events.log(`listener error: ${error.message}`));
      this.#server = server;
      const a = server.address();
      if (a !== null && typeof a === "object") bound = { address: a.address, port: a.port };
    }
    for (const rt of this.#peers.values()) rt.session.start();
    return bound;
  }

  /** Ends every session with a Cease NOTIFICATION and stops listening. */
  async stop(communication = "Nightlight collector stopping"): Promise<void> {
    for (const rt of this.#peers.values()) {
      rt.dialing?.destroy();
      rt.dialing = undefined;
      rt.session.stop(communication);
    }
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
    // Let the NOTIFICATIONs go out before the sockets are torn down.
    await Promise.all([...this.#closing, ...[...this.#peers.values()].flatMap((rt) => (rt.socket === undefined ? [] : [rt.socket]))].map(closed));
  }

  /** Every peer's session, for the sources page and logs. */
  status(): PeerStatus[] {
    const now = Date.now();
    return [...this.#peers.values()].map((rt) => {
      while (rt.recent.length > 0 && rt.recent[0]! < now - RATE_WINDOW_MS) rt.recent.shift();
      return {
        peer: rt.peer, state: stateName(rt.session.state), since: rt.since, lastMessage: rt.lastMessage,
        updates: rt.updates, updatesPerSecond: rt.recent.length / (RATE_WINDOW_MS / 1000), lastError: rt.lastError,
      };
    });
  }

  /** Asks a peer to send its routes of a family again (RFC 2918); false when it cannot. */
  refresh(address: string, family: { afi: number; safi: number }): boolean {
    const rt = this.#peers.get(canonicalAddress(address) ?? address);
    return rt?.session.requestRefresh(family) ?? false;
  }

  #runtime(peer: SpeakerPeer): PeerRuntime {
    const c = this.config;
    const config: SessionConfig = {
      localAs: c.localAs, routerId: c.routerId, peerAs: peer.asn, active: peer.active,
      ...(peer.holdTime === undefined ? {} : { holdTime: peer.holdTime }),
      ...(peer.addPath === undefined ? {} : { addPath: peer.addPath }),
      ...(c.connectRetryMs === undefined ? {} : { connectRetryMs: c.connectRetryMs }),
      ...(c.restartTime === undefined ? {} : { restartTime: c.restartTime }),
    };
    let rt: PeerRuntime | undefined;
    const session = new BgpSession(config, {
      send: (bytes) => rt?.socket?.write(bytes),
      close: () => {
        const socket = rt?.socket;
        if (rt !== undefined) rt.socket = undefined;
        if (socket === undefined) return;
        this.#closing.add(socket);
        socket.once("close", () => this.#closing.delete(socket));
        socket.end();
        socket.setTimeout(5000, () => socket.destroy());
      },
      connect: () => this.#dial(rt!),
      state: (from, to, reason, time) => {
        rt!.since = Date.now();
        if (to < from && from >= STATE_OPEN_SENT) rt!.lastError = reason;
        this.#events.log(`peer ${name(peer)}: ${stateName(from)} → ${stateName(to)} (${reason})`);
        this.#events.state(peer, from, to, reason, time, rt!.localAddress);
      },
      message: (bytes, time, sent) => {
        const type = bytes[18];
        if (!sent) {
          rt!.lastMessage = Date.now();
          if (type === BGP_MSG_UPDATE) {
            rt!.updates++;
            rt!.recent.push(rt!.lastMessage);
            if (rt!.recent.length > 100_000) rt!.recent.shift();
          }
        }
        if (type === BGP_MSG_KEEPALIVE) return;
        const n = session.negotiated;
        this.#events.message(peer, bytes, time, { sent, as4: n?.as4 ?? true, addPath: type === BGP_MSG_UPDATE && session.addPathOf(bytes), localAddress: rt!.localAddress });
      },
      malformed: (judgement, bytes) => this.#events.malformed(peer, judgement, bytes),
    }, { now: this.#now, setTimeout: (fn, ms) => setTimeout(fn, ms).unref(), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) });
    rt = new PeerRuntime(peer, session, Date.now());
    return rt;
  }

  #attach(rt: PeerRuntime, socket: Socket): void {
    rt.socket = socket;
    socket.setNoDelay(true);
    rt.localAddress = canonicalAddress(socket.localAddress ?? "") ?? rt.localAddress;
    socket.on("data", (chunk: Buffer) => {
      if (rt.socket === socket) rt.session.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    });
    socket.on("error", (error) => {
      rt.lastError = error.message;
    });
    socket.on("close", () => {
      if (rt.socket !== socket) return;
      rt.socket = undefined;
      rt.session.tcpFailed(rt.lastError === null ? "connection closed by the peer" : `connection closed: ${rt.lastError}`);
    });
    rt.session.tcpConnected();
  }

  #dial(rt: PeerRuntime): void {
    if (rt.dialing !== undefined || rt.socket !== undefined) return;
    const peer = rt.peer;
    const socket = connect({ host: peer.address, port: peer.port ?? 179, ...(peer.localAddress === undefined ? {} : { localAddress: peer.localAddress }) });
    rt.dialing = socket;
    socket.once("connect", () => {
      if (rt.dialing !== socket) return;
      rt.dialing = undefined;
      if (rt.socket !== undefined) {
        socket.destroy();
        return;
      }
      this.#attach(rt, socket);
    });
    socket.once("error", (error) => {
      if (rt.dialing !== socket) return;
      rt.dialing = undefined;
      rt.lastError = error.message;
      rt.session.tcpFailed(`cannot connect to ${peer.address}: ${error.message}`);
    });
  }

  #incoming(socket: Socket): void {
    const remote = canonicalAddress(socket.remoteAddress ?? "") ?? String(socket.remoteAddress);
    const rt = this.#peers.get(remote);
    if (rt === undefined) {
      this.#events.log(`refused a connection from ${isIP(remote) === 0 ? JSON.stringify(remote) : remote} port ${socket.remotePort}: not a configured peer`);
      socket.destroy();
      return;
    }
    const state = rt.session.state;
    if (rt.socket !== undefined) {
      const keepOld = state === STATE_ESTABLISHED || state === STATE_OPEN_SENT || (state === STATE_OPEN_CONFIRM && this.#weWin(rt));
      if (keepOld) {
        this.#events.log(`peer ${name(rt.peer)}: a second connection while ${stateName(state)} is closed (connection collision, RFC 4271 §6.8)`);
        socket.end(encodeNotification(ceaseNotification(CEASE_CONNECTION_COLLISION)));
        return;
      }
      const old = rt.socket;
      rt.socket = undefined;
      old.end(encodeNotification(ceaseNotification(CEASE_CONNECTION_COLLISION)));
      rt.session.tcpFailed("connection collision: the peer's connection is kept (RFC 4271 §6.8)");
    }
    rt.dialing?.destroy();
    rt.dialing = undefined;
    this.#attach(rt, socket);
  }

  /** RFC 4271 §6.8: our connection stays when our BGP identifier is the higher. */
  #weWin(rt: PeerRuntime): boolean {
    const theirs = rt.session.negotiated?.peerOpen.bgpId;
    if (theirs === undefined) return true;
    const n = (id: string): number => id.split(".").reduce((a, x) => a * 256 + Number(x), 0);
    return n(this.config.routerId) > n(theirs);
  }
}

function name(peer: SpeakerPeer): string {
  return peer.name === undefined ? `${peer.address} AS${peer.asn}` : `${peer.name} (${peer.address} AS${peer.asn})`;
}

/** Resolves when `socket` has closed (at most 2 s, then it is destroyed). */
function closed(socket: Socket): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once("close", () => resolve());
    setTimeout(() => {
      socket.destroy();
      resolve();
    }, 2000).unref();
  });
}
