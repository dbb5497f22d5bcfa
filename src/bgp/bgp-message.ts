/**
 * BGP message framing (RFC 4271 §4.1):
 *
 *     marker (16 × 0xff) | length (2, header included, 19…4096) | type (1) | body
 *
 * Reading one header from a byte stream, and writing a message around a body.
 */
import {
  BGP_HEADER_LENGTH,
  BGP_MAX_MESSAGE_LENGTH,
  BGP_MSG_KEEPALIVE,
  BGP_MSG_NOTIFICATION,
  BGP_MSG_OPEN,
  BGP_MSG_ROUTE_REFRESH,
  BGP_MSG_UPDATE,
  HEADER_BAD_LENGTH,
  HEADER_BAD_TYPE,
  HEADER_NOT_SYNCHRONIZED,
  NOTIFY_MESSAGE_HEADER,
} from "./constants.ts";
import { NotificationError } from "./notification-error.ts";

/** Smallest length of each message type (RFC 4271 §4.2–4.4, §6.1; RFC 2918 §3). */
const MIN_LENGTH: Readonly<Record<number, number>> = {
  [BGP_MSG_OPEN]: 29,
  [BGP_MSG_UPDATE]: 23,
  [BGP_MSG_NOTIFICATION]: 21,
  [BGP_MSG_KEEPALIVE]: 19,
  [BGP_MSG_ROUTE_REFRESH]: 23,
};

/**
 * The length of the message whose header starts at `p`, or -1 when fewer than 19 bytes
 * are there yet. Throws NotificationError (Message Header Error, RFC 4271 §6.1) for a
 * bad marker, a length out of range for the type, or an unknown type.
 */
export function messageLength(b: Uint8Array, p: number, end: number): number {
  if (end - p < BGP_HEADER_LENGTH) return -1;
  for (let i = 0; i < 16; i++) {
    if (b[p + i] !== 0xff) throw new NotificationError(NOTIFY_MESSAGE_HEADER, HEADER_NOT_SYNCHRONIZED, `marker byte ${i} is ${b[p + i]}, not 255`);
  }
  const length = (b[p + 16]! << 8) | b[p + 17]!;
  const type = b[p + 18]!;
  const min = MIN_LENGTH[type];
  if (min === undefined) throw new NotificationError(NOTIFY_MESSAGE_HEADER, HEADER_BAD_TYPE, `message type ${type} is unknown`, Uint8Array.of(type));
  // KEEPALIVE is exactly 19 bytes; the others any length from their minimum to 4096.
  if (length < min || length > BGP_MAX_MESSAGE_LENGTH || (type === BGP_MSG_KEEPALIVE && length !== 19)) {
    throw new NotificationError(NOTIFY_MESSAGE_HEADER, HEADER_BAD_LENGTH, `message length ${length} is out of range for type ${type}`, Uint8Array.of(length >> 8, length & 0xff));
  }
  return length;
}

/** A whole message: header (marker, length, type) and `body`. */
export function encodeMessage(type: number, body: Uint8Array = new Uint8Array(0)): Uint8Array {
  const length = BGP_HEADER_LENGTH + body.length;
  if (length > BGP_MAX_MESSAGE_LENGTH) throw new RangeError(`Cannot encode a BGP message of ${length} bytes: the limit is ${BGP_MAX_MESSAGE_LENGTH}`);
  const out = new Uint8Array(length);
  out.fill(0xff, 0, 16);
  out[16] = length >> 8;
  out[17] = length & 0xff;
  out[18] = type;
  out.set(body, BGP_HEADER_LENGTH);
  return out;
}
