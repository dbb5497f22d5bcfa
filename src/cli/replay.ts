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
import { signalConfig } from "../detect/signal-config.ts";
import { lookBackMs } from "../detect/look-back.ts";
import { entityDataVersion } from "../entities/entity-data-version.ts";
import { loadEntityIndex } from "../entities/load-entity-index.ts";
import type { BinProvenance } from "../model/provenance.ts";
import { UsageError } from "../model/errors.ts";
import { openInput } from "../mrt/open-input.ts";
import { BGP_ENTITY_KINDS, BGP_SIGNAL, entityCounts, type BgpEntityKind } from "../routing/bin-points.ts";
import { BlockAttribution } from "../routing/block-attribution.ts";
import { DEFAULT_VISIBILITY } from "../routing/compute-visibility.ts";
import { planArchiveReplay } from "../routing/plan-archive-replay.ts";
import { replayBgp, type ReplayBin, type ReplayFile, type ReplaySummary } from "../routing/replay-bgp.ts";
import { openStore } from "../store/open-store.ts";
import type { BinValue, SourceSpec, Store } from "../store/store.ts";
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

/**
 * How long an entity keeps "seen" status: within this time after its last bin with
 * visible blocks, a bin without any gets 0 (the routes are gone); later, no value.
 * The longest look-back of the BGP signals' detection settings.
 */
function zeroWithinMs(): number {
  return Math.max(lookBackMs(signalConfig(BGP_SIGNAL[4])), lookBackMs(signalConfig(BGP_SIGNAL[6])));
}

/** The source a run writes: its ingest name and its method's digest (entity data included). */
function replaySource(s: ReplaySettings): SourceSpec {
  const parameters = { ...methodParameters(s), entityData: entityDataVersion() };
  const digest = `method:${createHash("sha256").update(JSON.stringify(parameters)).digest("hex").slice(0, 16)}`;
  const within = `at least ${s.visibleShare * 100} % of full-feed peer ASNs`;
  return {
    name: `bgp:${s.collectors.join("+")}`, digest, kind: "observatory", parameters,
    methods: {
      [BGP_SIGNAL[4]]: `visible /24s: a /24 counts once when a prefix covering it is seen by ${within} (more than ${s.fullFeedV4} IPv4 routes) of ${s.collectors.join(", ")}; see docs/bgp-signal.md`,
      [BGP_SIGNAL[6]]: `visible /48s: a /48 counts once when a prefix covering it is seen by ${within} (more than ${s.fullFeedV6} IPv6 routes) of ${s.collectors.join(", ")}; see docs/bgp-signal.md`,
    },
  };
}

/** Refuses (or with --replace, clears) bins of the same collectors made by another method. */
function settleOtherMethods(store: Store, spec: SourceSpec, s: ReplaySettings, io: CommandIo): void {
  const others = store.otherMethods(spec.name, spec.digest, s.from, s.until);
  if (others.length === 0) return;
  const held = others.map((o) => `${o.bins} bins by ${o.source.digest} (${JSON.stringify(o.source.parameters)})`).join("; ");
  if (!s.replace) {
    throw new UsageError(
      `${s.db} already holds ${spec.name} in this window made with another method: ${held}. ` +
        `Re-run with --replace to replace them with this method's (${spec.digest}), or name another --db`,
    );
  }
  const removed = store.replaceOtherMethods(spec.name, spec.digest, s.from, s.until);
  io.stderr.write(`Replaced: removed ${removed} bins of ${spec.name} made with another method in the window\n`);
}

/** The bin's values: visible blocks per entity, for each family that has data. */
function binValues(bin: ReplayBin, kinds: ReadonlySet<BgpEntityKind>): BinValue[] {
  const out: BinValue[] = [];
  for (const counts of [bin.v4, bin.v6]) {
    if (counts === null) continue;
    const signal = BGP_SIGNAL[counts.family];
    for (const [entity, value] of entityCounts(counts, kinds)) out.push({ entity, signal, value });
  }
  return out;
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const s = replaySettings(args);
  checkArchiveFolder(s.archive);
  const spec = replaySource(s);
  const source = spec.name;
  const store = openStore(s.db);
  try {
    settleOtherMethods(store, spec, s, io);
    const sourceId = store.defineSource(spec);
    let first = s.from;
    while (first < s.until && store.hasBin(sourceId, first)) first += BIN_MS;
    const total = (s.until - s.from) / BIN_MS;
    if (first >= s.until) {
      io.stdout.write(`All ${total} bins of ${source} from ${iso(s.from)} until ${iso(s.until)} are already in ${s.db}: nothing to do\n`);
      return 0;
    }
    if (first > s.from) io.stderr.write(`Resuming at ${iso(first)}: ${(first - s.from) / BIN_MS} of ${total} bins are already in ${s.db}\n`);
    const index = await loadEntityIndex({ regions: s.kinds.has("region") });
    const attribution = BlockAttribution.fromIndex(index);
    const named = new Set<string>();
    const zeroWindow = zeroWithinMs();
    const entityData = String(spec.parameters["entityData"]);
    let filesSinceBin: string[] = [];
    let problemsSinceBin: string[] = [];
    const bar = progress(io, total);
    let written = 0;
    let points = 0;
    const onBin = (bin: ReplayBin): void => {
      const done = (bin.time - s.from) / BIN_MS + 1;
      bar.update(done, iso(bin.time));
      // A bin without counts (no collector with data, no full-feed peer) is not recorded:
      // it has no data, and a later run (say with a lower threshold) may compute it.
      if ((bin.v4 === null && bin.v6 === null) || store.hasBin(sourceId, bin.time)) return;
      const values = binValues(bin, s.kinds);
      const fresh = values.map((v) => v.entity).filter((e) => !named.has(e));
      const measured = [bin.v4, bin.v6].flatMap((c) => (c === null ? [] : [BGP_SIGNAL[c.family]]));
      const provenance: BinProvenance = {
        collectors: bin.collectors,
        fullFeedPeers: { v4: bin.visibility?.v4.fullFeedPeers ?? 0, v6: bin.visibility?.v6.fullFeedPeers ?? 0 },
        files: filesSinceBin, problems: problemsSinceBin, entityData,
      };
      let stored = 0;
      store.transaction(() => {
        if (fresh.length > 0) store.putEntities(index.entities(new Set(fresh)));
        const w = store.putBin(sourceId, {
          time: bin.time, stepMs: BIN_MS, values, provenance, completedAt: Date.now(),
          zeros: { withinMs: zeroWindow, signals: measured },
        });
        stored = w.values + w.zeros;
      });
      store.compact(sourceId, BIN_MS, bin.time + BIN_MS);
      filesSinceBin = [];
      problemsSinceBin = [];
      for (const e of fresh) named.add(e);
      written++;
      points += stored;
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
      onFile: (file) => {
        filesSinceBin.push(file.path);
      },
      onProblem: (p) => {
        problemsSinceBin.push(`${p.collector}: ${p.message}`);
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
