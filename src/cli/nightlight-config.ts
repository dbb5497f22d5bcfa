/**
 * The config file (`--config FILE`) of `serve`, `detect` and `report`: one JSON object
 * whose sections are each defined by the part that owns them (design note 0002,
 * "Configuration"), validated by zod; an error names the file and the key path. Flags
 * override the file. Secrets may be `{ "env": "NAME" }` (src/alerts/secret-config.ts).
 *
 * Earlier versions' `detect --config` read a bare object of signals
 * (`{"bgp": {"critical": 0.4}}`). That form is not read any more: a signal named like a
 * section would be ambiguous, and Nightlight had no release to keep it for. A bare file
 * gets an error saying to put it under `signals`.
 */
import { readFileSync, statSync } from "node:fs";
import { z } from "zod";
import { alertsConfigSchema } from "../alerts/alerts-config.ts";
import { resolveSecret, type SecretConfig } from "../alerts/secret-config.ts";
import { HTTP_CONFIG } from "../api/http-config.ts";
import { liveConfigSchema } from "../live/live-config.ts";
import { INSIDE_CONFIG } from "../probing/inside-config.ts";
import { PROBING_CONFIG } from "../probing/probing-config.ts";
import { SIGNALS_CONFIG, type SignalsConfig } from "../detect/signals-config.ts";
import { UsageError } from "../model/errors.ts";
import { SOURCES_CONFIG } from "../service/sources-config.ts";
import { STORE_CONFIG } from "../service/store-config.ts";
import { echo } from "./parse-cli-args.ts";

/** Every section, one line each. */
export const NIGHTLIGHT_CONFIG = z.strictObject({
  store: STORE_CONFIG.optional(),
  http: HTTP_CONFIG.optional(),
  sources: SOURCES_CONFIG.optional(),
  signals: SIGNALS_CONFIG.optional(),
  alerts: alertsConfigSchema.optional(),
  live: liveConfigSchema.optional(),
  probing: PROBING_CONFIG.optional(),
  inside: INSIDE_CONFIG.optional(),
});

/** A config file once read. */
export type NightlightConfig = z.infer<typeof NIGHTLIGHT_CONFIG>;

/** Larger than any config; a bigger file is not one. */
const MAX_BYTES = 1 << 20;
/** Keys of a signal's settings, to recognise the bare form of earlier versions. */
const SETTING_KEYS = new Set(["method", "category", "windowMs", "periodMs", "periods", "minPeriods", "halfWidthMs", "warmUpMs", "minCoverage", "minBaseline", "warning", "critical", "inpaintMaxMs"]);

/** `a.b[2].c`. */
function keyPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
}

/** Whether `json` looks like the bare per-signal form (`{"bgp": {"critical": 0.4}}`). */
function bareSignals(json: unknown): string | undefined {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return undefined;
  const entries = Object.entries(json as Record<string, unknown>);
  // A section's name may also be a signal's (`probing`); no section has a signal's settings, so those mark the bare form.
  const bare = entries.find(([k, v]) => k !== "signals" && v !== null && typeof v === "object" && Object.keys(v).some((s) => SETTING_KEYS.has(s)));
  return bare?.[0];
}

/** One line per problem (the first five), each with its key path. */
function describe(file: string, error: z.ZodError): string {
  const lines = error.issues.slice(0, 5).map((issue) => {
    const where = keyPath(issue.path);
    const names = issue.code === "unrecognized_keys" ? issue.keys.map((k) => `"${echo(k)}"`).join(", ") : "";
    const keys = names === "" ? "" : where === ""
      ? `unknown section ${names} (the sections are ${Object.keys(NIGHTLIGHT_CONFIG.shape).join(", ")}; per-signal settings go under "signals")`
      : `unknown key ${names} in ${where}`;
    return keys !== "" ? keys : `${where === "" ? "(top level)" : where}: ${issue.message}`;
  });
  const more = error.issues.length > 5 ? `; and ${error.issues.length - 5} more` : "";
  return `--config ${file}: ${lines.join("; ")}${more}`;
}

/** The config in `file` (undefined: none given, an empty config). UsageError naming the file and key on any problem. */
export function loadConfig(file: string | undefined): NightlightConfig {
  if (file === undefined) return {};
  let json: unknown;
  try {
    const size = statSync(file).size;
    if (size > MAX_BYTES) throw new Error(`${size} bytes is more than any config file (${MAX_BYTES} at most)`);
    json = JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  } catch (error: unknown) {
    const code = (error as { code?: unknown }).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, not a JSON file" : error instanceof Error ? error.message : String(error);
    throw new UsageError(`--config ${file}: ${reason}`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new UsageError(`--config ${file}: expected a JSON object of sections (store, http, sources, signals…); see docs/serve.md`);
  }
  const bare = bareSignals(json);
  if (bare !== undefined) {
    throw new UsageError(`--config ${file}: "${echo(bare)}" is not a section: per-signal detection settings go under "signals", e.g. {"signals": {"${echo(bare)}": {…}}} (the bare form of earlier versions is no longer read)`);
  }
  const parsed = NIGHTLIGHT_CONFIG.safeParse(json);
  if (!parsed.success) throw new UsageError(describe(file, parsed.error));
  return parsed.data;
}

/** The per-signal detection overrides of `file` (`detect`, `report`). */
export function loadSignalsConfig(file: string | undefined): SignalsConfig {
  // zod's optional keys read as `key?: T | undefined`; JSON has no undefined, so none is there.
  return (loadConfig(file).signals ?? {}) as SignalsConfig;
}

/** The section `key` of `file`, which must be there (`probe` reads `probing`, `inside` reads `inside`). */
export function loadConfigSection<K extends "probing" | "inside">(file: string, key: K): NonNullable<NightlightConfig[K]> {
  const section = loadConfig(file)[key];
  if (section === undefined) throw new UsageError(`--config ${file}: no "${key}" section`);
  return section as NonNullable<NightlightConfig[K]>;
}

/** A secret of the config, read now; a UsageError naming its key when its variable is unset. */
export function configSecret(secret: SecretConfig, where: string): string {
  try {
    return resolveSecret(secret);
  } catch (error: unknown) {
    throw new UsageError(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
