/**
 * `nightlight serve`: the observatory. One process owns the store, ingests the RIS and
 * RouteViews archives continuously (a backfill on first start, a catch-up after
 * downtime, then each file as it is published), and serves the HTTP API on one port,
 * until SIGINT or SIGTERM. With no network it starts anyway: the API serves what the
 * store holds and /v1/sources says which source is unreachable since when.
 * docs/serve.md; the API: docs/api.md.
 */
import { interrupted } from "./interrupted.ts";
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createApp } from "../api/create-app.ts";
import { builtDashboard } from "../api/dashboard-routes.ts";
import { DEFAULT_HOST, DEFAULT_PORT } from "../api/http-config.ts";
import { UsageError } from "../model/errors.ts";
import { BGP_ENTITY_KINDS, type BgpEntityKind } from "../routing/bin-points.ts";
import { DEFAULT_VISIBILITY } from "../routing/compute-visibility.ts";
import type { ArchiveIngestSettings } from "../service/archive-ingest.ts";
import { type HttpToken, resolveHttpTokens } from "../service/http-tokens-config.ts";
import { loadMobileAsns } from "../service/load-mobile-asns.ts";
import { DEFAULT_COLLECTORS } from "../service/sources-config.ts";
import { openStore } from "../store/open-store.ts";
import type { Store } from "../store/store.ts";
import type { Command, CommandIo } from "./command.ts";
import { loadConfig, type NightlightConfig } from "./nightlight-config.ts";
import { echo, parseCliArgs } from "./parse-cli-args.ts";
import { createProgress } from "./progress.ts";
import type { ServeIngestSettings } from "./serve-ingest.ts";
import { showHealth } from "./serve-status.ts";
import { checkArchiveFolder, checkCollectors, SOURCE_OPTIONS, sourceFlags, sourceUsage } from "./source-options.ts";
import { clockOf, startServeIngest, type ClockSpec, type IngestHandle } from "./start-serve-ingest.ts";
import { timeOption } from "./time-option.ts";

export { DEFAULT_HOST, DEFAULT_PORT } from "../api/http-config.ts";

const BIN_MS = 300_000;
/** First start: about a day back (from the first RIS RIB in it), enough for the BGP baseline's day. */
export const DEFAULT_BACKFILL_HOURS = 24;
/** A file still absent an hour after its due time is a hole. */
export const DEFAULT_HOLE_AFTER_MINUTES = 60;

const USAGE = `Usage: nightlight serve [--db FILE] [--port N] [--host ADDR] [--config FILE] [source options]

The observatory: ingests the RIS and RouteViews archives into the store as they are
published and serves the HTTP API on one port until interrupted (SIGINT or SIGTERM).
A first start backfills about a day (from the first RIS RIB in it); after downtime it
catches up from the last stored bin. With no network it starts anyway: the API serves
what the store holds, and /v1/sources says which source is unreachable since when.
  /v2/signals/raw/{entityType}/{entityCode}, /v2/entities/query, /v2/datasources,
  /v2/outages/events, /v2/outages/summary   IODA-compatible: change the base URL
  /v1/series/{entity}/{signal}, /v1/entities, /v1/sources, /v1/verdict,
  /v1/events, /v1/events/{id}, /v1/state      Nightlight's own
  /openapi.json                              every route and parameter
Series and events also come as CSV (?format=csv or Accept: text/csv). docs/serve.md
describes serve and its config file; docs/api.md the routes.

Options:
  --db FILE            store file (default nightlight.db, or the config's store.db)
  --port N             TCP port, 0 for any free one (default ${DEFAULT_PORT})
  --host ADDR          address to listen on (default ${DEFAULT_HOST}, this machine only)
  --config FILE        JSON config file: store, http (and write tokens), sources, signals, alerts (docs/serve.md;
                       example: nightlight.example.json); flags override it
  --read-only          serve the store as it is: no ingest
${sourceUsage({
  collectors: `${DEFAULT_COLLECTORS.join(", ")} (docs/serve.md)`,
  from: "a backfill of sources.backfillHours (24) on a first start, else after the last stored bin",
  until: "none: the ingest follows the present; with it, serve ingests the window [--from, --until) and serves it",
  cache: ".cache/nightlight-archive; serve deletes what no restart needs",
})}`;

/** The port option as a number 0–65535. */
function portOption(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) throw new UsageError(`--port must be a number from 0 to 65535, not '${echo(text)}'`);
  return port;
}

/** Everything a serve run needs, checked. */
export interface ServeSettings {
  readonly db: string;
  readonly port: number;
  readonly host: string;
  readonly readOnly: boolean;
  readonly ingest: ServeIngestSettings;
  /** NIGHTLIGHT_CLOCK: a past moment served as if it were now (tests, demos). */
  readonly clock: ClockSpec | null;
  /** NIGHTLIGHT_INGEST_THREAD=main ingests in the serve thread (the bench compares); default a worker thread. */
  readonly thread: "worker" | "main";
}

/** `2002-07-23T00:20Z@60`: that time as now, the clock running 60 times as fast. */
export function clockSpec(text: string | undefined): ClockSpec | null {
  if (text === undefined || text === "") return null;
  const [time, speed = "1"] = text.split("@");
  const n = Number(speed);
  if (!(n > 0 && n <= 100_000)) throw new UsageError(`NIGHTLIGHT_CLOCK '${echo(text)}': the speed after @ must be a number above 0`);
  return { start: timeOption("NIGHTLIGHT_CLOCK", time), speed: n };
}

/** The entity kinds the BGP sources write (sources.kinds; the live sessions write the same). */
function sourceKinds(config: NightlightConfig): Set<BgpEntityKind> {
  return new Set((config.sources?.kinds ?? BGP_ENTITY_KINDS) as BgpEntityKind[]);
}

/** The archive ingest of the flags over the config over the defaults. */
function archiveSettings(flags: ReturnType<typeof sourceFlags>, config: NightlightConfig, db: string, now: number): ArchiveIngestSettings {
  const c = config.sources ?? {};
  if (flags.until !== undefined && flags.from === undefined) throw new UsageError("--until needs --from: serve ingests the window [--from, --until), or from --from on when --until is not given");
  if (flags.until !== undefined && flags.until > now) {
    throw new UsageError(`--until ${new Date(flags.until).toISOString()} is after now (${new Date(now).toISOString().slice(0, 16)}Z): leave it out to follow the present`);
  }
  if (flags.from !== undefined && flags.from >= now) throw new UsageError(`--from ${new Date(flags.from).toISOString()} is not before now`);
  const archive = flags.archive ?? c.archive;
  if (typeof archive === "string") checkArchiveFolder(archive, flags.archive === undefined ? "sources.archive" : "--archive");
  else for (const base of Object.values(archive ?? {})) checkArchiveFolder(base, "sources.archive");
  return {
    collectors: flags.collectors ?? checkCollectors(c.collectors ?? DEFAULT_COLLECTORS),
    binMs: BIN_MS,
    fullFeedV4: flags.fullFeedV4 ?? c.fullFeedV4 ?? DEFAULT_VISIBILITY.fullFeedV4,
    fullFeedV6: flags.fullFeedV6 ?? c.fullFeedV6 ?? DEFAULT_VISIBILITY.fullFeedV6,
    visibleShare: flags.visibleShare ?? c.visibleShare ?? DEFAULT_VISIBILITY.visibleShare,
    kinds: flags.kinds ?? sourceKinds(config),
    archive, cacheDir: flags.cacheDir ?? c.cache ?? join(".cache", "nightlight-archive"),
    retries: flags.retries ?? c.retries ?? 3,
    backfillMs: (c.backfillHours ?? DEFAULT_BACKFILL_HOURS) * 3_600_000,
    holeAfterMs: (c.holeAfterMinutes ?? DEFAULT_HOLE_AFTER_MINUTES) * 60_000,
    replace: flags.replace, db, from: flags.from, until: flags.until,
  };
}

/** The settings of a run: flags over the config file over the embedded defaults. */
export function serveSettings(args: readonly string[], env: NodeJS.ProcessEnv = process.env): ServeSettings {
  const { values: v } = parseCliArgs({
    args: [...args],
    allowPositionals: false,
    options: {
      ...SOURCE_OPTIONS, db: { type: "string" }, store: { type: "string" }, port: { type: "string" }, host: { type: "string" },
      config: { type: "string" }, "read-only": { type: "boolean" },
    },
  });
  const flags = sourceFlags(v, BIN_MS);
  const config = loadConfig(v.config);
  const db = v.db ?? v.store ?? config.store?.db ?? "nightlight.db";
  const clock = clockSpec(env["NIGHTLIGHT_CLOCK"]);
  const readOnly = v["read-only"] === true;
  const thread = env["NIGHTLIGHT_INGEST_THREAD"] === "main" ? "main" : "worker";
  const archive = readOnly ? undefined : archiveSettings(flags, config, db, clockOf(clock).now());
  return {
    db, port: portOption(v.port, config.http?.port ?? DEFAULT_PORT), host: v.host ?? config.http?.host ?? DEFAULT_HOST, readOnly, clock, thread,
    ingest: { archive, live: readOnly || config.live === undefined ? undefined : { config: config.live, kinds: flags.kinds ?? sourceKinds(config) }, config },
  };
}

/** Resolves once the server listens, with the address it got. */
function listen(fetch: (request: Request) => Response | Promise<Response>, port: number, hostname: string): Promise<{ server: ServerType; address: AddressInfo }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (address) => resolve({ server, address }));
    server.once("error", reject);
  });
}


/** What the start line says is ingested. */
function ingestText(s: ServeSettings): string {
  const a = s.ingest.archive;
  if (a === undefined) return "read-only";
  const window = a.until !== undefined ? `the window ${new Date(a.from ?? 0).toISOString()} – ${new Date(a.until).toISOString()}` : "the present";
  return `ingesting ${window} of ${a.collectors.join(", ")}`;
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const s = serveSettings(args);
  const progress = createProgress(io.stderr, { unit: "bins" });
  const log = (line: string): void => progress.note(`nightlight serve: ${line}`);
  let store: Store | undefined;
  let writeStore: Store | undefined;
  let ingest: IngestHandle | undefined;
  let unshow = (): void => {};
  const stopped = interrupted();
  try {
    if (s.readOnly) store = openStore(s.db, { readonly: true });
    else if (s.thread === "main") {
      store = openStore(s.db);
      ingest = await startServeIngest(s.ingest, { db: s.db, clock: s.clock, thread: "main", store, log });
    } else {
      // The worker opens (creates, migrates) the store for writing first; this thread reads.
      ingest = await startServeIngest(s.ingest, { db: s.db, clock: s.clock, thread: "worker", log });
      store = openStore(s.db, { readonly: true });
    }
    const handle = ingest;
    if (handle !== undefined) unshow = showHealth(handle.health, progress);
    const series = store.listSignals().length;
    // Writes (annotations, webhooks) need a token of http.tokens and a writable connection:
    // the ingest's own in this thread, else one beside the worker's (SQLite serialises them).
    const tokens = writeTokens(s.ingest.config);
    if (!s.readOnly && tokens.length > 0) writeStore = s.thread === "main" ? store : openStore(s.db);
    const app = createApp({
      store, mobileAsns: loadMobileAsns(), tokens, ...(writeStore === undefined ? {} : { writeStore }),
      // Bins that probers post are judged by the ingest's event tracker like its own.
      ...(handle === undefined ? {} : { health: () => handle.health.list(), onBinsCommitted: (bins) => handle.committed(bins) }),
    }, {
      dashboard: builtDashboard(),
      onInternalError: (error) => log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    });
    const { server, address } = await listen(app.fetch, s.port, s.host);
    const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
    progress.note(`nightlight serve: http://${shown}:${address.port}/ serving ${s.db} (${series} series, ${ingestText(s)}); /openapi.json lists the routes; Ctrl-C stops`);
    const signal = await stopped;
    progress.end();
    await ingest?.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    io.stderr.write(`nightlight serve: stopped (${signal})\n`);
    return 0;
  } finally {
    unshow();
    progress.end();
    if (ingest !== undefined) await ingest.stop().catch(() => {});
    if (writeStore !== store) writeStore?.close();
    store?.close();
  }
}

/** The write tokens of the config's `http.tokens`; a UsageError naming the entry when one cannot be read. */
function writeTokens(config: NightlightConfig): HttpToken[] {
  try {
    return resolveHttpTokens(config.http?.tokens ?? []);
  } catch (error: unknown) {
    if (error instanceof TypeError) throw new UsageError(`--config: ${error.message}`);
    throw error;
  }
}

/** The `serve` command. */
export const SERVE: Command = {
  words: ["serve"],
  summary: "the observatory: ingest RIS / RouteViews archives continuously and serve the HTTP API",
  usage: USAGE,
  run,
};
