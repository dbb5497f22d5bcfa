/**
 * Shared BGP types: the flat per-prefix "element" that bgpkit-parser and pybgpstream
 * users know, and the path attributes an UPDATE or RIB entry carries.
 * Types only, no logic (see docs/design/0001-layout.md).
 */

/** Address family: 4 or 6 (IANA AFI 1 and 2). */
export type Family = 4 | 6;

/** ORIGIN attribute values (RFC 4271 §5.1.1). */
export type Origin = "IGP" | "EGP" | "INCOMPLETE";

/** One AS_PATH segment (RFC 4271 §4.3, RFC 5065 for the confederation kinds). */
export interface AsPathSegment {
  readonly kind: "sequence" | "set" | "confed_sequence" | "confed_set";
  readonly asns: readonly number[];
}

/** AGGREGATOR or AS4_AGGREGATOR (RFC 4271 §5.1.7, RFC 6793 §3). */
export interface Aggregator {
  readonly asn: number;
  readonly ip: string;
}

/** An attribute Nightlight does not decode, kept as raw bytes. */
export interface RawAttribute {
  readonly flags: number;
  readonly code: number;
  readonly value: Uint8Array;
}

/**
 * The decoded path attributes of one UPDATE or RIB entry. Absent attributes are
 * `undefined`, never a made-up default: bgpdump's `0` for a missing MED is a
 * formatting choice, not a value. The reader's objects build these fields on first
 * read (see src/bgp/lazy-path-attributes.ts).
 */
export interface PathAttributes {
  origin?: Origin | undefined;
  /** AS_PATH with AS4_PATH already merged per RFC 6793 §4.2.3. */
  asPath?: readonly AsPathSegment[] | undefined;
  nextHop?: string | undefined;
  med?: number | undefined;
  localPref?: number | undefined;
  atomicAggregate?: boolean | undefined;
  aggregator?: Aggregator | undefined;
  /** RFC 1997 communities as 32-bit values (high 16 bits = ASN). */
  communities?: readonly number[] | undefined;
  /** RFC 8092 large communities as [global, local1, local2] triples. */
  largeCommunities?: readonly (readonly [number, number, number])[] | undefined;
  /** RFC 4360 extended communities, 8 raw bytes each, as lower-case hex. */
  extendedCommunities?: readonly string[] | undefined;
  /** RFC 4456 ORIGINATOR_ID. */
  originatorId?: string | undefined;
  /** RFC 4456 CLUSTER_LIST. */
  clusterList?: readonly string[] | undefined;
  /** RFC 9234 ONLY_TO_CUSTOMER: the ASN. */
  onlyToCustomer?: number | undefined;
  /** MP_REACH_NLRI next hops (global, then link-local if present). */
  mpNextHops?: readonly string[] | undefined;
  /** Attributes kept undecoded, in wire order. */
  unknown?: readonly RawAttribute[] | undefined;
}

/**
 * BGP finite-state-machine state as MRT STATE_CHANGE numbers it (RFC 6396 §4.4.1):
 * 1 Idle … 6 Established; Quagga also writes 7 (Clearing) and 8 (Deleted).
 */
export type BgpState = number;

/** Kind of an element: announcement, withdrawal, or peer state change. */
export type ElemType = "A" | "W" | "STATE";

/**
 * One element: one prefix announced or withdrawn by one peer at one time, or one
 * peer's session state change. RIB entries are announcements (`fromRib` true).
 */
export interface BgpElem {
  /** Seconds since the Unix epoch, UTC; microseconds as a fraction for `*_ET` records. */
  readonly timestamp: number;
  readonly type: ElemType;
  readonly peerIp: string;
  readonly peerAsn: number;
  /** Masked prefix text such as `192.0.2.0/24`; `null` for STATE. */
  readonly prefix: string | null;
  /** ADD-PATH path identifier (RFC 7911), when the record carries one. */
  readonly pathId?: number;
  /** Next hop of this prefix: MP_REACH_NLRI's for multiprotocol NLRI, NEXT_HOP's otherwise. */
  readonly nextHop: string | null;
  /** Shared by every element of the same UPDATE or RIB entry; `null` for W and STATE. */
  readonly attributes: PathAttributes | null;
  /** True when the element comes from a RIB dump rather than an UPDATE. */
  readonly fromRib: boolean;
  readonly oldState?: BgpState;
  readonly newState?: BgpState;
}
