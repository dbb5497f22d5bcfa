/**
 * One webhook delivery: a JSON POST signed with the shared secret
 * (sign-webhook.ts), carrying the delivery id and the transition id in headers so that
 * a receiver can drop a repeat (a delivery is retried until a 2xx answer, and a process
 * stopped between the receiver's answer and its record of it sends it again, with the
 * same ids). Redirects are not followed: a 3xx is a failure, as any answer but 2xx.
 */
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from "./sign-webhook.ts";

/** What to deliver where. */
export interface WebhookDelivery {
  readonly url: string;
  readonly secret: string;
  /** The JSON text sent. */
  readonly body: string;
  /** Unique per transition and target; the same on every retry. */
  readonly deliveryId: string;
  /** `EVENT.SEQ`. */
  readonly transitionId: string;
  readonly timeoutMs: number;
  /** Clock, ms UTC (the signed timestamp). Default Date.now. */
  readonly now?: number;
  readonly userAgent: string;
}

/** Headers naming the delivery and the transition. */
export const DELIVERY_HEADER = "nightlight-delivery";
export const TRANSITION_HEADER = "nightlight-transition";

/** POSTs the delivery; resolves when the receiver answered 2xx, rejects with the reason otherwise. */
export async function postWebhook(d: WebhookDelivery): Promise<void> {
  const timestamp = Math.floor((d.now ?? Date.now()) / 1000);
  let response: Response;
  try {
    response = await fetch(d.url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(d.timeoutMs),
      headers: {
        "content-type": "application/json",
        "user-agent": d.userAgent,
        [DELIVERY_HEADER]: d.deliveryId,
        [TRANSITION_HEADER]: d.transitionId,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(d.secret, timestamp, d.body),
      },
      body: d.body,
    });
  } catch (error: unknown) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${d.timeoutMs} ms` : `${error instanceof Error ? error.message : String(error)}${cause}`;
    throw new Error(`POST to ${new URL(d.url).origin} failed: ${reason}`);
  }
  // Read the body so that the connection is freed, but keep none of it.
  await response.arrayBuffer().catch(() => undefined);
  if (response.status < 200 || response.status > 299) throw new Error(`POST to ${new URL(d.url).origin} answered HTTP ${response.status}`);
}
