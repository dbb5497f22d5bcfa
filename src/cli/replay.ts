/**
 * `nightlight replay`: RIS and RouteViews archives → visible /24s (/48s) per country,
 * region, network and network-within-country, every 5 minutes, into the store.
 *
 * Idempotent and resumable: each bin's points are committed in one transaction with a
 * record of the bin (docs/store.md); a re-run skips the recorded bins and rebuilds the
 * routing state from the last RIB before the first bin still to do.
 */
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { archiveProject } from "../archive/archive-files.ts";
import { UsageError } from "../model/errors.ts";
import { BGP_ENTITY_KINDS, type BgpEntityKind } from "../routing/bin-points.ts";
import { DEFAULT_VISIBILITY } from "../routing/compute-visibility.ts";
import type { ReplaySummary } from "../routing/replay-bgp.ts";
import { replayArchiveWindow } from "../service/replay-archive-window.ts";
import { openStore } from "../store/open-store.ts";
import { timeOption } from "./time-option.ts";
import { parseCliArgs } from "./parse-cli-args.ts";
import type { Command, CommandIo } from "./command.ts";
import { replayOutcome, type ReplayRun } from "./replay-outcome.ts";

const USAGE = `Usage: nightlight replay [--collector NAME…] [--from TIME] [--until TIME] [options]

Replays RIPE RIS / RouteViews MRT archives into the BGP signal: visible /24s (signal
bgp) and /48s (signal bgp6) per country, region, origin AS and AS-within-country,
every 5 minutes, into the store. Re-running changes nothing; an interrupted run resumes.

Options:
  --collector NAME     rrc00…rrc26 (RIS; there is no rrc17), route-views2, route-views3…,
                       route-views.NAME (RouteViews) (repeatable; default rrc00)
  --from TIME          first bin, ISO 8601 UTC (2019-11-16T00:00Z), rounded down to 5 min
                       (default: an hour before --until)
  --until TIME         end (exclusive), ISO 8601 UTC, rounded up to 5 min (default: the
                       last bin RIS has published, 15 minutes ago rounded down)
  --archive URL|DIR    archive base: a folder or http(s) URL in the RIS/RouteViews
                       layout (default https://data.ris.ripe.net/ for RIS collectors,
                       https://archive.routeviews.org/ for RouteViews)
  --cache DIR          where downloads are kept (default .cache/nightlight-archive)
  --retries N          further attempts per download on network errors (default 3)
  --db FILE            store file (default nightlight.db)
  --full-feed-v4 N     a peer with more than N IPv4 routes is full-feed (default 400000)
  --full-feed-v6 N     a peer with more than N IPv6 routes is full-feed (default 10000)
  --visible-share X    a prefix is visible when at least this share of full-feed peer
                       ASNs sees it (default 0.5)
  --kinds LIST         entity kinds to write (default country,region,asn,country-asn)
  --replace            the store holds bins of these collectors in the window made with
                       another method (other thresholds, other entity data): replace
                       them with this run's, in one transaction (without it, refused)

A bin's value is the state at the END of the bin, labelled with its start. A bin whose
updates file is missing or damaged has no data (no point), never 0. An entity gets 0
only when these collectors saw it with visible blocks within the signal's look-back
(detection settings of bgp/bgp6); otherwise an absent entity has no value. Each bin is
stored with its provenance: collectors, full-feed peers, files read, problems, and the
IP-to-entity data version (part of the method). See docs/bgp-signal.md; archive layouts
and RIB times: docs/archives.md.

Exit status:
  0  every bin computed (counts of at least one family, from every collector)
  1  nothing computed: no RIB found (the paths tried are listed), no full-feed peer (the
     largest tables are named; lower --full-feed-v4 / --full-feed-v6), or only holes;
     or a failure such as an unreachable archive
  2  usage error, refused before any download: bad option, unknown collector, a window
     ending in the future, an --archive folder that does not exist or is a file, or
     bins of these collectors made with another method in the window (see --replace)
  3  partial: some bins or collectors without data (listed on stderr), the rest stored
`;

const BIN_MS = 300_000;


function parseCount(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new UsageError(`${flag} '${text}' is not a whole number`);
  return n;
}

const iso = (t: number): string => new Date(t).toISOString().replace(":00.000Z", "Z");

function parse(args: readonly string[]) {
  return parseCliArgs({
    args: [...args],
    allowPositionals: false,
    strict: true,
    options: {
      collector: { type: "string", multiple: true }, from: { type: "string" }, until: { type: "string" },
      archive: { type: "string" }, cache: { type: "string" }, retries: { type: "string" }, db: { type: "string" },
      "full-feed-v4": { type: "string" }, "full-feed-v6": { type: "string" }, "visible-share": { type: "string" },
      kinds: { type: "string" }, replace: { type: "boolean" },
    },
  }).values;
}

/** Everything a run needs, checked. */
export interface ReplaySettings {
  readonly collectors: readonly string[];
  readonly from: number;
  readonly until: number;
  readonly archive: string | undefined;
  readonly cacheDir: string;
  readonly retries: number;
  readonly db: string;
  readonly fullFeedV4: number;
  readonly fullFeedV6: number;
  readonly visibleShare: number;
  readonly kinds: ReadonlySet<BgpEntityKind>;
  /** Replace bins of the same collectors made by another method in the window. */
  readonly replace: boolean;
}

/** RIS publishes a 5-minute updates file a few minutes after its interval ends. */
const ARCHIVE_LAG_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;

/** The settings of a run; `now` (injectable for tests) sets the default window. */
export function replaySettings(args: readonly string[], now: number = Date.now()): ReplaySettings {
  const v = parse(args);
  // Embedded defaults: the last published hour of RIS rrc00, the collector with the most peers.
  const collectors = [...new Set(v.collector ?? ["rrc00"])].sort();
  for (const c of collectors) {
    try {
      archiveProject(c);
    } catch (error: unknown) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  }
  const until = v.until === undefined
    ? Math.floor((now - ARCHIVE_LAG_MS) / BIN_MS) * BIN_MS
    : Math.ceil(timeOption("--until", v.until) / BIN_MS) * BIN_MS;
  const from = v.from === undefined ? until - HOUR_MS : Math.floor(timeOption("--from", v.from) / BIN_MS) * BIN_MS;
  if (until <= from) throw new UsageError(`--until ${v.until ?? ""} is not after --from ${v.from ?? ""}`);
  checkWindow(from, until, now);
  const share = v["visible-share"] === undefined ? DEFAULT_VISIBILITY.visibleShare : Number(v["visible-share"]);
  if (!(share > 0 && share <= 1)) throw new UsageError(`--visible-share '${v["visible-share"] ?? ""}' is not a number in (0, 1]`);
  const kinds = new Set<BgpEntityKind>();
  for (const k of (v.kinds ?? BGP_ENTITY_KINDS.join(",")).split(",")) {
    const kind = BGP_ENTITY_KINDS.find((x) => x === k.trim());
    if (kind === undefined) throw new UsageError(`--kinds: '${k}' is none of ${BGP_ENTITY_KINDS.join(", ")}`);
    kinds.add(kind);
  }
  return {
    collectors, from, until, archive: v.archive, cacheDir: v.cache ?? join(".cache", "nightlight-archive"), db: v.db ?? "nightlight.db",
    retries: parseCount("--retries", v.retries, 3),
    fullFeedV4: parseCount("--full-feed-v4", v["full-feed-v4"], DEFAULT_VISIBILITY.fullFeedV4),
    fullFeedV6: parseCount("--full-feed-v6", v["full-feed-v6"], DEFAULT_VISIBILITY.fullFeedV6),
    visibleShare: share, kinds, replace: v.replace === true,
  };
}

/** `2026-12-02T15:07Z`: a time to the minute, as messages name now. */
const minute = (t: number): string => `${new Date(t).toISOString().slice(0, 16)}Z`;

/**
 * Refuses a window that ends after `now`: no archive has files for it yet, and its bins
 * would be stored as without data. A file appears after its period ends (RIS updates
 * about 15 minutes later), which is why the default --until lags now.
 */
function checkWindow(from: number, until: number, now: number): void {
  if (until <= now) return;
  throw new UsageError(
    `the window ${iso(from)} – ${iso(until)} ends after now (${minute(now)}): the archives have no files for the future; ` +
      `pass an --until before now (the default is the last bin RIS has published, ${iso(Math.floor((now - ARCHIVE_LAG_MS) / BIN_MS) * BIN_MS)})`,
  );
}

/**
 * Refuses an --archive folder that does not exist or is not a folder, before anything is
 * read: fetchArchiveFile() would report every file as missing, which looks like a hole.
 */
export function checkArchiveFolder(archive: string | undefined): void {
  if (archive === undefined || /^https?:\/\//.test(archive)) return;
  const path = resolve(archive.startsWith("file:") ? fileURLToPath(archive) : archive);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) throw new UsageError(`--archive ${archive}: ${path} does not exist; pass a folder in the RIS/RouteViews layout (docs/archives.md) or an http(s) URL`);
  if (!stat.isDirectory()) throw new UsageError(`--archive ${archive}: ${path} is a file, not a folder; pass the folder that holds rrc00/, route-views.linx/, bgpdata/…`);
}

/** Prints the summary line and any warnings; the exit status (see replay-outcome.ts). */
function summarize(io: CommandIo, summary: ReplaySummary, run: ReplayRun): number {
  const outcome = replayOutcome(summary, run);
  io.stdout.write(outcome.stdout);
  io.stderr.write(outcome.stderr);
  return outcome.code;
}

/** A one-line progress display with ETA on a terminal; silent otherwise. */
function progress(io: CommandIo, total: number): { update(done: number, label: string): void; end(): void } {
  const tty = (io.stderr as NodeJS.WritableStream & { isTTY?: boolean }).isTTY === true;
  const started = Date.now();
  let last = 0;
  return {
    update(done, label) {
      const now = Date.now();
      if (!tty || now - last < 200) return;
      last = now;
      const rate = done / Math.max(1, now - started);
      const eta = rate > 0 ? Math.round((total - done) / rate / 1000) : 0;
      const width = 30;
      const filled = Math.round((width * done) / total);
      io.stderr.write(`\r\x1b[2K[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} bins, ${label}, ETA ${Math.floor(eta / 60)}m${String(eta % 60).padStart(2, "0")}s`);
    },
    end() {
      if (tty) io.stderr.write("\r\x1b[2K");
    },
  };
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const s = replaySettings(args);
  checkArchiveFolder(s.archive);
  const store = openStore(s.db);
  try {
    let bar: ReturnType<typeof progress> | undefined;
    const result = await replayArchiveWindow(store, { ...s, binMs: BIN_MS }, {
      onStart: ({ source, first, total, removed }) => {
        if (removed > 0) io.stderr.write(`Replaced: removed ${removed} bins of ${source} made with another method in the window\n`);
        if (first >= s.until) return;
        if (first > s.from) io.stderr.write(`Resuming at ${iso(first)}: ${(first - s.from) / BIN_MS} of ${total} bins are already in ${s.db}\n`);
        bar = progress(io, total);
      },
      onBin: (bin) => bar?.update((bin.time - s.from) / BIN_MS + 1, iso(bin.time)),
      onRetry: (file, attempt, reason) => io.stderr.write(`Retrying ${file.path} (attempt ${attempt + 1}): ${reason}\n`),
      onProblem: (p) => {
        bar?.end();
        io.stderr.write(`${p.collector}: ${p.message}\n`);
      },
    });
    bar?.end();
    if (result.summary === undefined) {
      const total = (s.until - s.from) / BIN_MS;
      io.stdout.write(`All ${total} bins of ${result.source} from ${iso(s.from)} until ${iso(s.until)} are already in ${s.db}: nothing to do\n`);
      return 0;
    }
    return summarize(io, result.summary, {
      source: result.source, from: result.first, until: s.until, db: s.db, archive: s.archive, fullFeedV4: s.fullFeedV4, fullFeedV6: s.fullFeedV6,
      written: result.written, points: result.points,
    });
  } finally {
    store.close();
  }
}

/** The `replay` command. */
export const REPLAY: Command = {
  words: ["replay"],
  summary: "replay RIS / RouteViews MRT archives into the BGP visibility signal",
  usage: USAGE,
  run,
};
