/**
 * The `probing` section of the config file (design note 0002): one vantage point's
 * prober, run by `nightlight probe --config FILE`. Paths are relative to the config
 * file. Documented in docs/probing.md.
 */
import { z } from "zod";

const path = z.string().min(1);
const ipv4 = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}$/, { error: "must be an IPv4 address" });
const prefix = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/(\d|1\d|2[0-4])$/, { error: "must be an IPv4 prefix of /24 or shorter" });
/** A secret written in place or read from an environment variable (`{ "env": "NAME" }`). */
const secret = z.union([z.string().min(1), z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) })]);

/** Where a probe reports: an observatory's base URL and a token with scope `ingest`. */
export const OBSERVATORY_CONFIG = z.strictObject({
  url: z.string().regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { error: "must be an http(s) URL" }),
  token: secret,
  /** A CA certificate (PEM) to trust for an https observatory. */
  ca: path.optional(),
});

/** Defaults of the prober: a low rate, IODA's round and Trinocular's budget. */
export const PROBING_DEFAULTS: {
  readonly rate: number; readonly roundSeconds: number; readonly slices: number; readonly budget: number;
  readonly probe: "icmp-echo" | "tcp-syn"; readonly tcpPort: number; readonly timeoutSeconds: number; readonly passes: number;
  readonly minAddresses: number; readonly minAvailability: number;
} = { rate: 20, roundSeconds: 600, slices: 60, budget: 15, probe: "icmp-echo", tcpPort: 80, timeoutSeconds: 1, passes: 2, minAddresses: 15, minAvailability: 0.1 };

/** The section's schema. */
export const PROBING_CONFIG = z.strictObject({
  /** The vantage point's name: the source is `probing:NAME`. */
  vantage: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: "must be 1–64 letters, digits, '.', '_' or '-'" }),
  /** The target list, an ISI response history (docs/probing.md); written by discovery when missing. */
  targets: path,
  /** Without a target list file: probe every address of these prefixes this many times first. */
  discover: z.strictObject({ prefixes: z.array(prefix).min(1).max(4096), passes: z.number().int().min(1).max(32).optional() }).optional(),
  /** Addresses outside the watched networks that tell whether the vantage point itself is cut off. */
  controls: z.array(ipv4).max(64).optional(),
  /** Packets per second, never exceeded (default 20). */
  rate: z.number().positive().max(100_000).optional(),
  roundSeconds: z.number().int().min(2).max(86_400).optional(),
  slices: z.number().int().min(1).max(255).optional(),
  /** Most probes per block and round (default 15). */
  budget: z.number().int().min(1).max(255).optional(),
  probe: z.enum(["icmp-echo", "tcp-syn"]).optional(),
  tcpPort: z.number().int().min(1).max(65_535).optional(),
  timeoutSeconds: z.number().int().min(1).max(60).optional(),
  minAddresses: z.number().int().min(1).max(256).optional(),
  minAvailability: z.number().min(0).max(1).optional(),
  /** An entity table (read-entity-table.ts) instead of the packaged IP-to-entity data. */
  entities: z.strictObject({ table: path, names: path.optional() }).optional(),
  /** scamper's control socket, or the command to start it (default `scamper`). */
  scamper: z.union([z.strictObject({ socket: path }), z.strictObject({ command: path })]).optional(),
  observatory: OBSERVATORY_CONFIG.optional(),
  /** Reports waiting for the observatory (default VANTAGE-outbox.db beside the config). */
  outbox: path.optional(),
});

/** What the section holds. */
export type ProbingConfig = z.infer<typeof PROBING_CONFIG>;
