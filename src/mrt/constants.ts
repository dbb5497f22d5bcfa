/** MRT wire constants (RFC 6396, RFC 8050 for ADD-PATH; older Zebra and MRTd types). */

export const MRT_HEADER_LENGTH = 12;

/** Record types (RFC 6396 §4). */
export const MRT_TYPE_BGP = 5; // MRTd, deprecated
export const MRT_TYPE_TABLE_DUMP = 12;
export const MRT_TYPE_TABLE_DUMP_V2 = 13;
export const MRT_TYPE_BGP4MP = 16;
export const MRT_TYPE_BGP4MP_ET = 17;

/** TABLE_DUMP subtypes: the AFI (RFC 6396 §4.2). */
export const TABLE_DUMP_AFI_IPV4 = 1;
export const TABLE_DUMP_AFI_IPV6 = 2;

/** TABLE_DUMP_V2 subtypes (RFC 6396 §4.3, RFC 8050 §4). */
export const TDV2_PEER_INDEX_TABLE = 1;
export const TDV2_RIB_IPV4_UNICAST = 2;
export const TDV2_RIB_IPV4_MULTICAST = 3;
export const TDV2_RIB_IPV6_UNICAST = 4;
export const TDV2_RIB_IPV6_MULTICAST = 5;
export const TDV2_RIB_GENERIC = 6;
export const TDV2_RIB_IPV4_UNICAST_ADDPATH = 8;
export const TDV2_RIB_IPV4_MULTICAST_ADDPATH = 9;
export const TDV2_RIB_IPV6_UNICAST_ADDPATH = 10;
export const TDV2_RIB_IPV6_MULTICAST_ADDPATH = 11;
export const TDV2_RIB_GENERIC_ADDPATH = 12;

/** BGP4MP and BGP4MP_ET subtypes (RFC 6396 §4.4, RFC 8050 §3). */
export const BGP4MP_STATE_CHANGE = 0;
export const BGP4MP_MESSAGE = 1;
export const BGP4MP_ENTRY = 2;
export const BGP4MP_SNAPSHOT = 3;
export const BGP4MP_MESSAGE_AS4 = 4;
export const BGP4MP_STATE_CHANGE_AS4 = 5;
export const BGP4MP_MESSAGE_LOCAL = 6;
export const BGP4MP_MESSAGE_AS4_LOCAL = 7;
export const BGP4MP_MESSAGE_ADDPATH = 8;
export const BGP4MP_MESSAGE_AS4_ADDPATH = 9;
export const BGP4MP_MESSAGE_LOCAL_ADDPATH = 10;
export const BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH = 11;

/** Names for stats output, by type then subtype. */
export const MRT_TYPE_NAMES: Readonly<Record<number, string>> = {
  [MRT_TYPE_BGP]: "BGP",
  [MRT_TYPE_TABLE_DUMP]: "TABLE_DUMP",
  [MRT_TYPE_TABLE_DUMP_V2]: "TABLE_DUMP_V2",
  [MRT_TYPE_BGP4MP]: "BGP4MP",
  [MRT_TYPE_BGP4MP_ET]: "BGP4MP_ET",
  11: "OSPFv2",
  32: "ISIS",
  33: "ISIS_ET",
  48: "OSPFv3",
  49: "OSPFv3_ET",
};

export const TDV2_SUBTYPE_NAMES: Readonly<Record<number, string>> = {
  1: "PEER_INDEX_TABLE",
  2: "RIB_IPV4_UNICAST",
  3: "RIB_IPV4_MULTICAST",
  4: "RIB_IPV6_UNICAST",
  5: "RIB_IPV6_MULTICAST",
  6: "RIB_GENERIC",
  7: "GEO_PEER_TABLE",
  8: "RIB_IPV4_UNICAST_ADDPATH",
  9: "RIB_IPV4_MULTICAST_ADDPATH",
  10: "RIB_IPV6_UNICAST_ADDPATH",
  11: "RIB_IPV6_MULTICAST_ADDPATH",
  12: "RIB_GENERIC_ADDPATH",
};

export const BGP4MP_SUBTYPE_NAMES: Readonly<Record<number, string>> = {
  0: "STATE_CHANGE",
  1: "MESSAGE",
  2: "ENTRY",
  3: "SNAPSHOT",
  4: "MESSAGE_AS4",
  5: "STATE_CHANGE_AS4",
  6: "MESSAGE_LOCAL",
  7: "MESSAGE_AS4_LOCAL",
  8: "MESSAGE_ADDPATH",
  9: "MESSAGE_AS4_ADDPATH",
  10: "MESSAGE_LOCAL_ADDPATH",
  11: "MESSAGE_AS4_LOCAL_ADDPATH",
};

/** `TYPE/SUBTYPE` name of a record kind, e.g. `BGP4MP/MESSAGE_AS4`. */
export function mrtTypeName(type: number, subtype: number): string {
  const t = MRT_TYPE_NAMES[type] ?? `TYPE_${type}`;
  let s: string | undefined;
  if (type === MRT_TYPE_TABLE_DUMP_V2) s = TDV2_SUBTYPE_NAMES[subtype];
  else if (type === MRT_TYPE_BGP4MP || type === MRT_TYPE_BGP4MP_ET) s = BGP4MP_SUBTYPE_NAMES[subtype];
  else if (type === MRT_TYPE_TABLE_DUMP) s = subtype === 1 ? "AFI_IPV4" : subtype === 2 ? "AFI_IPV6" : undefined;
  return `${t}/${s ?? String(subtype)}`;
}
