/**
 * MRT records, raw then typed (the bgpkit-parser pipeline: raw record → typed record →
 * per-prefix elements). Types only.
 */
import type { BgpState } from "../model/bgp-elem.ts";
import type { DecodedAttributes } from "../bgp/path-attributes.ts";
import type { BgpUpdate } from "../bgp/update.ts";

export type { BgpUpdate };

/** One framed record: the common header and where its body lies. */
export interface MrtRawRecord {
  /** 0-based position in the stream. */
  readonly index: number;
  /** Byte offset of the header in the decompressed stream. */
  readonly offset: number;
  readonly timestamp: number;
  /** Microseconds of `*_ET` records, else 0. */
  readonly microseconds: number;
  readonly type: number;
  readonly subtype: number;
  /** Body bytes are `data[start, end)`; valid until the next batch is read. */
  readonly data: Uint8Array;
  readonly start: number;
  readonly end: number;
}

/** Header fields every typed record keeps. */
export interface MrtHeader {
  readonly index: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly microseconds: number;
  readonly type: number;
  readonly subtype: number;
}

/** A peer of a TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 §4.3.1). */
export interface MrtPeer {
  readonly bgpId: string;
  readonly ip: string;
  readonly asn: number;
  readonly family: 4 | 6;
}

/** TABLE_DUMP (v1) entry: one prefix seen from one peer (RFC 6396 §4.2). */
export interface TableDumpRecord extends MrtHeader {
  readonly kind: "table_dump";
  readonly family: 4 | 6;
  readonly viewNumber: number;
  readonly sequence: number;
  readonly prefix: string;
  readonly status: number;
  readonly originatedTime: number;
  readonly peerIp: string;
  readonly peerAsn: number;
  readonly attrs: DecodedAttributes;
}

/** TABLE_DUMP_V2 PEER_INDEX_TABLE. */
export interface PeerIndexTableRecord extends MrtHeader {
  readonly kind: "peer_index_table";
  readonly collectorId: string;
  readonly viewName: string;
  readonly peers: readonly MrtPeer[];
}

/** One RIB entry of a TABLE_DUMP_V2 RIB record. */
export interface RibEntry {
  readonly peerIndex: number;
  readonly peer: MrtPeer;
  readonly originatedTime: number;
  readonly pathId?: number;
  readonly attrs: DecodedAttributes;
}

/** TABLE_DUMP_V2 RIB_* record: one prefix and every peer's route to it. */
export interface RibRecord extends MrtHeader {
  readonly kind: "rib";
  readonly family: 4 | 6;
  readonly afi: number;
  readonly safi: number;
  readonly addPath: boolean;
  readonly sequence: number;
  readonly prefix: string;
  readonly entries: readonly RibEntry[];
}

/** Fields of the BGP4MP peer header (RFC 6396 §4.4.1–4.4.2). */
export interface Bgp4mpPeerHeader extends MrtHeader {
  readonly peerAsn: number;
  readonly localAsn: number;
  readonly interfaceIndex: number;
  readonly afi: number;
  readonly peerIp: string;
  readonly localIp: string;
}


/** BGP4MP(_ET) MESSAGE*: one BGP message between a peer and the collector. */
export interface Bgp4mpMessageRecord extends Bgp4mpPeerHeader {
  readonly kind: "bgp4mp_message";
  readonly as4: boolean;
  readonly addPath: boolean;
  /** ADD-PATH NLRI found in a plain subtype (BIRD writes them so). */
  readonly addPathInferred?: true;
  /** `*_LOCAL` subtypes: the message was sent by the collector, not received. */
  readonly local: boolean;
  readonly messageType: number;
  /** The decoded UPDATE; undefined for other message types. */
  readonly update: BgpUpdate | undefined;
  /** The whole BGP message (header included): a view valid until the next batch is read. */
  readonly message: Uint8Array;
}

/** BGP4MP(_ET) STATE_CHANGE*. */
export interface Bgp4mpStateChangeRecord extends Bgp4mpPeerHeader {
  readonly kind: "bgp4mp_state_change";
  readonly oldState: BgpState;
  readonly newState: BgpState;
}

/** BGP4MP_ENTRY (Zebra/OpenBGPD RIB entry, draft-ietf-grow-mrt before RFC 6396). */
export interface Bgp4mpEntryRecord extends Bgp4mpPeerHeader {
  readonly kind: "bgp4mp_entry";
  readonly viewNumber: number;
  readonly status: number;
  readonly originatedTime: number;
  readonly family: 4 | 6;
  readonly safi: number;
  readonly nextHops: readonly string[];
  readonly prefix: string;
  readonly attrs: DecodedAttributes;
}

/** A record of a type or subtype Nightlight does not decode; counted, never fatal. */
export interface UnsupportedRecord extends MrtHeader {
  readonly kind: "unsupported";
}

/** Any typed MRT record. */
export type MrtRecord =
  | TableDumpRecord
  | PeerIndexTableRecord
  | RibRecord
  | Bgp4mpMessageRecord
  | Bgp4mpStateChangeRecord
  | Bgp4mpEntryRecord
  | UnsupportedRecord;
