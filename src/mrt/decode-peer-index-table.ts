/** TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 §4.3.1). */
import { u16, u32 } from "../bgp/wire.ts";
import { addressText, need, recordHeader } from "./record-bytes.ts";
import { ipv4Text } from "../bgp/ip-text.ts";
import type { MrtPeer, MrtRawRecord, PeerIndexTableRecord } from "./mrt-record.ts";

/**
 *     collector BGP ID (4) | view name length (2) | view name | peer count (2) |
 *     per peer: type (1) | BGP ID (4) | IP (4/16 by type bit 0) | AS (2/4 by type bit 1)
 */
export function decodePeerIndexTable(raw: MrtRawRecord): PeerIndexTableRecord {
  const b = raw.data;
  const end = raw.end;
  let p = raw.start;
  need(p, 6, end, "PEER_INDEX_TABLE header");
  const collectorId = ipv4Text(b, p);
  const nameLength = u16(b, p + 4);
  p += 6;
  need(p, nameLength + 2, end, "PEER_INDEX_TABLE view name");
  const viewName = Buffer.from(b.buffer, b.byteOffset + p, nameLength).toString("utf8");
  p += nameLength;
  const count = u16(b, p);
  p += 2;
  const peers: MrtPeer[] = [];
  for (let i = 0; i < count; i++) {
    need(p, 1, end, `peer ${i} of ${count}`);
    const type = b[p]!;
    const family = (type & 1) !== 0 ? 6 : 4;
    const asnLength = (type & 2) !== 0 ? 4 : 2;
    const size = 1 + 4 + (family === 6 ? 16 : 4) + asnLength;
    need(p, size, end, `peer ${i} of ${count}`);
    const bgpId = ipv4Text(b, p + 1);
    const ip = addressText(family, b, p + 5);
    const q = p + 5 + (family === 6 ? 16 : 4);
    const asn = asnLength === 4 ? u32(b, q) : u16(b, q);
    peers.push({ bgpId, ip, asn, family });
    p += size;
  }
  return { kind: "peer_index_table", ...recordHeader(raw), collectorId, viewName, peers };
}
