/**
 * Applies one typed MRT record to the routing state: RIB entries and announcements set
 * a peer's route with its origin AS, withdrawals clear it, and a peer's session leaving
 * Established drops all its routes. Only unicast routes count (SAFI 1): multicast and
 * VPN tables do not carry the reachability the signal measures.
 */
import type { Nlri } from "../bgp/nlri.ts";
import type { MrtRecord } from "../mrt/mrt-record.ts";
import { originOfPath } from "./origin-of-path.ts";
import type { PeerRoutes } from "./peer-routes.ts";
import type { RoutingState } from "./routing-state.ts";

/** RFC 4271 §8.2.2: the Established state, as MRT STATE_CHANGE numbers it (RFC 6396 §4.4.1). */
export const BGP_STATE_ESTABLISHED = 6;
const SAFI_UNICAST = 1;

/** What applyRecord() did, summed by the caller. */
export interface ApplyCounts {
  announced: number;
  withdrawn: number;
  sessionsDown: number;
}

/** Fresh zero counts. */
export function emptyCounts(): ApplyCounts {
  return { announced: 0, withdrawn: 0, sessionsDown: 0 };
}

function withdrawAll(state: RoutingState, peer: PeerRoutes, nlri: readonly Nlri[], counts: ApplyCounts): void {
  for (const n of nlri) {
    // A prefix never announced has no id and no route to drop.
    peer.withdraw(state.prefixes, state.prefixes.internText(n.prefix, false));
    counts.withdrawn++;
  }
}

function announceAll(state: RoutingState, peer: PeerRoutes, nlri: readonly Nlri[], origin: number, counts: ApplyCounts): void {
  for (const n of nlri) {
    peer.announce(state.prefixes, state.prefixes.internText(n.prefix), origin);
    counts.announced++;
  }
}

/**
 * Applies `record` of `collector` to `state`. ADD-PATH path identifiers are folded: a
 * peer has at most one route per prefix, so the withdrawal of one of several paths
 * drops the peer's route (RIS and RouteViews peers do not send ADD-PATH).
 */
export function applyRecord(state: RoutingState, collector: string, record: MrtRecord, counts: ApplyCounts = emptyCounts()): ApplyCounts {
  switch (record.kind) {
    case "bgp4mp_message": {
      const u = record.update;
      if (u === undefined || record.local) break;
      const peer = state.peer(collector, record.peerIp, record.peerAsn);
      withdrawAll(state, peer, u.withdrawn, counts);
      for (const mp of u.attrs.mpUnreach) if (mp.safi === SAFI_UNICAST) withdrawAll(state, peer, mp.nlri, counts);
      if (u.announced.length === 0 && u.attrs.mpReach.length === 0) break;
      const origin = state.origins.indexOf(originOfPath(u.attrs.attributes.asPath));
      announceAll(state, peer, u.announced, origin, counts);
      for (const mp of u.attrs.mpReach) if (mp.safi === SAFI_UNICAST) announceAll(state, peer, mp.nlri, origin, counts);
      break;
    }
    case "bgp4mp_state_change": {
      if (record.newState === BGP_STATE_ESTABLISHED) break;
      const peer = state.findPeer(collector, record.peerIp, record.peerAsn);
      if (peer !== undefined && peer.v4 + peer.v6 > 0) {
        peer.clear();
        counts.sessionsDown++;
      }
      break;
    }
    case "table_dump": {
      const peer = state.peer(collector, record.peerIp, record.peerAsn);
      const origin = state.origins.indexOf(originOfPath(record.attrs.attributes.asPath));
      peer.announce(state.prefixes, state.prefixes.internText(record.prefix), origin);
      counts.announced++;
      break;
    }
    case "rib": {
      if (record.safi !== SAFI_UNICAST) break;
      const id = state.prefixes.internText(record.prefix);
      for (const e of record.entries) {
        const peer = state.peer(collector, e.peer.ip, e.peer.asn);
        peer.announce(state.prefixes, id, state.origins.indexOf(originOfPath(e.attrs.attributes.asPath)));
        counts.announced++;
      }
      break;
    }
    case "bgp4mp_entry": {
      if (record.safi !== SAFI_UNICAST) break;
      const peer = state.peer(collector, record.peerIp, record.peerAsn);
      const origin = state.origins.indexOf(originOfPath(record.attrs.attributes.asPath));
      peer.announce(state.prefixes, state.prefixes.internText(record.prefix), origin);
      counts.announced++;
      break;
    }
    case "peer_index_table":
    case "unsupported":
      break;
  }
  return counts;
}
