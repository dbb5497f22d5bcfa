/**
 * A route collector of our own: the passive BGP speaker's sessions, recorded to MRT as
 * RIS records them (BGP4MP_ET messages and state changes), applied to a routing state,
 * cut into bins. What `nightlight collect` runs, and what `serve` runs for its live peers.
 */
import { STATE_ESTABLISHED } from "../bgp/constants.ts";
import type { UpdateJudgement } from "../bgp/judge-update.ts";
import { stateName } from "../bgp/bgp-session.ts";
import { describeNotification } from "../bgp/notification-message.ts";
import { encodeBgp4mpMessage, encodeBgp4mpStateChange, type Bgp4mpPeer } from "../mrt/encode-bgp4mp.ts";
import type { BlockAttribution } from "../routing/block-attribution.ts";
import type { VisibilityOptions } from "../routing/compute-visibility.ts";
import type { ReplayBin } from "../routing/replay-bgp.ts";
import { BgpSpeaker, type PeerStatus, type SpeakerConfig, type SpeakerPeer } from "./bgp-speaker.ts";
import { LiveFeed } from "./live-feed.ts";
import { MrtRecorder } from "./mrt-recorder.ts";

/** What a collector needs. */
export interface LiveCollectorOptions {
  readonly speaker: SpeakerConfig;
  /** Collector name (`live`, `live-NAME`): of its routes, its recording folder, its source. */
  readonly collector: string;
  /** Recording folder; none: not recorded. */
  readonly mrtDir?: string;
  readonly binMs: number;
  readonly visibility?: Omit<VisibilityOptions, "collectors">;
  readonly attribution: BlockAttribution;
  readonly onBin: (bin: ReplayBin) => void | Promise<void>;
  /** Log lines: sessions, malformed UPDATEs (peer and bytes), refused connections, file errors. */
  readonly log: (line: string) => void;
  /** What the next bin's provenance lists as a problem: a session down, a malformed UPDATE. */
  readonly problem?: (text: string) => void;
  /** A session changed state (after its routes were dropped or kept). */
  readonly onState?: (peer: SpeakerPeer, change: SessionChange) => void;
  /** Wait after a bin's end before the clock closes it, ms (default 250). */
  readonly lagMs?: number;
}

/** One state change of a session, with the routes the peer had right after it. */
export interface SessionChange {
  readonly time: number;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  readonly prefixes: { readonly v4: number; readonly v6: number };
  /** Routes kept stale (graceful restart). */
  readonly stale: number;
}

/** A peer as the sources page shows it: the session and the routes it gave. */
export interface LivePeerStatus extends PeerStatus {
  /** Routes the peer has in the routing state (IPv4, IPv6), stale ones included. */
  readonly prefixes: { readonly v4: number; readonly v6: number };
  readonly stale: number;
  /** The last state changes, oldest first. */
  readonly history: readonly SessionChange[];
}

/** State changes kept per peer. */
const HISTORY = 20;

/** Hex of a message for the log, cut at 4096 bytes (the largest BGP message). */
const hex = (bytes: Uint8Array): string => Buffer.from(bytes.subarray(0, 4096)).toString("hex");

/** The collector: sessions → recording → routing state → bins. */
export class LiveCollector {
  readonly feed: LiveFeed;
  readonly speaker: BgpSpeaker;
  readonly recorder: MrtRecorder | undefined;
  readonly #options: LiveCollectorOptions;
  readonly #history = new Map<string, SessionChange[]>();
  #listening: { address: string; port: number } | undefined;

  constructor(options: LiveCollectorOptions) {
    this.#options = options;
    const log = options.log;
    this.recorder = options.mrtDir === undefined ? undefined : new MrtRecorder(options.mrtDir, options.collector, {
      routerId: options.speaker.routerId,
      onError: (error) => log(`recording: ${error.message}; those 5 minutes are a hole in the recording`),
    });
    this.feed = new LiveFeed({
      collector: options.collector, binMs: options.binMs, attribution: options.attribution, onBin: options.onBin,
      ...(options.visibility === undefined ? {} : { visibility: options.visibility }),
      ...(this.recorder === undefined ? {} : { recorder: this.recorder }),
      ...(options.lagMs === undefined ? {} : { lagMs: options.lagMs }),
      onError: (error) => log(`bin: ${error instanceof Error ? error.message : String(error)}`),
    });
    const ends = (peer: SpeakerPeer, localAddress: string): Bgp4mpPeer => ({ peerAsn: peer.asn, localAsn: options.speaker.localAs, peerIp: peer.address, localIp: localAddress });
    this.speaker = new BgpSpeaker(options.speaker, {
      message: (peer, bytes, time, c) => this.feed.push(encodeBgp4mpMessage(time, ends(peer, c.localAddress), bytes, { as4: c.as4, addPath: c.addPath, local: c.sent })),
      state: (peer, from, to, reason, time, localAddress) => {
        this.feed.push(encodeBgp4mpStateChange(time, ends(peer, localAddress), from, to));
        if (from === STATE_ESTABLISHED) options.problem?.(`peer ${peer.address} AS${peer.asn}: session down (${reason})`);
        const routes = this.feed.state.findPeer(options.collector, peer.address, peer.asn);
        const change = { time, from: stateName(from), to: stateName(to), reason, prefixes: { v4: routes?.v4 ?? 0, v6: routes?.v6 ?? 0 }, stale: routes?.stale ?? 0 };
        const list = this.#history.get(peer.address) ?? [];
        list.push(change);
        if (list.length > HISTORY) list.shift();
        this.#history.set(peer.address, list);
        options.onState?.(peer, change);
      },
      malformed: (peer, judgement, bytes) => {
        log(malformedLine(peer, judgement, bytes));
        options.problem?.(`peer ${peer.address} AS${peer.asn}: malformed UPDATE, RFC 7606 ${judgement.action}`);
      },
      log,
    });
  }

  /** Where the speaker listens, once started. */
  get listening(): { address: string; port: number } | undefined {
    return this.#listening;
  }

  /**
   * Starts recording, then the sessions. When the recording folder has files for the
   * current 5 minutes (a run stopped moments ago), waits for the next 5 minutes first.
   */
  async start(): Promise<void> {
    const now = Date.now();
    const start = this.recorder?.start() ?? now;
    if (start > now) {
      this.#options.log(`recording: ${this.recorder!.dir} has files for the current 5 minutes; sessions start at ${new Date(start).toISOString()}`);
      await new Promise((resolve) => setTimeout(resolve, start - now));
    }
    // The state is complete from the recording's start: no session, no route.
    this.feed.begin(start);
    this.#listening = await this.speaker.start();
  }

  /** Each peer's session and routes. */
  status(): LivePeerStatus[] {
    return this.speaker.status().map((s) => {
      const routes = this.feed.state.findPeer(this.#options.collector, s.peer.address, s.peer.asn);
      return { ...s, prefixes: { v4: routes?.v4 ?? 0, v6: routes?.v6 ?? 0 }, stale: routes?.stale ?? 0, history: this.#history.get(s.peer.address) ?? [] };
    });
  }

  /** A peer's routes now: `prefix origin` lines (origin `-` when the path names none), sorted. */
  routes(peer: SpeakerPeer): string[] {
    const state = this.feed.state;
    const routes = state.findPeer(this.#options.collector, peer.address, peer.asn)?.routes;
    if (routes === undefined) return [];
    const out: string[] = [];
    for (let id = 0; id < routes.length; id++) {
      const o = routes[id]!;
      if (o !== 0) out.push(`${state.prefixes.text(id)} ${state.origins.asnOf(o) ?? "-"}`);
    }
    return out.sort();
  }

  /** Ends the sessions (Cease), records their end, closes the last bins and the recording. */
  async stop(): Promise<void> {
    await this.speaker.stop();
    this.feed.gap(Date.now());
    this.feed.closeDue();
    this.feed.stop();
    await this.feed.flush();
    await this.recorder?.close();
  }
}

/** `peer X AS…: malformed UPDATE (treat-as-withdraw): reasons; bytes …`. */
function malformedLine(peer: SpeakerPeer, j: UpdateJudgement, bytes: Uint8Array): string {
  const reasons = j.faults.map((f) => `${f.reason} (${f.action})`).join("; ");
  const n = j.notification === undefined ? "" : `; NOTIFICATION ${describeNotification(j.notification)}`;
  return `peer ${peer.address} AS${peer.asn}: malformed UPDATE, RFC 7606 ${j.action}: ${reasons}${n}; ${bytes.length} bytes ${hex(bytes)}`;
}
