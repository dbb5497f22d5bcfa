/**
 * `nightlight replay`: RIS and RouteViews archives → visible /24s (/48s) per country,
 * region, network and network-within-country, every 5 minutes, into the store.
 *
 * Idempotent and resumable: each bin's points are committed in one transaction with a
 * record of the bin (docs/store.md); a re-run skips the recorded bins and rebuilds the
 * routing state from the last RIB before the first bin still to do.
 */
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ARCHIVE_BASE_URLS, archiveProject } from "../archive/archive-files.ts";
import { fetchArchiveFile } from "../archive/fetch-archive-file.ts";
import { loadEntityIndex } from "../entities/load-entity-index.ts";
import { UsageError } from "../model/errors.ts";
import { openInput } from "../mrt/open-input.ts";
import { BGP_ENTITY_KINDS, BGP_SIGNAL, binPoints, type BgpEntityKind } from "../routing/bin-points.ts";
import { BlockAttribution } from "../routing/block-attribution.ts";
import { DEFAULT_VISIBILITY } from "../routing/compute-visibility.ts";
import { planArchiveReplay } from "../routing/plan-archive-replay.ts";
import { replayBgp, type ReplayBin, type ReplayFile, type ReplaySummary } from "../routing/replay-bgp.ts";
import { openStore } from "../store/open-store.ts";
import type { Store } from "../store/store.ts";
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

A bin's value is the state at the END of the bin, labelled with its start. A bin whose
updates file is missing or damaged has no data (no point), never 0. See docs/bgp-signal.md;
archive layouts and RIB times: docs/archives.md.

Exit status:
  0  every bin computed (counts of at least one family, from every collector)
  1  nothing computed: no RIB found (the paths tried are listed), no full-feed peer (the
     largest tables are named; lower --full-feed-v4 / --full-feed-v6), or only holes;
     or a failure such as an unreachable archive
  2  usage error, refused before any download: bad option, unknown collector, a window
     ending in the future, an --archive folder that does not exist or is a file
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
      kinds: { type: "string" },
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
    visibleShare: share, kinds,
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

/** The method as stored with the points; its hash keys the bin records. */
function methodParameters(s: ReplaySettings): Record<string, unknown> {
  return {
    collectors: s.collectors, binMinutes: BIN_MS / 60_000, fullFeedV4: s.fullFeedV4, fullFeedV6: s.fullFeedV6,
    visibleShare: s.visibleShare, kinds: [...s.kinds], blocks: { 4: "/24", 6: "/48" },
    origin: "last ASN of the AS path; a final AS_SET counts only when it holds one ASN", binValue: "state at the end of the bin, labelled with its start",
  };
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

/** Entities already in the store for the BGP signals, so that their drop to 0 is written. */
function knownEntities(store: Store, kinds: ReadonlySet<BgpEntityKind>): Record<4 | 6, Set<string>> {
  const known: Record<4 | 6, Set<string>> = { 4: new Set(), 6: new Set() };
  for (const s of store.listSignals()) {
    const kind = s.entity.split("/")[0] as BgpEntityKind;
    if (!kinds.has(kind)) continue;
    if (s.signal === BGP_SIGNAL[4]) known[4].add(s.entity);
    else if (s.signal === BGP_SIGNAL[6]) known[6].add(s.entity);
  }
  return known;
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const s = replaySettings(args);
  checkArchiveFolder(s.archive);
  const source = `bgp:${s.collectors.join("+")}`;
  const parameters = methodParameters(s);
  const digest = `params:${createHash("sha256").update(JSON.stringify(parameters)).digest("hex").slice(0, 16)}`;
  const binSource = (t: number): string => `${source}:bin:${iso(t)}`;
  const store = openStore(s.db);
  try {
    let first = s.from;
    while (first < s.until && store.isIngested(binSource(first), digest)) first += BIN_MS;
    const total = (s.until - s.from) / BIN_MS;
    if (first >= s.until) {
      io.stdout.write(`All ${total} bins of ${source} from ${iso(s.from)} until ${iso(s.until)} are already in ${s.db}: nothing to do\n`);
      return 0;
    }
    if (first > s.from) io.stderr.write(`Resuming at ${iso(first)}: ${(first - s.from) / BIN_MS} of ${total} bins are already in ${s.db}\n`);
    const index = await loadEntityIndex({ regions: s.kinds.has("region") });
    const attribution = BlockAttribution.fromIndex(index);
    const known = knownEntities(store, s.kinds);
    const named = new Set<string>();
    store.putMethod({
      signal: BGP_SIGNAL[4], source, parameters,
      description: `visible /24s: a /24 counts once when a prefix covering it is seen by at least ${s.visibleShare * 100} % of full-feed peer ASNs (more than ${s.fullFeedV4} IPv4 routes) of ${s.collectors.join(", ")}; see docs/bgp-signal.md`,
    });
    store.putMethod({
      signal: BGP_SIGNAL[6], source, parameters,
      description: `visible /48s: a /48 counts once when a prefix covering it is seen by at least ${s.visibleShare * 100} % of full-feed peer ASNs (more than ${s.fullFeedV6} IPv6 routes) of ${s.collectors.join(", ")}; see docs/bgp-signal.md`,
    });
    const bar = progress(io, total);
    let written = 0;
    let points = 0;
    const onBin = (bin: ReplayBin): void => {
      const done = (bin.time - s.from) / BIN_MS + 1;
      bar.update(done, iso(bin.time));
      if (bin.collectors.length === 0 || store.isIngested(binSource(bin.time), digest)) return;
      const binPointList = [
        ...(bin.v4 === null ? [] : binPoints(bin.v4, bin.time, s.kinds, known[4])),
        ...(bin.v6 === null ? [] : binPoints(bin.v6, bin.time, s.kinds, known[6])),
      ];
      const fresh = binPointList.map((p) => p.entity).filter((e) => !named.has(e));
      store.transaction(() => {
        if (fresh.length > 0) store.putEntities(index.entities(new Set(fresh)));
        store.putPoints(binPointList, source);
        store.markIngested({
          source: binSource(bin.time), kind: "bgp-bin", size: null, digest, completedAt: Date.now(),
          records: binPointList.length, errors: [],
        });
      });
      for (const e of fresh) named.add(e);
      written++;
      points += binPointList.length;
    };
    const open = async (file: ReplayFile) => {
      const base = s.archive ?? ARCHIVE_BASE_URLS[archiveProject(file.collector)];
      const found = await fetchArchiveFile(base, file.path, {
        cacheDir: s.cacheDir,
        retries: s.retries,
        onRetry: (attempt, reason) => io.stderr.write(`Retrying ${file.path} (attempt ${attempt + 1}): ${reason}\n`),
      });
      if (found.status === "missing") return null;
      return { name: found.source, chunks: await openInput(found.path) };
    };
    const plans = s.collectors.map((c) => planArchiveReplay(c, first, s.until, BIN_MS));
    const summary = await replayBgp(plans, {
      from: first, until: s.until, binMs: BIN_MS, attribution, open, onBin,
      visibility: { fullFeedV4: s.fullFeedV4, fullFeedV6: s.fullFeedV6, visibleShare: s.visibleShare },
      onProblem: (p) => {
        bar.end();
        io.stderr.write(`${p.collector}: ${p.message}\n`);
      },
    });
    bar.end();
    return summarize(io, summary, {
      source, from: first, until: s.until, db: s.db, archive: s.archive, fullFeedV4: s.fullFeedV4, fullFeedV6: s.fullFeedV6, written, points,
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
