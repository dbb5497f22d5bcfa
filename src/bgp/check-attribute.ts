/**
 * The one check of a path attribute's value (RFC 4271 §5, RFC 6793, RFC 1997, RFC 4360,
 * RFC 4456, RFC 8092, RFC 9234): lengths and the AS_PATH segments, without building
 * anything. The full decoder (decodePathAttributes), the fast UPDATE scan
 * (scanUpdateBody) and the RFC 7606 judgement of a live UPDATE (judgeUpdate) all call
 * it, so the three accept and refuse the same bytes.
 */
import type { AttributeHeader } from "./attribute-header.ts";
import { BgpSyntaxError } from "./bgp-syntax-error.ts";
import {
  ATTR_AGGREGATOR,
  ATTR_AS4_AGGREGATOR,
  ATTR_AS4_PATH,
  ATTR_AS_PATH,
  ATTR_ATOMIC_AGGREGATE,
  ATTR_CLUSTER_LIST,
  ATTR_COMMUNITIES,
  ATTR_EXTENDED_COMMUNITIES,
  ATTR_LARGE_COMMUNITIES,
  ATTR_LOCAL_PREF,
  ATTR_MULTI_EXIT_DISC,
  ATTR_NEXT_HOP,
  ATTR_ONLY_TO_CUSTOMER,
  ATTR_ORIGIN,
  ATTR_ORIGINATOR_ID,
} from "./constants.ts";

function expectLength(code: number, start: number, length: number, expected: number): void {
  if (length !== expected) throw new BgpSyntaxError(start, `attribute ${code} has length ${length}, expected ${expected}`);
}

function checkMultiple(p: number, length: number, unit: number, name: string): void {
  if (length % unit !== 0) throw new BgpSyntaxError(p, `${name} length ${length} is not a multiple of ${unit}`);
}

/** Checks the AS path segments between `start` and `end` without building them. */
export function checkAsPath(b: Uint8Array, start: number, end: number, asnLength: 2 | 4): void {
  let p = start;
  while (p < end) {
    if (p + 2 > end) throw new BgpSyntaxError(p, `AS path segment header needs 2 bytes, ${end - p} left`);
    const type = b[p]!;
    if (type < 1 || type > 4) throw new BgpSyntaxError(p, `unknown AS path segment type ${type}`);
    const size = b[p + 1]! * asnLength;
    p += 2;
    if (p + size > end) {
      throw new BgpSyntaxError(p, `AS path segment of ${b[p - 1]} ASNs needs ${size} bytes, ${end - p} left`);
    }
    p += size;
  }
}

/**
 * Checks the value of the attribute whose header `h` was read at `p`; throws
 * BgpSyntaxError when it is malformed. MP_REACH_NLRI, MP_UNREACH_NLRI and attributes
 * Nightlight does not decode are not looked at here.
 */
export function checkAttributeValue(b: Uint8Array, p: number, h: AttributeHeader, asnLength: 2 | 4): void {
  const { code, length, value: v, end: ve } = h;
  switch (code) {
    case ATTR_ORIGIN:
      expectLength(code, p, length, 1);
      if (b[v]! > 2) throw new BgpSyntaxError(v, `ORIGIN value ${b[v]} is none of 0, 1, 2`);
      break;
    case ATTR_AS_PATH:
      checkAsPath(b, v, ve, asnLength);
      break;
    case ATTR_AS4_PATH:
      checkAsPath(b, v, ve, 4);
      break;
    case ATTR_NEXT_HOP:
    case ATTR_MULTI_EXIT_DISC:
    case ATTR_LOCAL_PREF:
    case ATTR_ORIGINATOR_ID:
    case ATTR_ONLY_TO_CUSTOMER:
      expectLength(code, p, length, 4);
      break;
    case ATTR_ATOMIC_AGGREGATE:
      // RFC 4271 §5.1.6 and RFC 7606 §7.6: the attribute has no value.
      expectLength(code, p, length, 0);
      break;
    case ATTR_AGGREGATOR:
      // The length tells the ASN width: some speakers write 8 bytes even in 2-byte sessions.
      if (length !== 6 && length !== 8) throw new BgpSyntaxError(p, `AGGREGATOR has length ${length}, expected 6 or 8`);
      break;
    case ATTR_AS4_AGGREGATOR:
      expectLength(code, p, length, 8);
      break;
    case ATTR_COMMUNITIES:
      checkMultiple(p, length, 4, "COMMUNITIES");
      break;
    case ATTR_LARGE_COMMUNITIES:
      checkMultiple(p, length, 12, "LARGE_COMMUNITIES");
      break;
    case ATTR_EXTENDED_COMMUNITIES:
      checkMultiple(p, length, 8, "EXTENDED_COMMUNITIES");
      break;
    case ATTR_CLUSTER_LIST:
      checkMultiple(p, length, 4, "CLUSTER_LIST");
      break;
  }
}

/**
 * The Optional and Transitive flag bits (0x80, 0x40) each attribute Nightlight reads is
 * defined with: well-known attributes are transitive and not optional; MED, ORIGINATOR_ID,
 * CLUSTER_LIST and the MP attributes optional non-transitive; the rest optional transitive.
 */
const FLAGS: Readonly<Record<number, number>> = {
  1: 0x40, 2: 0x40, 3: 0x40, 4: 0x80, 5: 0x40, 6: 0x40, 7: 0xc0, 8: 0xc0, 9: 0x80, 10: 0x80,
  14: 0x80, 15: 0x80, 16: 0xc0, 17: 0xc0, 18: 0xc0, 32: 0xc0, 35: 0xc0,
};

/** RFC 7606 §3 c: whether the Optional and Transitive bits of a known attribute are as defined (unknown codes: always). */
export function attributeFlagsOk(code: number, flags: number): boolean {
  const expected = FLAGS[code];
  return expected === undefined || (flags & 0xc0) === expected;
}
