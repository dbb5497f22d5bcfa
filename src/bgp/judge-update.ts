/**
 * What RFC 7606 prescribes for an UPDATE that the fast scan (scanUpdateBody) handed
 * back: accept it, discard a malformed attribute ("attribute discard"), withdraw the
 * routes it announces ("treat-as-withdraw"), or end the session with a NOTIFICATION
 * ("session reset"). The walk uses the same header reader, value check and decoders as
 * the rest of src/bgp, and the update that counts is decoded by decodeUpdate() from the
 * message with the discarded attributes left out: one decoder.
 *
 * Per attribute (RFC 7606 §7; RFC 6793 §6 for AS4_PATH and AS4_AGGREGATOR; RFC 8092 §6;
 * RFC 9234 §5): a malformed ORIGIN, AS_PATH, NEXT_HOP, MED, COMMUNITIES,
 * EXTENDED_COMMUNITIES, LARGE_COMMUNITIES or ONLY_TO_CUSTOMER is treat-as-withdraw;
 * ATOMIC_AGGREGATE, AGGREGATOR, AS4_PATH and AS4_AGGREGATOR are discarded; LOCAL_PREF,
 * ORIGINATOR_ID and CLUSTER_LIST are discarded from an external peer, treat-as-withdraw
 * from an internal one. Wrong Optional/Transitive flags (§3 c), a missing mandatory
 * attribute (§3 d) and an attribute that overruns the block (§4) are treat-as-withdraw;
 * a repeated attribute keeps its first occurrence (§3 g). A repeated or malformed MP
 * attribute (§3 g, §7.11), bad NLRI (§5.3) or lengths that do not locate the NLRI are
 * session reset.
 */
import { attributeHeader, readAttributeHeader } from "./attribute-header.ts";
import { BgpSyntaxError } from "./bgp-syntax-error.ts";
import { attributeFlagsOk, checkAttributeValue } from "./check-attribute.ts";
import {
  ATTR_AGGREGATOR,
  ATTR_AS4_AGGREGATOR,
  ATTR_AS4_PATH,
  ATTR_AS_PATH,
  ATTR_ATOMIC_AGGREGATE,
  ATTR_CLUSTER_LIST,
  ATTR_LOCAL_PREF,
  ATTR_MP_REACH_NLRI,
  ATTR_MP_UNREACH_NLRI,
  ATTR_NEXT_HOP,
  ATTR_ORIGIN,
  ATTR_ORIGINATOR_ID,
  NOTIFY_UPDATE,
  UPDATE_INVALID_NETWORK_FIELD,
  UPDATE_MALFORMED_ATTRIBUTE_LIST,
  UPDATE_OPTIONAL_ATTRIBUTE,
} from "./constants.ts";
import type { BgpNotification } from "./notification-message.ts";
import { decodeNlri } from "./nlri.ts";
import { decodePathAttributes, type DecodedAttributes, type MpUnreach } from "./path-attributes.ts";
import { decodeUpdate, type BgpUpdate } from "./update.ts";

/** The RFC 7606 approaches, weakest first. */
export type UpdateAction = "accept" | "attribute-discard" | "treat-as-withdraw" | "session-reset";

const STRENGTH: Readonly<Record<UpdateAction, number>> = { accept: 0, "attribute-discard": 1, "treat-as-withdraw": 2, "session-reset": 3 };

/** One thing found wrong, with where (offset in the buffer given) and what it leads to. */
export interface UpdateFault {
  /** Attribute type code; 0 for the message framing or an NLRI field. */
  readonly code: number;
  readonly offset: number;
  readonly reason: string;
  readonly action: UpdateAction;
}

/** The verdict on one UPDATE. */
export interface UpdateJudgement {
  /** The strongest approach any fault calls for. */
  readonly action: UpdateAction;
  readonly faults: readonly UpdateFault[];
  /** Session reset: the NOTIFICATION to send. */
  readonly notification?: BgpNotification;
  /**
   * Otherwise the update as it counts: without discarded attributes; for
   * treat-as-withdraw every prefix it announces is in its withdrawals and none is announced.
   */
  readonly update?: BgpUpdate;
}

/** The session an UPDATE came on. */
export interface UpdateSession {
  readonly as4: boolean;
  readonly addPath: boolean;
  /** An external peer (RFC 7606 §7.5, §7.9, §7.10). */
  readonly external: boolean;
}

const HEADER = attributeHeader();

function valueAction(code: number, external: boolean): UpdateAction {
  switch (code) {
    case ATTR_ATOMIC_AGGREGATE:
    case ATTR_AGGREGATOR:
    case ATTR_AS4_PATH:
    case ATTR_AS4_AGGREGATOR:
      return "attribute-discard";
    case ATTR_LOCAL_PREF:
    case ATTR_ORIGINATOR_ID:
    case ATTR_CLUSTER_LIST:
      return external ? "attribute-discard" : "treat-as-withdraw";
    default:
      return "treat-as-withdraw";
  }
}

function reset(faults: UpdateFault[], offset: number, reason: string, subcode: number, data: Uint8Array = new Uint8Array(0)): UpdateJudgement {
  faults.push({ code: 0, offset, reason, action: "session-reset" });
  return { action: "session-reset", faults, notification: { code: NOTIFY_UPDATE, subcode, data } };
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What the attribute walk kept and found. */
interface AttributeWalk {
  /** Byte ranges of the attributes that count, in order. */
  readonly kept: [number, number][];
  seen: number;
  mpAnnounces: boolean;
  /** A session-reset outcome, if one was met. */
  reset?: UpdateJudgement;
}

function walkAttributes(b: Uint8Array, start: number, end: number, s: UpdateSession, faults: UpdateFault[]): AttributeWalk {
  const walk: AttributeWalk = { kept: [], seen: 0, mpAnnounces: false };
  const h = HEADER;
  const ctx = { asnLength: s.as4 ? 4 : 2, addPath: s.addPath } as const;
  let p = start;
  while (p < end) {
    try {
      readAttributeHeader(b, p, end, h);
    } catch (error: unknown) {
      // RFC 7606 §4: the total length still locates the NLRI; what follows is lost.
      faults.push({ code: 0, offset: p, reason: reason(error), action: "treat-as-withdraw" });
      break;
    }
    const { code, flags } = h;
    const attrStart = p;
    p = h.end;
    const bit = code >= 1 && code <= 32 ? 2 ** (code - 1) : 0;
    if (bit !== 0 && Math.floor(walk.seen / bit) % 2 === 1) {
      if (code === ATTR_MP_REACH_NLRI || code === ATTR_MP_UNREACH_NLRI) {
        walk.reset = reset(faults, attrStart, `attribute ${code} appears twice`, UPDATE_MALFORMED_ATTRIBUTE_LIST);
        return walk;
      }
      faults.push({ code, offset: attrStart, reason: `attribute ${code} appears twice; the first is kept`, action: "attribute-discard" });
      continue;
    }
    walk.seen += bit;
    if (!attributeFlagsOk(code, flags)) {
      faults.push({ code, offset: attrStart, reason: `attribute ${code} has flags 0x${flags.toString(16)}, wrong Optional/Transitive bits`, action: "treat-as-withdraw" });
      continue;
    }
    try {
      if (code === ATTR_MP_REACH_NLRI || code === ATTR_MP_UNREACH_NLRI) {
        const one = decodePathAttributes(b, attrStart, h.end, ctx);
        if (one.mpReach.some((m) => m.nlri.length > 0)) walk.mpAnnounces = true;
      } else checkAttributeValue(b, attrStart, h, ctx.asnLength);
    } catch (error: unknown) {
      if (!(error instanceof BgpSyntaxError)) throw error;
      if (code === ATTR_MP_REACH_NLRI || code === ATTR_MP_UNREACH_NLRI) {
        walk.reset = reset(faults, attrStart, reason(error), UPDATE_OPTIONAL_ATTRIBUTE, b.slice(attrStart, h.end));
        return walk;
      }
      faults.push({ code, offset: attrStart, reason: reason(error), action: valueAction(code, s.external) });
      continue;
    }
    walk.kept.push([attrStart, h.end]);
  }
  return walk;
}

function has(seen: number, code: number): boolean {
  return Math.floor(seen / 2 ** (code - 1)) % 2 === 1;
}

/** The message body with only the kept attributes, decoded by the one decoder. */
function decodeKept(b: Uint8Array, withdrawn: [number, number], kept: readonly [number, number][], nlri: [number, number], s: UpdateSession): BgpUpdate {
  const attrLength = kept.reduce((n, [from, to]) => n + to - from, 0);
  const body = new Uint8Array(2 + (withdrawn[1] - withdrawn[0]) + 2 + attrLength + (nlri[1] - nlri[0]));
  let q = 0;
  const put = (from: number, to: number): void => {
    body.set(b.subarray(from, to), q);
    q += to - from;
  };
  body[q++] = (withdrawn[1] - withdrawn[0]) >> 8;
  body[q++] = (withdrawn[1] - withdrawn[0]) & 0xff;
  put(withdrawn[0], withdrawn[1]);
  body[q++] = attrLength >> 8;
  body[q++] = attrLength & 0xff;
  for (const [from, to] of kept) put(from, to);
  put(nlri[0], nlri[1]);
  return decodeUpdate(body, 0, body.length, s.as4, s.addPath);
}

/** The update with every announcement turned into a withdrawal (RFC 7606 §2). */
function asWithdrawal(u: BgpUpdate): BgpUpdate {
  const mpUnreach: MpUnreach[] = [...u.attrs.mpUnreach, ...u.attrs.mpReach.map((m) => ({ afi: m.afi, safi: m.safi, nlri: m.nlri }))];
  const attrs: DecodedAttributes = { attributes: {}, seen: 0, mpReach: [], mpUnreach };
  return { withdrawn: [...u.withdrawn, ...u.announced], attrs, announced: [] };
}

/** Judges the UPDATE body `[start, end)` (after the 19-byte header) of session `s`. */
export function judgeUpdate(b: Uint8Array, start: number, end: number, s: UpdateSession): UpdateJudgement {
  const faults: UpdateFault[] = [];
  if (end - start < 4) return reset(faults, start, `UPDATE body of ${end - start} bytes is shorter than 4`, UPDATE_MALFORMED_ATTRIBUTE_LIST);
  const withdrawnLength = (b[start]! << 8) | b[start + 1]!;
  const withdrawn: [number, number] = [start + 2, start + 2 + withdrawnLength];
  if (withdrawn[1] + 2 > end) return reset(faults, start, `withdrawn routes length ${withdrawnLength} overruns the ${end - start - 2} bytes left`, UPDATE_MALFORMED_ATTRIBUTE_LIST);
  const attrLength = (b[withdrawn[1]]! << 8) | b[withdrawn[1] + 1]!;
  const attrStart = withdrawn[1] + 2;
  if (attrStart + attrLength > end) return reset(faults, withdrawn[1], `total path attribute length ${attrLength} overruns the ${end - attrStart} bytes left`, UPDATE_MALFORMED_ATTRIBUTE_LIST);
  const nlri: [number, number] = [attrStart + attrLength, end];
  let classic = 0;
  try {
    decodeNlri(b, withdrawn[0], withdrawn[1], 4, s.addPath);
    classic = decodeNlri(b, nlri[0], nlri[1], 4, s.addPath).length;
  } catch (error: unknown) {
    if (!(error instanceof BgpSyntaxError)) throw error;
    return reset(faults, error.offset, reason(error), UPDATE_INVALID_NETWORK_FIELD);
  }
  const walk = walkAttributes(b, attrStart, nlri[0], s, faults);
  if (walk.reset !== undefined) return walk.reset;
  // RFC 7606 §3 d: ORIGIN and AS_PATH with any announcement, NEXT_HOP with the NLRI field's.
  if (classic > 0 || walk.mpAnnounces) {
    for (const code of [ATTR_ORIGIN, ATTR_AS_PATH, ...(classic > 0 ? [ATTR_NEXT_HOP] : [])]) {
      const malformed = faults.some((f) => f.code === code);
      if (!has(walk.seen, code) && !malformed) faults.push({ code, offset: attrStart, reason: `mandatory attribute ${code} is missing`, action: "treat-as-withdraw" });
    }
  }
  let action: UpdateAction = "accept";
  for (const f of faults) if (STRENGTH[f.action] > STRENGTH[action]) action = f.action;
  const update = decodeKept(b, withdrawn, walk.kept, nlri, s);
  return { action, faults, update: action === "treat-as-withdraw" ? asWithdrawal(update) : update };
}
