/**
 * The channels alerts are delivered over, by target name: the config's webhooks and
 * e-mail lists (secrets read from the environment once, at start) and the webhooks
 * added through the API (read from the store at each delivery, so that one added or
 * deleted a moment ago counts).
 */
import type { AlertsConfig } from "../alerts/alerts-config.ts";
import { resolveSecret } from "../alerts/secret-config.ts";
import type { SmtpServer } from "../alerts/send-email.ts";
import type { Store } from "../store/store.ts";

/** A webhook to POST to. */
export interface WebhookChannel {
  readonly kind: "webhook";
  readonly url: string;
  readonly secret: string;
  readonly timeoutMs: number;
}

/** Addresses to mail through the SMTP server. */
export interface EmailChannel {
  readonly kind: "email";
  readonly to: readonly string[];
  readonly smtp: SmtpServer;
}

/** One channel. */
export type AlertChannel = WebhookChannel | EmailChannel;

/** Timeout of a POST to a webhook added through the API. */
const API_WEBHOOK_TIMEOUT_MS = 10_000;

/** The config's channels, with secrets read from `env`; TypeError naming the channel when a secret is missing. */
export function configChannels(config: AlertsConfig | undefined, env: NodeJS.ProcessEnv = process.env): Map<string, AlertChannel> {
  const channels = new Map<string, AlertChannel>();
  for (const w of config?.webhooks ?? []) {
    channels.set(`webhook:${w.name}`, { kind: "webhook", url: w.url, secret: secretOf(`alerts.webhooks ${w.name}`, () => resolveSecret(w.secret, env)), timeoutMs: w.timeoutMs });
  }
  const smtp = config?.smtp;
  for (const e of config?.email ?? []) {
    if (smtp === undefined) continue;
    const password = smtp.password === undefined ? undefined : secretOf("alerts.smtp.password", () => resolveSecret(smtp.password ?? "", env));
    channels.set(`email:${e.name}`, { kind: "email", to: e.to, smtp: { ...smtp, password } });
  }
  return channels;
}

function secretOf(where: string, read: () => string): string {
  try {
    return read();
  } catch (error: unknown) {
    throw new TypeError(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The channel of a target: one of `configured`, or a webhook of the store. */
export function channelOf(store: Store, configured: ReadonlyMap<string, AlertChannel>, target: string): AlertChannel | undefined {
  const api = /^api-webhook:(\d+)$/.exec(target);
  if (api === null) return configured.get(target);
  const hook = store.events.webhook(Number(api[1]));
  return hook === undefined ? undefined : { kind: "webhook", url: hook.url, secret: hook.secret, timeoutMs: API_WEBHOOK_TIMEOUT_MS };
}
