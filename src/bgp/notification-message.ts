/**
 * The NOTIFICATION message (RFC 4271 §4.5): error code, subcode and data, with the names
 * of RFC 4271 §6, RFC 4486 (Cease), RFC 6608 (FSM) and RFC 7313 (ROUTE-REFRESH), and the
 * shutdown communication of RFC 9003 (Cease subcodes 2 and 4).
 *
 *     error code (1) | error subcode (1) | data (the rest)
 */
import { encodeMessage } from "./bgp-message.ts";
import { BgpSyntaxError } from "./bgp-syntax-error.ts";
import { BGP_MSG_NOTIFICATION, CEASE_ADMIN_RESET, CEASE_ADMIN_SHUTDOWN, NOTIFY_CEASE } from "./constants.ts";

/** A NOTIFICATION's content. */
export interface BgpNotification {
  readonly code: number;
  readonly subcode: number;
  readonly data: Uint8Array;
}

const CODES: Readonly<Record<number, string>> = {
  1: "Message Header Error",
  2: "OPEN Message Error",
  3: "UPDATE Message Error",
  4: "Hold Timer Expired",
  5: "Finite State Machine Error",
  6: "Cease",
  7: "ROUTE-REFRESH Message Error",
};

const SUBCODES: Readonly<Record<number, readonly string[]>> = {
  1: ["", "Connection Not Synchronized", "Bad Message Length", "Bad Message Type"],
  2: ["", "Unsupported Version Number", "Bad Peer AS", "Bad BGP Identifier", "Unsupported Optional Parameter", "", "Unacceptable Hold Time", "Unsupported Capability"],
  3: ["", "Malformed Attribute List", "Unrecognized Well-known Attribute", "Missing Well-known Attribute", "Attribute Flags Error", "Attribute Length Error",
    "Invalid ORIGIN Attribute", "", "Invalid NEXT_HOP Attribute", "Optional Attribute Error", "Invalid Network Field", "Malformed AS_PATH"],
  5: ["", "Receive Unexpected Message in OpenSent State", "Receive Unexpected Message in OpenConfirm State", "Receive Unexpected Message in Established State"],
  6: ["", "Maximum Number of Prefixes Reached", "Administrative Shutdown", "Peer De-configured", "Administrative Reset", "Connection Rejected",
    "Other Configuration Change", "Connection Collision Resolution", "Out of Resources", "Hard Reset", "BFD Down"],
  7: ["", "Invalid Message Length"],
};

/** Decodes the NOTIFICATION body `[start, end)`. */
export function decodeNotification(b: Uint8Array, start: number, end: number): BgpNotification {
  if (end - start < 2) throw new BgpSyntaxError(start, `NOTIFICATION body of ${end - start} bytes is shorter than 2`);
  return { code: b[start]!, subcode: b[start + 1]!, data: b.slice(start + 2, end) };
}

/** The whole NOTIFICATION message. */
export function encodeNotification(n: BgpNotification): Uint8Array {
  const body = new Uint8Array(2 + n.data.length);
  body[0] = n.code;
  body[1] = n.subcode;
  body.set(n.data, 2);
  return encodeMessage(BGP_MSG_NOTIFICATION, body);
}

/** A Cease NOTIFICATION with an RFC 9003 shutdown communication (at most 255 bytes of UTF-8). */
export function ceaseNotification(subcode: number, communication = ""): BgpNotification {
  const text = new TextEncoder().encode(communication).subarray(0, 255);
  const carries = subcode === CEASE_ADMIN_SHUTDOWN || subcode === CEASE_ADMIN_RESET;
  const data = carries && text.length > 0 ? Uint8Array.from([text.length, ...text]) : new Uint8Array(0);
  return { code: NOTIFY_CEASE, subcode, data };
}

/** `6/2 Cease, Administrative Shutdown: "maintenance"` — names and any shutdown communication. */
export function describeNotification(n: BgpNotification): string {
  const code = CODES[n.code] ?? `error code ${n.code}`;
  const sub = SUBCODES[n.code]?.[n.subcode];
  let text = `${n.code}/${n.subcode} ${code}${sub === undefined || sub === "" ? "" : `, ${sub}`}`;
  if (n.code === NOTIFY_CEASE && (n.subcode === CEASE_ADMIN_SHUTDOWN || n.subcode === CEASE_ADMIN_RESET) && n.data.length > 0) {
    const length = n.data[0]!;
    if (length > 0 && 1 + length <= n.data.length) text += `: ${JSON.stringify(new TextDecoder().decode(n.data.subarray(1, 1 + length)))}`;
  } else if (n.data.length > 0) {
    text += ` (data ${Buffer.from(n.data.subarray(0, 32)).toString("hex")}${n.data.length > 32 ? "…" : ""})`;
  }
  return text;
}
