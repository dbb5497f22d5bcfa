/**
 * Delivers the outbox's due alerts, one at a time: the attempt is counted in the store
 * before it is made, then the alert is marked sent on a 2xx answer (or an SMTP
 * server's acceptance), or put back for a later attempt with backoff, or given up
 * after the last attempt with its error kept. Since the outbox row is written with the
 * transition, a restart neither loses an alert nor queues it twice; a process stopped
 * between the receiver's answer and the record of it sends it once more, with the same
 * delivery id for the receiver to drop (docs/events.md, "Delivery").
 */
import type { AlertsConfig } from "../alerts/alerts-config.ts";
import { postWebhook } from "../alerts/post-webhook.ts";
import { retryDelay } from "../alerts/retry-delay.ts";
import { sendEmail } from "../alerts/send-email.ts";
import { nightlightVersion } from "../chart/nightlight-version.ts";
import type { OutboxAlert } from "../model/stored-event.ts";
import type { Store } from "../store/store.ts";
import { type AlertChannel, channelOf } from "./alert-channels.ts";
import { alertEmail, alertPayload, deliveryId } from "./alert-payload.ts";

/** Options of a delivery round. */
export interface DeliverOptions {
  readonly channels: ReadonlyMap<string, AlertChannel>;
  readonly retry?: AlertsConfig["retry"];
  /** Clock, ms UTC. Default Date.now. */
  readonly now?: () => number;
  /** Most alerts in one round. Default 100. */
  readonly limit?: number;
  /** Called after each attempt (the server's log). */
  readonly onAttempt?: (alert: OutboxAlert, outcome: "sent" | "retry" | "failed", error?: string) => void;
}

/** What a round did. */
export interface DeliverResult {
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
}

const DEFAULT_RETRY = { attempts: 12, firstDelayMs: 30_000, maxDelayMs: 6 * 3_600_000 };

async function send(store: Store, alert: OutboxAlert, channel: AlertChannel, now: number): Promise<void> {
  const payload = alertPayload(store, alert);
  if (payload === undefined) throw new Error(`event ${alert.event} transition ${alert.seq} is not in the store`);
  const ids = { deliveryId: deliveryId(alert), transitionId: `${alert.event}.${alert.seq}` };
  if (channel.kind === "webhook") {
    await postWebhook({ url: channel.url, secret: channel.secret, body: JSON.stringify(payload), timeoutMs: channel.timeoutMs, now, userAgent: `Nightlight/${nightlightVersion()}`, ...ids });
  } else {
    await sendEmail(channel.smtp, { to: channel.to, ...alertEmail(payload), ...ids });
  }
}

/** Delivers the alerts due now; resolves with the counts. */
export async function deliverAlerts(store: Store, options: DeliverOptions): Promise<DeliverResult> {
  const clock = options.now ?? Date.now;
  const retry = options.retry ?? DEFAULT_RETRY;
  let sent = 0;
  let retried = 0;
  let failed = 0;
  for (const alert of store.events.due(clock(), options.limit ?? 100)) {
    const channel = channelOf(store, options.channels, alert.target);
    if (channel === undefined) {
      store.events.markFailed(alert.id, `channel ${alert.target} is not configured (any more)`);
      failed++;
      options.onAttempt?.(alert, "failed", "not configured");
      continue;
    }
    store.events.markSending(alert.id);
    const attempts = alert.attempts + 1;
    try {
      await send(store, alert, channel, clock());
      store.events.markSent(alert.id, clock());
      sent++;
      options.onAttempt?.(alert, "sent");
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempts >= retry.attempts) {
        store.events.markFailed(alert.id, `gave up after ${attempts} attempts: ${message}`);
        failed++;
        options.onAttempt?.(alert, "failed", message);
      } else {
        store.events.markRetry(alert.id, clock() + retryDelay(attempts, retry), message);
        retried++;
        options.onAttempt?.(alert, "retry", message);
      }
    }
  }
  return { sent, retried, failed };
}
