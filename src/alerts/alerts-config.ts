/**
 * The `alerts` section of the config file: webhook and e-mail channels, the SMTP
 * server, per-entity subscriptions naming channels, the retry policy and the horizon
 * beyond which a transition found while catching up is history rather than news
 * (docs/events.md, "Alerts"). The composing loader adds it as one key.
 */
import { z } from "zod";
import { secretSchema } from "./secret-config.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** States a subscription may ask for. */
export const ALERT_STATES = ["open", "deepening", "recovering", "closed"] as const;

/** Alerted unless a subscription says otherwise: an event opens, deepens, closes (issue 8). */
export const DEFAULT_ALERT_STATES = ["open", "deepening", "closed"] as const;

const name = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/i, "must be a short name: letters, digits, - and _");
const entity = z.string().regex(/^(country|region|county|asn|country-asn)\/[^/\s]{1,80}(\/[^/\s]{1,80}){0,2}$/, "must be an entity id such as country/IR");
const httpUrl = z.string().max(2000).refine((u) => {
  try {
    return ["http:", "https:"].includes(new URL(u).protocol);
  } catch {
    return false;
  }
}, "must be an http:// or https:// URL");

/** A webhook channel: JSON POSTs signed with the shared secret. */
export const webhookChannelSchema = z.object({
  name,
  url: httpUrl,
  secret: secretSchema,
  /** How long one POST may take. */
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
}).strict();

/** An e-mail channel: one message per alert to these addresses. */
export const emailChannelSchema = z.object({
  name,
  to: z.array(z.email()).min(1).max(50),
}).strict();

/** The SMTP server e-mail channels send through. */
export const smtpSchema = z.object({
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65_535).default(587),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  /** Refuse to send without STARTTLS. */
  requireTLS: z.boolean().default(false),
  user: z.string().max(255).optional(),
  password: secretSchema.optional(),
  from: z.email(),
  timeoutMs: z.number().int().min(100).max(120_000).default(20_000),
}).strict();

/** An entity (optionally with what lies within it) and the channels it alerts. */
export const subscriptionSchema = z.object({
  entity,
  /** Also its regions, counties and networks (these are then tracked too). */
  within: z.boolean().default(false),
  /** Channels by kind and name: `webhook:ops`, `email:newsroom`. */
  channels: z.array(z.string().regex(/^(webhook|email):[a-z0-9][a-z0-9_-]{0,39}$/i, "must be webhook:NAME or email:NAME")).min(1),
  states: z.array(z.enum(ALERT_STATES)).min(1).default([...DEFAULT_ALERT_STATES]),
}).strict();

/** The `alerts` section. */
export const alertsConfigSchema = z.object({
  webhooks: z.array(webhookChannelSchema).default([]),
  email: z.array(emailChannelSchema).default([]),
  smtp: smtpSchema.optional(),
  subscriptions: z.array(subscriptionSchema).default([]),
  /** A transition whose data are older than this when found is stored as history and not alerted. */
  historyAfterMs: z.number().int().min(0).default(HOUR),
  retry: z.object({
    /** Attempts before an alert is given up (and kept as failed, with its last error). */
    attempts: z.number().int().min(1).max(100).default(12),
    firstDelayMs: z.number().int().min(100).default(30_000),
    maxDelayMs: z.number().int().min(100).default(6 * HOUR),
  }).strict().default({ attempts: 12, firstDelayMs: 30_000, maxDelayMs: 6 * HOUR }),
}).strict().superRefine((config, ctx) => {
  const known = new Set([...config.webhooks.map((w) => `webhook:${w.name}`), ...config.email.map((e) => `email:${e.name}`)]);
  for (const [i, s] of config.subscriptions.entries()) {
    for (const [j, channel] of s.channels.entries()) {
      if (!known.has(channel)) ctx.addIssue({ code: "custom", path: ["subscriptions", i, "channels", j], message: `names no configured channel '${channel}'` });
    }
  }
  if (config.email.length > 0 && config.smtp === undefined) ctx.addIssue({ code: "custom", path: ["smtp"], message: "is needed by the e-mail channels" });
  const names = new Set<string>();
  for (const [i, c] of [...config.webhooks.map((w) => `webhook:${w.name}`), ...config.email.map((e) => `email:${e.name}`)].entries()) {
    if (names.has(c)) ctx.addIssue({ code: "custom", path: [], message: `channel ${c} is defined twice (entry ${i})` });
    names.add(c);
  }
});

/** The `alerts` section as written (defaults applied). */
export type AlertsConfig = z.infer<typeof alertsConfigSchema>;
export type WebhookChannelConfig = z.infer<typeof webhookChannelSchema>;
export type EmailChannelConfig = z.infer<typeof emailChannelSchema>;
export type SmtpConfig = z.infer<typeof smtpSchema>;
