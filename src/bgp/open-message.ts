/**
 * The OPEN message (RFC 4271 §4.2) and the capabilities it carries (RFC 5492):
 * multiprotocol (RFC 4760 §8), route refresh (RFC 2918), graceful restart (RFC 4724 §3),
 * 4-byte ASNs (RFC 6793 §3), ADD-PATH (RFC 7911 §4), enhanced route refresh (RFC 7313);
 * others are kept raw. Extended optional parameters (RFC 9072) are read.
 *
 *     version (1) | my AS (2) | hold time (2) | BGP identifier (4) |
 *     optional parameters length (1) | parameters: type (1) | length (1) | value
 */
import { encodeMessage } from "./bgp-message.ts";
import {
  AS_TRANS,
  BGP_MSG_OPEN,
  CAP_ADD_PATH,
  CAP_AS4,
  CAP_ENHANCED_ROUTE_REFRESH,
  CAP_GRACEFUL_RESTART,
  CAP_MULTIPROTOCOL,
  CAP_ROUTE_REFRESH,
  CAP_ROUTE_REFRESH_CISCO,
  NOTIFY_OPEN,
  OPEN_PARAM_CAPABILITIES,
  OPEN_UNSUPPORTED_PARAMETER,
} from "./constants.ts";
import { ipv4Text } from "./ip-text.ts";
import { NotificationError } from "./notification-error.ts";
import { u16, u32 } from "./wire.ts";

/** An address family and subsequent address family (RFC 4760). */
export interface AfiSafi {
  readonly afi: number;
  readonly safi: number;
}

/** RFC 7911 §4: per family, 1 = can receive, 2 = can send, 3 = both. */
export interface AddPathFamily extends AfiSafi {
  readonly mode: number;
}

/** RFC 4724 §3: the restarting speaker's flags and time, and the families it keeps forwarding. */
export interface GracefulRestart {
  /** R bit: the speaker has restarted and is not sending its End-of-RIB first. */
  readonly restarting: boolean;
  /** N bit of RFC 8538 (graceful restart on NOTIFICATION). */
  readonly notification: boolean;
  /** Seconds the peer asks us to keep its routes after the session drops (0–4095). */
  readonly time: number;
  /** Families whose forwarding state was kept (F bit) across the restart. */
  readonly families: readonly (AfiSafi & { readonly forwarding: boolean })[];
}

/** A capability Nightlight does not read. */
export interface RawCapability {
  readonly code: number;
  readonly value: Uint8Array;
}

/** What an OPEN advertises. */
export interface Capabilities {
  readonly multiprotocol: readonly AfiSafi[];
  readonly routeRefresh: boolean;
  readonly enhancedRouteRefresh: boolean;
  /** The speaker's 4-byte ASN (RFC 6793); undefined without the capability. */
  readonly as4?: number | undefined;
  readonly addPath: readonly AddPathFamily[];
  readonly gracefulRestart?: GracefulRestart | undefined;
  readonly unknown: readonly RawCapability[];
}

/** A decoded OPEN. */
export interface BgpOpen {
  readonly version: number;
  /** The 2-byte "My Autonomous System" field (AS_TRANS for a 4-byte ASN). */
  readonly myAs: number;
  readonly holdTime: number;
  /** Dotted-quad BGP identifier. */
  readonly bgpId: string;
  readonly capabilities: Capabilities;
}

/** The speaker's ASN: the 4-byte capability's, else the 2-byte field (RFC 6793 §4.1). */
export function openAsn(open: BgpOpen): number {
  return open.capabilities.as4 ?? open.myAs;
}

function malformed(reason: string): NotificationError {
  // RFC 5492 §5: a malformed capability is an OPEN error without a specific subcode.
  return new NotificationError(NOTIFY_OPEN, 0, reason);
}

function families(p: number, end: number, size: number, what: string): number[] {
  if ((end - p) % size !== 0) throw malformed(`${what} capability of ${end - p} bytes is not a multiple of ${size}`);
  const starts: number[] = [];
  for (let q = p; q < end; q += size) starts.push(q);
  return starts;
}

function gracefulRestart(b: Uint8Array, p: number, end: number): GracefulRestart {
  if (end - p < 2) throw malformed(`graceful restart capability of ${end - p} bytes is shorter than 2`);
  const word = u16(b, p);
  const list = families(p + 2, end, 4, "graceful restart").map((q) => ({ afi: u16(b, q), safi: b[q + 2]!, forwarding: (b[q + 3]! & 0x80) !== 0 }));
  return { restarting: (word & 0x8000) !== 0, notification: (word & 0x4000) !== 0, time: word & 0x0fff, families: list };
}

/** Mutable collector of capabilities while the parameters are read. */
interface CapabilityDraft {
  multiprotocol: AfiSafi[];
  routeRefresh: boolean;
  enhancedRouteRefresh: boolean;
  as4: number | undefined;
  addPath: AddPathFamily[];
  gracefulRestart: GracefulRestart | undefined;
  unknown: RawCapability[];
}

function readCapability(b: Uint8Array, code: number, p: number, end: number, caps: CapabilityDraft): void {
  const length = end - p;
  switch (code) {
    case CAP_MULTIPROTOCOL:
      if (length !== 4) throw malformed(`multiprotocol capability has length ${length}, expected 4`);
      caps.multiprotocol.push({ afi: u16(b, p), safi: b[p + 3]! });
      break;
    case CAP_ROUTE_REFRESH:
    case CAP_ROUTE_REFRESH_CISCO:
      caps.routeRefresh = true;
      break;
    case CAP_ENHANCED_ROUTE_REFRESH:
      caps.enhancedRouteRefresh = true;
      break;
    case CAP_AS4:
      if (length !== 4) throw malformed(`4-byte AS capability has length ${length}, expected 4`);
      caps.as4 = u32(b, p);
      break;
    case CAP_ADD_PATH:
      for (const q of families(p, end, 4, "ADD-PATH")) caps.addPath.push({ afi: u16(b, q), safi: b[q + 2]!, mode: b[q + 3]! });
      break;
    case CAP_GRACEFUL_RESTART:
      caps.gracefulRestart = gracefulRestart(b, p, end);
      break;
    default:
      caps.unknown.push({ code, value: b.slice(p, end) });
  }
}

/** Reads the capabilities of one Capabilities parameter `[p, end)`. */
function readCapabilities(b: Uint8Array, p: number, end: number, caps: CapabilityDraft): void {
  while (p < end) {
    if (p + 2 > end) throw malformed(`capability header needs 2 bytes, ${end - p} left`);
    const code = b[p]!;
    const length = b[p + 1]!;
    if (p + 2 + length > end) throw malformed(`capability ${code} declares ${length} bytes, ${end - p - 2} left`);
    readCapability(b, code, p + 2, p + 2 + length, caps);
    p += 2 + length;
  }
}

/**
 * Decodes the OPEN body `[start, end)` (after the 19-byte header). Throws
 * NotificationError (OPEN Message Error, RFC 4271 §6.2) when it cannot be read; the
 * values (version, AS, hold time, identifier) are the session's to judge.
 */
export function decodeOpen(b: Uint8Array, start: number, end: number): BgpOpen {
  if (end - start < 10) throw malformed(`OPEN body of ${end - start} bytes is shorter than 10`);
  const version = b[start]!;
  const myAs = u16(b, start + 1);
  const holdTime = u16(b, start + 3);
  const bgpId = ipv4Text(b, start + 5);
  let length = b[start + 9]!;
  let p = start + 10;
  // RFC 9072 §2: a length of 255 with a first parameter type of 255 announces 2-byte lengths.
  const extended = length === 255 && b[p] === 255;
  if (extended) {
    if (p + 3 > end) throw malformed("extended optional parameters length is cut");
    length = u16(b, p + 1);
    p += 3;
  }
  if (p + length !== end) throw malformed(`optional parameters length ${length} does not match the ${end - p} bytes left`);
  const caps: CapabilityDraft = { multiprotocol: [], routeRefresh: false, enhancedRouteRefresh: false, as4: undefined, addPath: [], gracefulRestart: undefined, unknown: [] };
  const header = extended ? 3 : 2;
  while (p < end) {
    if (p + header > end) throw malformed(`optional parameter header needs ${header} bytes, ${end - p} left`);
    const type = b[p]!;
    const size = extended ? u16(b, p + 1) : b[p + 1]!;
    const value = p + header;
    if (value + size > end) throw malformed(`optional parameter ${type} declares ${size} bytes, ${end - value} left`);
    if (type !== OPEN_PARAM_CAPABILITIES) {
      throw new NotificationError(NOTIFY_OPEN, OPEN_UNSUPPORTED_PARAMETER, `optional parameter type ${type} is not Capabilities (2)`);
    }
    readCapabilities(b, value, value + size, caps);
    p = value + size;
  }
  return { version, myAs, holdTime, bgpId, capabilities: caps };
}

function capability(code: number, value: readonly number[]): number[] {
  if (value.length > 255) throw new RangeError(`Cannot encode capability ${code} of ${value.length} bytes: its length is one byte`);
  return [code, value.length, ...value];
}

const be16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff];
const be32 = (n: number): number[] => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

/** The capability bytes of `caps`, in the order of RFC 5492's examples (unknown last). */
function encodeCapabilities(caps: Capabilities): number[] {
  const out: number[] = [];
  for (const f of caps.multiprotocol) out.push(...capability(CAP_MULTIPROTOCOL, [...be16(f.afi), 0, f.safi]));
  if (caps.routeRefresh) out.push(...capability(CAP_ROUTE_REFRESH, []));
  if (caps.enhancedRouteRefresh) out.push(...capability(CAP_ENHANCED_ROUTE_REFRESH, []));
  const gr = caps.gracefulRestart;
  if (gr !== undefined) {
    const word = (gr.restarting ? 0x8000 : 0) | (gr.notification ? 0x4000 : 0) | (gr.time & 0x0fff);
    out.push(...capability(CAP_GRACEFUL_RESTART, [...be16(word), ...gr.families.flatMap((f) => [...be16(f.afi), f.safi, f.forwarding ? 0x80 : 0])]));
  }
  if (caps.as4 !== undefined) out.push(...capability(CAP_AS4, be32(caps.as4)));
  if (caps.addPath.length > 0) out.push(...capability(CAP_ADD_PATH, caps.addPath.flatMap((f) => [...be16(f.afi), f.safi, f.mode])));
  for (const c of caps.unknown) out.push(...capability(c.code, [...c.value]));
  return out;
}

/** The whole OPEN message of `open` (one Capabilities parameter). */
export function encodeOpen(open: BgpOpen): Uint8Array {
  const caps = encodeCapabilities(open.capabilities);
  if (caps.length > 253) throw new RangeError(`Cannot encode an OPEN with ${caps.length} bytes of capabilities: one parameter holds 253`);
  const id = open.bgpId.split(".").map(Number);
  const params = caps.length === 0 ? [] : [OPEN_PARAM_CAPABILITIES, caps.length, ...caps];
  const asField = open.myAs > 0xffff ? AS_TRANS : open.myAs;
  return encodeMessage(BGP_MSG_OPEN, Uint8Array.from([open.version, ...be16(asField), ...be16(open.holdTime), ...id, params.length, ...params]));
}
