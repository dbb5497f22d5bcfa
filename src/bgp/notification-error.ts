/**
 * A protocol error a BGP speaker answers with a NOTIFICATION (RFC 4271 §6): the code,
 * subcode and data to send, and why. Thrown by the message decoders of a live session
 * (header, OPEN); the session sends it and closes.
 */
export class NotificationError extends Error {
  override readonly name = "NotificationError";
  readonly code: number;
  readonly subcode: number;
  /** The NOTIFICATION's data field (RFC 4271 §6 says what each error carries). */
  readonly data: Uint8Array;

  constructor(code: number, subcode: number, reason: string, data: Uint8Array = new Uint8Array(0)) {
    super(reason);
    this.code = code;
    this.subcode = subcode;
    this.data = data;
  }
}
