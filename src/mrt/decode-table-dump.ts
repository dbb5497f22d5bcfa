/** TABLE_DUMP (v1) records (RFC 6396 §4.2). */
import { BgpSyntaxError } from "../bgp/bgp-syntax-error.ts";
import { u16, u32 } from "../bgp/wire.ts";
import { addressText, need } from "./record-bytes.ts";
import { prefixText } from "../bgp/ip-text.ts";
import { decodePathAttributes, type AttributeContext } from "../bgp/path-attributes.ts";
import * as C from "./constants.ts";
import type { MrtRawRecord, TableDumpRecord } from "./mrt-record.ts";

const CTX_2: AttributeContext = { asnLength: 2, addPath: false };

/**
 *     view (2) | sequence (2) | prefix (4/16) | length (1) | status (1) |
 *     originated (4) | peer IP (4/16) | peer AS (2) | attribute length (2) | attributes
 */
export function decodeTableDump(raw: MrtRawRecord): TableDumpRecord {
  const b = raw.data;
  const end = raw.end;
  const family = raw.subtype === C.TABLE_DUMP_AFI_IPV4 ? 4 : 6;
  const a = family === 4 ? 4 : 16;
  let p = raw.start;
  need(p, 4 + a + 6 + a + 4, end, "TABLE_DUMP entry");
  const viewNumber = u16(b, p);
  const sequence = u16(b, p + 2);
  p += 4;
  const bits = b[p + a]!;
  if (bits > a * 8) throw new BgpSyntaxError(p + a, `prefix length ${bits} exceeds ${a * 8}`);
  const prefix = prefixText(family, b, p, bits);
  p += a + 1;
  const status = b[p]!;
  const originatedTime = u32(b, p + 1);
  p += 5;
  const peerIp = addressText(family, b, p);
  p += a;
  const peerAsn = u16(b, p);
  const attrLength = u16(b, p + 2);
  p += 4;
  need(p, attrLength, end, "TABLE_DUMP attributes");
  const attrs = decodePathAttributes(b, p, p + attrLength, CTX_2);
  return {
    kind: "table_dump",
    index: raw.index,
    offset: raw.offset,
    timestamp: raw.timestamp,
    microseconds: raw.microseconds,
    type: raw.type,
    subtype: raw.subtype,
    family,
    viewNumber,
    sequence,
    prefix,
    status,
    originatedTime,
    peerIp,
    peerAsn,
    attrs,
  };
}
