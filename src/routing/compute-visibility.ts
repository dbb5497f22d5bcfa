/**
 * Visibility as IODA defines it: a full-feed peer holds more than 400 k IPv4 (10 k
 * IPv6) routes, and a prefix is visible when at least 50 % of the full-feed peer ASNs
 * have a route to it. Several sessions of one AS (at one or several collectors) count
 * as one AS.
 */
import type { PrefixFamily } from "./prefix-table.ts";
import { NO_ORIGIN, NO_ROUTE } from "./origin-table.ts";
import type { PeerRoutes } from "./peer-routes.ts";
import type { RoutingState } from "./routing-state.ts";

/** The thresholds, all configurable (small test tables need small ones). */
export interface VisibilityOptions {
  /** A peer is full-feed for IPv4 with more than this many IPv4 routes. Default 400 000. */
  readonly fullFeedV4?: number;
  /** A peer is full-feed for IPv6 with more than this many IPv6 routes. Default 10 000. */
  readonly fullFeedV6?: number;
  /** Share of full-feed peer ASNs that must see a prefix. Default 0.5. */
  readonly visibleShare?: number;
  /** Only peers of these collectors take part (the ones with data in the bin). Default all. */
  readonly collectors?: ReadonlySet<string>;
}

/** IODA's thresholds. */
export const DEFAULT_VISIBILITY = { fullFeedV4: 400_000, fullFeedV6: 10_000, visibleShare: 0.5 } as const;

/** Marks a prefix visible with several origins; they are in `moreOrigins`. */
export const SEVERAL_ORIGINS = 0xffffffff;

/** Per-family figures of one visibility computation. */
export interface FamilyVisibility {
  /** Full-feed peers (sessions) and distinct ASNs among them. */
  readonly fullFeedPeers: number;
  readonly fullFeedAsns: number;
  /** Peer ASNs a prefix needs to be visible; 0 when there is no full-feed peer (no data). */
  readonly threshold: number;
  /** Visible prefixes. */
  readonly visiblePrefixes: number;
}

/** Which prefixes are visible, and with which origin ASes. */
export interface Visibility {
  readonly v4: FamilyVisibility;
  readonly v6: FamilyVisibility;
  /** 1 where the prefix id is visible. */
  readonly visible: Uint8Array;
  /**
   * The origin index a visible prefix is visible with (seen with that origin by at least
   * the threshold of ASNs): NO_ROUTE for none (e.g. only NO_ORIGIN routes), or
   * SEVERAL_ORIGINS when more than one origin is; those are listed in `moreOrigins`.
   */
  readonly origin: Uint32Array;
  readonly moreOrigins: ReadonlyMap<number, readonly number[]>;
}

/** Full-feed peers of one family grouped by ASN: routes arrays of single-session ASes, then groups. */
export interface AsnGroups {
  readonly singles: Uint32Array[];
  readonly groups: Uint32Array[][];
  readonly peers: number;
  /** The peers' keys, in order. */
  readonly keys: string[];
}

function groupFullFeed(peers: readonly PeerRoutes[], family: PrefixFamily, min: number, collectors: ReadonlySet<string> | undefined): AsnGroups {
  const byAsn = new Map<number, Uint32Array[]>();
  const keys: string[] = [];
  for (const peer of peers) {
    if (collectors !== undefined && !collectors.has(peer.collector)) continue;
    if ((family === 4 ? peer.v4 : peer.v6) <= min) continue;
    keys.push(peer.key);
    const list = byAsn.get(peer.asn);
    if (list === undefined) byAsn.set(peer.asn, [peer.routes]);
    else list.push(peer.routes);
  }
  const singles: Uint32Array[] = [];
  const groups: Uint32Array[][] = [];
  for (const list of byAsn.values()) {
    if (list.length === 1) singles.push(list[0]!);
    else groups.push(list);
  }
  return { singles, groups, peers: keys.length, keys };
}

/** Counts one more AS for an origin other than the first one seen. */
function tallyOther(o: number, origins: number[], counts: number[]): void {
  const k = origins.indexOf(o);
  if (k < 0) {
    origins.push(o);
    counts.push(1);
  } else counts[k]!++;
}

/** The smallest count of ASNs that is at least `share` of `asns` (0 when there are none). */
export function visibilityThreshold(asns: number, share: number): number {
  if (asns === 0) return 0;
  // A tiny epsilon keeps 0.3 × 10 = 3.0000000000000004 at 3.
  return Math.max(1, Math.ceil(share * asns - 1e-9));
}

/** What a visibility pass depends on besides the routes: the full-feed peers and thresholds. */
export interface VisibilityInputs {
  readonly g4: AsnGroups;
  readonly g6: AsnGroups;
  readonly t4: number;
  readonly t6: number;
  /** Equal keys mean equal inputs: the full-feed peers of each family and the thresholds. */
  readonly key: string;
}

/** The full-feed peers of `state` by family and ASN, and the thresholds, under `options`. */
export function visibilityInputs(state: RoutingState, options: VisibilityOptions): VisibilityInputs {
  const share = options.visibleShare ?? DEFAULT_VISIBILITY.visibleShare;
  if (!(share >= 0 && share <= 1)) throw new RangeError(`Cannot compute visibility: visibleShare ${share} is not between 0 and 1`);
  const peers = state.peers();
  const g4 = groupFullFeed(peers, 4, options.fullFeedV4 ?? DEFAULT_VISIBILITY.fullFeedV4, options.collectors);
  const g6 = groupFullFeed(peers, 6, options.fullFeedV6 ?? DEFAULT_VISIBILITY.fullFeedV6, options.collectors);
  const t4 = visibilityThreshold(g4.singles.length + g4.groups.length, share);
  const t6 = visibilityThreshold(g6.singles.length + g6.groups.length, share);
  return { g4, g6, t4, t6, key: `${t4}|${t6}|${g4.keys.join(",")}|${g6.keys.join(",")}` };
}

/** The arrays a pass fills; see Visibility. */
export interface VisibilityArrays {
  readonly visible: Uint8Array;
  readonly origin: Uint32Array;
  readonly moreOrigins: Map<number, number[]>;
}

/**
 * Evaluates prefix ids `ids[0 … count - 1]` (`ids` null: ids `0 … count - 1`) into `out`,
 * whose entries for them must be clear (0, 0, absent); returns how many of them are
 * visible, IPv4 and IPv6.
 */
export function evaluatePrefixes(state: RoutingState, inputs: VisibilityInputs, out: VisibilityArrays, ids: readonly number[] | null, count: number): [number, number] {
  const { g4, g6, t4, t6 } = inputs;
  const { visible, origin, moreOrigins } = out;
  const prefixes = state.prefixes;
  const seenOrigins: number[] = [];
  const seenCounts: number[] = [];
  const groupOrigins: number[] = [];
  let visible4 = 0;
  let visible6 = 0;
  for (let k = 0; k < count; k++) {
    const id = ids === null ? k : ids[k]!;
    const v4 = prefixes.family(id) === 4;
    const g = v4 ? g4 : g6;
    const threshold = v4 ? t4 : t6;
    if (threshold === 0) continue;
    // Fast path: one origin for everyone who sees it; the lists take over on a second one.
    let seen = 0;
    let o1 = NO_ROUTE;
    let c1 = 0;
    seenOrigins.length = 0;
    seenCounts.length = 0;
    const singles = g.singles;
    for (let j = 0; j < singles.length; j++) {
      const routes = singles[j]!;
      const o = id < routes.length ? routes[id]! : NO_ROUTE;
      if (o === NO_ROUTE) continue;
      seen++;
      if (o === o1) c1++;
      else if (o1 === NO_ROUTE) {
        o1 = o;
        c1 = 1;
      } else tallyOther(o, seenOrigins, seenCounts);
    }
    for (const group of g.groups) {
      groupOrigins.length = 0;
      for (const routes of group) {
        const o = id < routes.length ? routes[id]! : NO_ROUTE;
        if (o !== NO_ROUTE && !groupOrigins.includes(o)) groupOrigins.push(o);
      }
      if (groupOrigins.length === 0) continue;
      seen++;
      for (const o of groupOrigins) {
        if (o === o1) c1++;
        else if (o1 === NO_ROUTE) {
          o1 = o;
          c1 = 1;
        } else tallyOther(o, seenOrigins, seenCounts);
      }
    }
    if (seen < threshold) continue;
    visible[id] = 1;
    if (v4) visible4++;
    else visible6++;
    let found = o1 !== NO_ORIGIN && c1 >= threshold ? o1 : NO_ROUTE;
    for (let j = 0; j < seenOrigins.length; j++) {
      const o = seenOrigins[j]!;
      if (o === NO_ORIGIN || seenCounts[j]! < threshold) continue;
      if (found === NO_ROUTE) found = o;
      else {
        const list = moreOrigins.get(id) ?? [found];
        list.push(o);
        moreOrigins.set(id, list);
        found = SEVERAL_ORIGINS;
      }
    }
    origin[id] = found;
  }
  return [visible4, visible6];
}

/** The figures of one family under `inputs`, with its count of visible prefixes. */
export function familyVisibility(inputs: VisibilityInputs, family: PrefixFamily, visiblePrefixes: number): FamilyVisibility {
  const g = family === 4 ? inputs.g4 : inputs.g6;
  const threshold = family === 4 ? inputs.t4 : inputs.t6;
  return { fullFeedPeers: g.peers, fullFeedAsns: g.singles.length + g.groups.length, threshold, visiblePrefixes };
}

/**
 * Computes which prefixes are visible now, from the full-feed peers' routes. Cost:
 * one pass over (prefix, full-feed peer) pairs, about 60 M array reads for 50 peers
 * over 1.2 M prefixes. VisibilityTracker does the same from one bin to the next,
 * looking again only at the prefixes whose routes changed.
 */
export function computeVisibility(state: RoutingState, options: VisibilityOptions = {}): Visibility {
  const inputs = visibilityInputs(state, options);
  const n = state.prefixes.size;
  const out = { visible: new Uint8Array(n), origin: new Uint32Array(n), moreOrigins: new Map<number, number[]>() };
  const [visible4, visible6] = evaluatePrefixes(state, inputs, out, null, n);
  return { v4: familyVisibility(inputs, 4, visible4), v6: familyVisibility(inputs, 6, visible6), ...out };
}
