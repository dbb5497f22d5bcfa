/**
 * The `inside` section of the config file (design note 0002): a small probe inside a
 * country, run by `nightlight inside --config FILE`. Paths are relative to the config
 * file. Documented in docs/probing.md ("The view from inside").
 */
import { z } from "zod";
import { OBSERVATORY_CONFIG } from "./probing-config.ts";

const host = z.string().regex(/^[A-Za-z0-9.-]{1,253}$/, { error: "must be a host name" });

/** One target: a name to resolve, and the page whose fetch says it is reached. */
export const INSIDE_TARGET = z.strictObject({
  name: host,
  /** Connect here instead of the resolved address (so TCP and HTTPS are measured even when DNS fails). */
  address: z.string().regex(/^(\d{1,3}\.){3}\d{1,3}$/, { error: "must be an IPv4 address" }).optional(),
  port: z.number().int().min(1).max(65_535).optional(),
  path: z.string().regex(/^\/[^\s]*$/, { error: "must be a path such as /" }).optional(),
  /** Text the page must hold (default: any 2xx page). */
  expect: z.string().min(1).max(200).optional(),
});

/** Defaults of the inside probe. */
export const INSIDE_DEFAULTS = { roundSeconds: 600, timeoutSeconds: 5 } as const;

/** The section's schema. */
export const INSIDE_CONFIG = z.strictObject({
  /** The probe's name: the source is `inside:NAME`. */
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: "must be 1–64 letters, digits, '.', '_' or '-'" }),
  /** The entities the probe's figures describe: where it sits (e.g. country/IR, country-asn/IR/44244). */
  entities: z.array(z.string().regex(/^(country|region|asn|country-asn)\/[A-Za-z0-9-]+(\/\d+)?$/, { error: "must be an entity id such as country/IR" })).min(1).max(8),
  roundSeconds: z.number().int().min(2).max(86_400).optional(),
  timeoutSeconds: z.number().int().min(1).max(60).optional(),
  /** DNS server to ask (default: the system's resolver). */
  resolver: z.string().regex(/^(\d{1,3}\.){3}\d{1,3}(:\d{1,5})?$/, { error: "must be an IPv4 address[:port]" }).optional(),
  /** A CA certificate (PEM) to trust besides the system's, e.g. the lab's test CA. */
  ca: z.string().min(1).optional(),
  domestic: z.array(INSIDE_TARGET).min(1).max(100),
  international: z.array(INSIDE_TARGET).min(1).max(100),
  observatory: OBSERVATORY_CONFIG.optional(),
  /** Results waiting for the observatory (default NAME-outbox.db beside the config). */
  outbox: z.string().min(1).optional(),
});

/** What the section holds. */
export type InsideConfig = z.infer<typeof INSIDE_CONFIG>;
/** One target as configured. */
export type InsideTarget = z.infer<typeof INSIDE_TARGET>;
