/**
 * Raw MRT record → typed record. Holds the one piece of state an MRT stream has: the
 * latest TABLE_DUMP_V2 PEER_INDEX_TABLE, which the RIB records that follow refer to.
 * The decoders of each record type live in decode-*.ts beside this file.
 */
import { decodeEntry, decodeMessage, decodeStateChange } from "./decode-bgp4mp.ts";
import { decodePeerIndexTable } from "./decode-peer-index-table.ts";
import { decodeRib } from "./decode-rib.ts";
import { decodeTableDump } from "./decode-table-dump.ts";
import * as C from "./constants.ts";
import { recordHeader } from "./record-bytes.ts";
import type { MrtPeer, MrtRawRecord, MrtRecord, PeerIndexTableRecord } from "./mrt-record.ts";

/** Decodes typed records from raw ones; throws BgpSyntaxError (offset within `raw.data`). */
export class MrtDecoder {
  #peers: readonly MrtPeer[] | undefined;

  /** The current PEER_INDEX_TABLE's peers, if one has been read. */
  get peers(): readonly MrtPeer[] | undefined {
    return this.#peers;
  }

  #remember(table: PeerIndexTableRecord): PeerIndexTableRecord {
    this.#peers = table.peers;
    return table;
  }

  /** Decodes one record. Unknown types and subtypes come back as `unsupported`. */
  decode(raw: MrtRawRecord): MrtRecord {
    switch (raw.type) {
      case C.MRT_TYPE_TABLE_DUMP:
        if (raw.subtype === C.TABLE_DUMP_AFI_IPV4 || raw.subtype === C.TABLE_DUMP_AFI_IPV6) return decodeTableDump(raw);
        break;
      case C.MRT_TYPE_TABLE_DUMP_V2:
        switch (raw.subtype) {
          case C.TDV2_PEER_INDEX_TABLE:
            return this.#remember(decodePeerIndexTable(raw));
          case C.TDV2_RIB_IPV4_UNICAST:
          case C.TDV2_RIB_IPV4_MULTICAST:
          case C.TDV2_RIB_IPV6_UNICAST:
          case C.TDV2_RIB_IPV6_MULTICAST:
          case C.TDV2_RIB_IPV4_UNICAST_ADDPATH:
          case C.TDV2_RIB_IPV4_MULTICAST_ADDPATH:
          case C.TDV2_RIB_IPV6_UNICAST_ADDPATH:
          case C.TDV2_RIB_IPV6_MULTICAST_ADDPATH:
          case C.TDV2_RIB_GENERIC:
          case C.TDV2_RIB_GENERIC_ADDPATH: {
            const rib = decodeRib(raw, this.#peers);
            if (rib !== undefined) return rib;
            break;
          }
        }
        break;
      case C.MRT_TYPE_BGP4MP:
      case C.MRT_TYPE_BGP4MP_ET:
        switch (raw.subtype) {
          case C.BGP4MP_STATE_CHANGE:
          case C.BGP4MP_STATE_CHANGE_AS4:
            return decodeStateChange(raw);
          case C.BGP4MP_MESSAGE:
          case C.BGP4MP_MESSAGE_AS4:
          case C.BGP4MP_MESSAGE_LOCAL:
          case C.BGP4MP_MESSAGE_AS4_LOCAL:
          case C.BGP4MP_MESSAGE_ADDPATH:
          case C.BGP4MP_MESSAGE_AS4_ADDPATH:
          case C.BGP4MP_MESSAGE_LOCAL_ADDPATH:
          case C.BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH:
            return decodeMessage(raw);
          case C.BGP4MP_ENTRY:
            return decodeEntry(raw);
        }
        break;
    }
    return { kind: "unsupported", ...recordHeader(raw) };
  }
}

