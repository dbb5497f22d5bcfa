/**
 * Webhook signatures: HMAC-SHA256 (RFC 2104) with the shared secret over
 * `TIMESTAMP.BODY`, where TIMESTAMP is the `Nightlight-Timestamp` header (Unix seconds)
 * and BODY the raw request body, sent as `Nightlight-Signature: v1=HEX`. Signing the
 * time with the body lets a receiver refuse a replayed delivery (the scheme of Stripe
 * and Standard Webhooks). docs/events.md, "Verifying a webhook", shows a receiver.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** Headers of a signed delivery. */
export const SIGNATURE_HEADER = "nightlight-signature";
export const TIMESTAMP_HEADER = "nightlight-timestamp";

/** The `Nightlight-Signature` value of `body` sent at `timestamp` (Unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** Options of `verifyWebhook`. */
export interface VerifyOptions {
  /** Receiver's clock, Unix seconds. Default now. */
  readonly now?: number;
  /** Oldest (and newest) timestamp accepted around `now`, seconds. Default 300. */
  readonly toleranceS?: number;
}

/**
 * Why a delivery does not verify, or undefined when it does: the signature must match
 * in constant time (`timingSafeEqual`) and the timestamp be within the tolerance.
 */
export function verifyWebhook(secret: string, headers: { readonly signature?: string | undefined; readonly timestamp?: string | undefined }, body: string, options: VerifyOptions = {}): string | undefined {
  const timestamp = Number(headers.timestamp);
  if (headers.timestamp === undefined || !/^\d{1,12}$/.test(headers.timestamp)) return "no Nightlight-Timestamp header of Unix seconds";
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceS ?? 300)) return `timestamp ${timestamp} is more than ${options.toleranceS ?? 300} s from now (${now})`;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "signature does not match";
  return undefined;
}
