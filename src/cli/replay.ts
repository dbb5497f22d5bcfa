/**
 * `nightlight replay`: RIS and RouteViews archives → visible /24s (/48s) per country,
 * region, network and network-within-country, every 5 minutes, into the store.
 *
 * Idempotent and resumable: each bin's points are committed in one transaction with a
 * record of the bin (docs/store.md); a re-run skips the recorded bins and rebuilds the
 * routing state from the last RIB before the first bin still to do.
 */
import { join } from "node:path";
import { REPLAY_LAG_MS } from "../archive/archive-publication.ts";
import { UsageError } from "../model/errors.ts";
import { BGP_ENTITY_KINDS, type BgpEntityKind } from "../routing/bin-points.ts";
import { DEFAULT_VISIBILITY } from "../routing/compute-visibility.ts";
import type { ReplaySummary } from "../routing/replay-bgp.ts";
import { replayArchiveWindow } from "../service/replay-archive-window.ts";
import { openStore } from "../store/open-store.ts";
import { createProgress, type Progress } from "./progress.ts";
import { parseCliArgs } from "./parse-cli-args.ts";
import { checkArchiveFolder, SOURCE_OPTIONS, sourceFlags, sourceUsage } from "./source-options.ts";
import type { Command, CommandIo } from "./command.ts";
import { replayOutcome, type ReplayRun } from "./replay-outcome.ts";

const USAGE = `Usage: nightlight replay [--collector NAME…] [--from TIME] [--until TIME] [options]

Replays RIPE RIS / RouteViews MRT archives into the BGP signal: visible /24s (signal
bgp) and /48s (signal bgp6) per country, region, origin AS and AS-within-country,
every 5 minutes, into the store. Re-running changes nothing; an interrupted run resumes.

Options:
${sourceUsage({ collectors: "rrc00", from: "an hour before --until", until: "the last bin RIS has published, 15 minutes ago rounded down", cache: ".cache/nightlight-archive" })}  --db FILE            store file (default nightlight.db)

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


const iso = (t: number): string => new Date(t).toISOString().replace(":00.000Z", "Z");

function parse(args: readonly string[]) {
  return parseCliArgs({ args: [...args], allowPositionals: false, strict: true, options: { ...SOURCE_OPTIONS, db: { type: "string" } } }).values;
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

const HOUR_MS = 3_600_000;

/** The settings of a run; `now` (injectable for tests) sets the default window. */
export function replaySettings(args: readonly string[], now: number = Date.now()): ReplaySettings {
  const v = parse(args);
  const f = sourceFlags(v, BIN_MS);
  // Embedded defaults: the last published hour of RIS rrc00, the collector with the most peers.
  const until = f.until ?? Math.floor((now - REPLAY_LAG_MS) / BIN_MS) * BIN_MS;
  const from = f.from ?? until - HOUR_MS;
  if (until <= from) throw new UsageError(`--until ${v.until ?? ""} is not after --from ${v.from ?? ""}`);
  checkWindow(from, until, now);
  return {
    collectors: f.collectors ?? ["rrc00"], from, until, archive: f.archive, cacheDir: f.cacheDir ?? join(".cache", "nightlight-archive"),
    db: v.db ?? "nightlight.db", retries: f.retries ?? 3,
    fullFeedV4: f.fullFeedV4 ?? DEFAULT_VISIBILITY.fullFeedV4, fullFeedV6: f.fullFeedV6 ?? DEFAULT_VISIBILITY.fullFeedV6,
    visibleShare: f.visibleShare ?? DEFAULT_VISIBILITY.visibleShare, kinds: f.kinds ?? new Set(BGP_ENTITY_KINDS), replace: f.replace,
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
      `pass an --until before now (the default is the last bin RIS has published, ${iso(Math.floor((now - REPLAY_LAG_MS) / BIN_MS) * BIN_MS)})`,
  );
}

/** Prints the summary line and any warnings; the exit status (see replay-outcome.ts). */
function summarize(io: CommandIo, summary: ReplaySummary, run: ReplayRun): number {
  const outcome = replayOutcome(summary, run);
  io.stdout.write(outcome.stdout);
  io.stderr.write(outcome.stderr);
  return outcome.code;
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const s = replaySettings(args);
  checkArchiveFolder(s.archive);
  const store = openStore(s.db);
  try {
    let bar: Progress | undefined;
    const result = await replayArchiveWindow(store, { ...s, binMs: BIN_MS }, {
      onStart: ({ source, first, total, removed }) => {
        if (removed > 0) io.stderr.write(`Replaced: removed ${removed} bins of ${source} made with another method in the window\n`);
        if (first >= s.until) return;
        if (first > s.from) io.stderr.write(`Resuming at ${iso(first)}: ${(first - s.from) / BIN_MS} of ${total} bins are already in ${s.db}\n`);
        bar = createProgress(io.stderr, { unit: "bins" });
      },
      onBin: (bin) => bar?.update((bin.time - s.from) / BIN_MS + 1, (s.until - s.from) / BIN_MS, iso(bin.time)),
      onRetry: (file, attempt, reason) => (bar?.note ?? ((l: string) => io.stderr.write(`${l}\n`)))(`Retrying ${file.path} (attempt ${attempt + 1}): ${reason}`),
      onProblem: (p) => (bar?.note ?? ((l: string) => io.stderr.write(`${l}\n`)))(`${p.collector}: ${p.message}`),
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
