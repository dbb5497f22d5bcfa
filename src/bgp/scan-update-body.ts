/**
 * A fast path through the body of a BGP UPDATE (RFC 4271 §4.3) for consumers that need
 * only the prefixes withdrawn and announced and the origin AS (the BGP visibility
 * signal): no objects and no text per prefix. Prefixes are handed over as (family,
 * length, offset of their bytes, path identifier).
 *
 * It checks what the full decoder checks (the attribute framing, every attribute value
 * through checkAttributeValue, the NLRI of the UPDATE and of MP_(UN)REACH_NLRI) and
 * hands anything unusual back (`false`) to the full decoder or to judgeUpdate(): damage,
 * a repeated MP attribute, a 2-byte session carrying AS4_PATH (RFC 6793 merge), an
 * announcement without the attributes RFC 4271 makes mandatory. Used by the MRT reader's
 * replay path and by live sessions, so both read the same bytes the same way.
 */
import { asPathOrigin } from "./as-path-origin.ts";
import { attributeHeader, readAttributeHeader } from "./attribute-header.ts";
import { BgpSyntaxError } from "./bgp-syntax-error.ts";
import { attributeFlagsOk, checkAttributeValue } from "./check-attribute.ts";
import { ATTR_AS4_PATH, ATTR_AS_PATH, ATTR_MP_REACH_NLRI, ATTR_MP_UNREACH_NLRI, ATTR_NEXT_HOP, ATTR_ORIGIN } from "./constants.ts";

/** Prefixes as references into the message's bytes; arrays grow as needed. */
export class PrefixRefs {
  count = 0;
  family = new Uint8Array(64);
  bits = new Uint8Array(64);
  offset = new Uint32Array(64);
  /** RFC 7911 path identifier; 0 without ADD-PATH. */
  pathId = new Uint32Array(64);

  /** Appends one prefix. */
  push(family: 4 | 6, bits: number, offset: number, pathId: number): void {
    if (this.count === this.bits.length) this.#grow();
    this.family[this.count] = family;
    this.bits[this.count] = bits;
    this.offset[this.count] = offset;
    this.pathId[this.count] = pathId;
    this.count++;
  }

  #grow(): void {
    const n = 2 * this.count;
    const f = new Uint8Array(n);
    const b = new Uint8Array(n);
    const o = new Uint32Array(n);
    const id = new Uint32Array(n);
    f.set(this.family);
    b.set(this.bits);
    o.set(this.offset);
    id.set(this.pathId);
    this.family = f;
    this.bits = b;
    this.offset = o;
    this.pathId = id;
  }
}

/** Reusable output of scanUpdateBody(). */
export class UpdateBodyScan {
  /** Origin ASN of the announcements; -1 for none or no single one. */
  origin = -1;
  /** Unicast prefixes (SAFI 1) only. */
  readonly withdrawn = new PrefixRefs();
  readonly announced = new PrefixRefs();
  /**
   * RFC 4724 §2 End-of-RIB marker: the AFI it closes (1 IPv4 unicast: an UPDATE with
   * nothing in it; 2 IPv6: an MP_UNREACH_NLRI of IPv6 unicast with no prefix and no
   * other attribute), 0 for an ordinary UPDATE.
   */
  endOfRib = 0;
}

const HEADER = attributeHeader();

/** Appends the prefixes of the NLRI field `[p, end)` to `out` (undefined: check only). */
function nlri(b: Uint8Array, p: number, end: number, family: 4 | 6, addPath: boolean, out: PrefixRefs | undefined): void {
  const max = family === 4 ? 32 : 128;
  while (p < end) {
    let pathId = 0;
    if (addPath) {
      if (p + 4 > end) throw new BgpSyntaxError(p, `ADD-PATH identifier needs 4 bytes, ${end - p} left`);
      pathId = b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
      p += 4;
    }
    if (p >= end) throw new BgpSyntaxError(p, "prefix length byte missing");
    const bits = b[p]!;
    if (bits > max) throw new BgpSyntaxError(p, `IPv${family} prefix length ${bits} exceeds ${max}`);
    const n = (bits + 7) >> 3;
    if (p + 1 + n > end) throw new BgpSyntaxError(p, `prefix /${bits} needs ${n} bytes, ${end - p - 1} left`);
    out?.push(family, bits, p + 1, pathId);
    p += 1 + n;
  }
}

/** The family of a unicast AFI/SAFI; undefined for others (multicast and VPN carry no reachability). */
function unicastFamily(afi: number, safi: number): 4 | 6 | undefined {
  if (safi !== 1) return undefined;
  return afi === 1 ? 4 : afi === 2 ? 6 : undefined;
}

/** RFC 4760 §3 next hop lengths the full decoder reads (plain, link-local pair, RFC 4364 VPN forms). */
function knownNextHopLength(n: number): boolean {
  return n === 0 || n === 4 || n === 16 || n === 32 || n === 12 || n === 24 || n === 48;
}

const BIT_ORIGIN = 1 << (ATTR_ORIGIN - 1);
const BIT_AS_PATH = 1 << (ATTR_AS_PATH - 1);
const BIT_NEXT_HOP = 1 << (ATTR_NEXT_HOP - 1);

/** What the attribute walk found, besides what it wrote into `out`. */
interface Walk {
  seen: number;
  /** The announcement NLRI of MP_REACH_NLRI has bytes (of any AFI/SAFI). */
  mpAnnounces: boolean;
  /** Attributes other than MP_UNREACH_NLRI. */
  others: number;
  /** AFI of an MP_UNREACH_NLRI without prefixes, 0 if none. */
  emptyUnreachAfi: number;
}

const WALK: Walk = { seen: 0, mpAnnounces: false, others: 0, emptyUnreachAfi: 0 };

/** Reads MP_REACH_NLRI's NLRI into `out`; false when the full decoder must judge. */
function mpReach(b: Uint8Array, v: number, end: number, addPath: boolean, out: UpdateBodyScan, walk: Walk): boolean {
  if (b[v] !== 0 || v + 5 > end) return false;
  const hop = b[v + 3]!;
  if (!knownNextHopLength(hop)) return false;
  let q = v + 4 + hop;
  if (q >= end || b[q] !== 0) return false; // SNPAs: let the full decoder judge
  q += 1;
  if (q < end) walk.mpAnnounces = true;
  const family = unicastFamily((b[v]! << 8) | b[v + 1]!, b[v + 2]!);
  nlri(b, q, end, family ?? (b[v + 1] === 2 ? 6 : 4), addPath, family === undefined ? undefined : out.announced);
  return true;
}

/** Reads MP_UNREACH_NLRI's NLRI into `out`; false when the full decoder must judge. */
function mpUnreach(b: Uint8Array, v: number, end: number, addPath: boolean, out: UpdateBodyScan, walk: Walk): boolean {
  if (v + 3 > end) return false;
  const afi = (b[v]! << 8) | b[v + 1]!;
  const family = unicastFamily(afi, b[v + 2]!);
  if (v + 3 === end && family !== undefined) walk.emptyUnreachAfi = afi;
  nlri(b, v + 3, end, family ?? (afi === 2 ? 6 : 4), addPath, family === undefined ? undefined : out.withdrawn);
  return true;
}

/** Walks the attribute block `[p, end)`; false when the full decoder must judge. */
function attributes(b: Uint8Array, p: number, end: number, as4: boolean, addPath: boolean, out: UpdateBodyScan): boolean {
  const h = HEADER;
  const walk = WALK;
  walk.seen = 0;
  walk.mpAnnounces = false;
  walk.others = 0;
  walk.emptyUnreachAfi = 0;
  const asnLength = as4 ? 4 : 2;
  while (p < end) {
    readAttributeHeader(b, p, end, h);
    const code = h.code;
    if (code !== ATTR_MP_UNREACH_NLRI) walk.others++;
    const bit = code >= 1 && code <= 32 ? 1 << (code - 1) : 0;
    if ((walk.seen & bit) !== 0) {
      // RFC 7606 §3 g: a repeated MP attribute resets the session; judgeUpdate() says so.
      if (code === ATTR_MP_REACH_NLRI || code === ATTR_MP_UNREACH_NLRI) return false;
      p = h.end;
      continue;
    }
    walk.seen |= bit;
    if (!attributeFlagsOk(code, h.flags)) return false; // RFC 7606 §3 c: judgeUpdate() treats it as withdrawn
    if (code === ATTR_MP_REACH_NLRI) {
      if (!mpReach(b, h.value, h.end, addPath, out, walk)) return false;
    } else if (code === ATTR_MP_UNREACH_NLRI) {
      if (!mpUnreach(b, h.value, h.end, addPath, out, walk)) return false;
    } else {
      checkAttributeValue(b, p, h, asnLength);
      if (code === ATTR_AS_PATH) out.origin = asPathOrigin(b, h.value, h.end, asnLength);
      else if (code === ATTR_AS4_PATH && !as4) return false; // RFC 6793 merge: the full decoder's job
    }
    p = h.end;
  }
  return true;
}

/**
 * Reads the UPDATE body `[start, end)` (after the 19-byte header) of a session with
 * 4-byte ASNs (`as4`) and ADD-PATH (`addPath`) into `out`. True when `out` holds it;
 * false when the full decoder must read it (never throws on damage).
 */
export function scanUpdateBody(b: Uint8Array, start: number, end: number, as4: boolean, addPath: boolean, out: UpdateBodyScan): boolean {
  out.withdrawn.count = 0;
  out.announced.count = 0;
  out.origin = -1;
  out.endOfRib = 0;
  try {
    let p = start;
    if (p + 2 > end) return false;
    const withdrawnLength = (b[p]! << 8) | b[p + 1]!;
    p += 2;
    if (p + withdrawnLength + 2 > end) return false;
    nlri(b, p, p + withdrawnLength, 4, addPath, out.withdrawn);
    p += withdrawnLength;
    const attrLength = (b[p]! << 8) | b[p + 1]!;
    p += 2;
    const attrEnd = p + attrLength;
    if (attrEnd > end) return false;
    if (!attributes(b, p, attrEnd, as4, addPath, out)) return false;
    const announcedBefore = out.announced.count;
    // The NLRI field; a partial last prefix (a cut message) is the full decoder's case.
    nlri(b, attrEnd, end, 4, addPath, out.announced);
    const classic = out.announced.count > announcedBefore;
    const w = WALK;
    // RFC 4271 §5 and RFC 7606 §3 d: announcements need ORIGIN and AS_PATH, and
    // NEXT_HOP for the NLRI field; without them judgeUpdate() treats them as withdrawn.
    if ((classic || w.mpAnnounces) && ((w.seen & BIT_ORIGIN) === 0 || (w.seen & BIT_AS_PATH) === 0)) return false;
    if (classic && (w.seen & BIT_NEXT_HOP) === 0) return false;
    if (end === start + 4 && withdrawnLength === 0) out.endOfRib = 1;
    else if (w.emptyUnreachAfi !== 0 && w.others === 0 && withdrawnLength === 0 && !classic) out.endOfRib = w.emptyUnreachAfi;
    return true;
  } catch (error: unknown) {
    if (error instanceof BgpSyntaxError) return false;
    throw error;
  }
}
