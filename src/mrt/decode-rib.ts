/** TABLE_DUMP_V2 RIB records (RFC 6396 §4.3.2–4.3.4, RFC 8050 §4). */
import { BgpSyntaxError } from "../bgp/bgp-syntax-error.ts";
import { u16, u32 } from "../bgp/wire.ts";
import { need, recordHeader } from "./record-bytes.ts";
import { AFI_IPV4, AFI_IPV6 } from "../bgp/constants.ts";
import { prefixText } from "../bgp/ip-text.ts";
import { decodePathAttributes, type AttributeContext } from "../bgp/path-attributes.ts";
import * as C from "./constants.ts";
import type { MrtPeer, MrtRawRecord, RibEntry, RibRecord } from "./mrt-record.ts";

const CTX_4: AttributeContext = { asnLength: 4, addPath: false };

/**
 *     sequence (4) | [AFI (2) | SAFI (1) for RIB_GENERIC] | prefix length (1) | prefix |
 *     entry count (2) | per entry: peer index (2) | originated (4) |
 *     [path id (4), ADD-PATH subtypes] | attribute length (2) | attributes
 */
export function decodeRib(raw: MrtRawRecord, peers: readonly MrtPeer[] | undefined): RibRecord | undefined {
  const b = raw.data;
  const end = raw.end;
  const st = raw.subtype;
  const addPath = st >= C.TDV2_RIB_IPV4_UNICAST_ADDPATH;
  const generic = st === C.TDV2_RIB_GENERIC || st === C.TDV2_RIB_GENERIC_ADDPATH;
  let p = raw.start;
  need(p, 4, end, "RIB sequence number");
  const sequence = u32(b, p);
  p += 4;
  let afi: number;
  let safi: number;
  if (generic) {
    need(p, 3, end, "RIB_GENERIC AFI and SAFI");
    afi = u16(b, p);
    safi = b[p + 2]!;
    p += 3;
  } else {
    const base = addPath ? st - 6 : st;
    afi = base <= C.TDV2_RIB_IPV4_MULTICAST ? AFI_IPV4 : AFI_IPV6;
    safi = base === C.TDV2_RIB_IPV4_UNICAST || base === C.TDV2_RIB_IPV6_UNICAST ? 1 : 2;
  }
  // RIB_GENERIC of other families (VPN, flowspec, …) is counted as unsupported.
  if ((afi !== AFI_IPV4 && afi !== AFI_IPV6) || (safi !== 1 && safi !== 2)) return undefined;
  const family = afi === AFI_IPV4 ? 4 : 6;
  need(p, 1, end, "RIB prefix length");
  const bits = b[p]!;
  if (bits > (family === 4 ? 32 : 128)) throw new BgpSyntaxError(p, `IPv${family} prefix length ${bits} is too long`);
  const n = (bits + 7) >> 3;
  need(p + 1, n + 2, end, `prefix /${bits} and entry count`);
  const prefix = prefixText(family, b, p + 1, bits);
  p += 1 + n;
  const count = u16(b, p);
  p += 2;
  if (peers === undefined && count > 0) throw new BgpSyntaxError(raw.start, "RIB record before any PEER_INDEX_TABLE");
  const entries: RibEntry[] = [];
  for (let i = 0; i < count; i++) {
    need(p, addPath ? 12 : 8, end, `RIB entry ${i} of ${count}`);
    const peerIndex = u16(b, p);
    const peer = peers![peerIndex];
    if (peer === undefined) {
      throw new BgpSyntaxError(p, `RIB entry ${i} names peer ${peerIndex}, the peer table has ${peers!.length}`);
    }
    const originatedTime = u32(b, p + 2);
    p += 6;
    let pathId: number | undefined;
    if (addPath) {
      pathId = u32(b, p);
      p += 4;
    }
    const attrLength = u16(b, p);
    p += 2;
    need(p, attrLength, end, `RIB entry ${i} attributes`);
    // RFC 6396 §4.3.4: RIB entries always carry 4-byte ASNs; NLRI carry no path ids.
    const attrs = decodePathAttributes(b, p, p + attrLength, CTX_4);
    p += attrLength;
    entries.push(pathId === undefined ? { peerIndex, peer, originatedTime, attrs } : { peerIndex, peer, originatedTime, pathId, attrs });
  }
  return { kind: "rib", ...recordHeader(raw), family, afi, safi, addPath, sequence, prefix, entries };
}
