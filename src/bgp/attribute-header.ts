/**
 * The header of one path attribute (RFC 4271 §4.3):
 *
 *     flags (1) | type code (1) | length (1, or 2 with the extended-length flag) | value
 *
 * Read into a caller-owned object so the walk over an attribute block allocates nothing.
 */
import { BgpSyntaxError } from "./bgp-syntax-error.ts";
import { ATTR_FLAG_EXTENDED_LENGTH } from "./constants.ts";

/** Where one attribute lies: its flags, code, and value bytes `[value, end)`. */
export interface AttributeHeader {
  flags: number;
  code: number;
  length: number;
  value: number;
  end: number;
}

/** A fresh header object to pass to readAttributeHeader. */
export function attributeHeader(): AttributeHeader {
  return { flags: 0, code: 0, length: 0, value: 0, end: 0 };
}

/** Reads the attribute starting at `p` (before `end`) into `h`; throws if it overruns the block. */
export function readAttributeHeader(b: Uint8Array, p: number, end: number, h: AttributeHeader): void {
  if (p + 3 > end) throw new BgpSyntaxError(p, `attribute header needs at least 3 bytes, ${end - p} left`);
  const flags = b[p]!;
  const code = b[p + 1]!;
  let length: number;
  let value: number;
  if ((flags & ATTR_FLAG_EXTENDED_LENGTH) !== 0) {
    if (p + 4 > end) throw new BgpSyntaxError(p, `extended attribute header needs 4 bytes, ${end - p} left`);
    length = (b[p + 2]! << 8) | b[p + 3]!;
    value = p + 4;
  } else {
    length = b[p + 2]!;
    value = p + 3;
  }
  if (value + length > end) {
    throw new BgpSyntaxError(p, `attribute ${code} declares ${length} bytes, ${end - value} left in the attribute block`);
  }
  h.flags = flags;
  h.code = code;
  h.length = length;
  h.value = value;
  h.end = value + length;
}
