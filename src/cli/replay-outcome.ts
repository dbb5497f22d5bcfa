/**
 * The end of a `nightlight replay` run: the summary line, the warnings, and the exit
 * status, decided from what replayBgp() computed (its ReplaySummary), so that a
 * scheduled job notices a run that computed nothing or only part of its window.
 *
 *     0  every bin has counts (at least one family), from every collector asked for
 *     1  nothing computed: no bin has counts (no RIB, no full-feed peer, only holes)
 *     2  usage error, refused before any download (main.ts's code for UsageError)
 *     3  partial: some bins have counts, others not, or a collector had no data in some
 */
import { ARCHIVE_BASE_URLS, ARCHIVE_PERIOD_MS, archiveProject } from "../archive/archive-files.ts";
import type { CollectorStart, LargestTable, ReplaySummary } from "../routing/replay-bgp.ts";

/** Exit statuses of `nightlight replay`; see the file comment and docs/archives.md. */
export const REPLAY_EXIT = { ok: 0, noData: 1, usage: 2, partial: 3 } as const;

/** What the run was asked to do, for the messages. */
export interface ReplayRun {
  /** `bgp:rrc00+route-views2`. */
  readonly source: string;
  /** First bin replayed (after any already stored) and end of the window, ms UTC. */
  readonly from: number;
  readonly until: number;
  readonly db: string;
  /** The --archive given, or undefined for each project's public archive. */
  readonly archive: string | undefined;
  readonly fullFeedV4: number;
  readonly fullFeedV6: number;
  /** Bins and points the store received. */
  readonly written: number;
  readonly points: number;
}

/** What to print and the status to exit with. */
export interface ReplayOutcome {
  readonly code: number;
  /** The summary line. */
  readonly stdout: string;
  /** Why nothing or only part was computed, and per-family warnings; "" when all is well. */
  readonly stderr: string;
}

const MINUTE = 60_000;
const iso = (t: number): string => new Date(t).toISOString().replace(":00.000Z", "Z");
const FAMILY = { 4: "IPv4", 6: "IPv6" } as const;
const FLAG = { 4: "--full-feed-v4", 6: "--full-feed-v6" } as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** `rrc00 peer 193.0.4.28 AS3333`. */
function peerName(t: LargestTable): string {
  return `${t.collector} peer ${t.peerIp} AS${t.peerAsn}`;
}

/** Where the archive of a collector is, as the messages name it. */
function baseOf(run: ReplayRun, collector: string): string {
  return run.archive ?? ARCHIVE_BASE_URLS[archiveProject(collector)] ?? "(no archive)";
}

/** How often the collector's project writes RIBs and updates, for the no-RIB message. */
function cadence(collector: string): string {
  const project = archiveProject(collector);
  const p = ARCHIVE_PERIOD_MS[project];
  const name = project === "ris" ? "RIS writes a bview every 8 h (00:00, 08:00, 16:00 UTC)"
    : project === "live" ? "a Nightlight recording has a bview where it starts"
    : `RouteViews writes a rib every ${p.rib / 60 / MINUTE} h (even hours UTC)`;
  return `${name} and updates every ${p.updates / MINUTE} min`;
}

/** `no RIB found for rrc00 in BASE: tried A (missing), B (damaged)`. */
function noRib(run: ReplayRun, start: CollectorStart): string {
  const tried = start.ribsTried.map((r) => `${r.path} (${r.outcome})`).join(", ");
  return `no RIB found for ${start.collector} in ${baseOf(run, start.collector)}: tried ${tried === "" ? "none" : tried}; ${cadence(start.collector)} (docs/archives.md)`;
}

/** The largest table of a family against its threshold. */
function largestText(summary: ReplaySummary, run: ReplayRun, family: 4 | 6): string {
  const t = summary.largest[family];
  const threshold = family === 4 ? run.fullFeedV4 : run.fullFeedV6;
  if (t === null) return `no ${FAMILY[family]} route was seen`;
  return `the largest ${FAMILY[family]} table held ${t.routes} routes (${peerName(t)}, bin ${iso(t.time)}), a full-feed peer needs more than ${FLAG[family]} ${threshold}`;
}

/** Why no bin has counts. */
function whyNothing(summary: ReplaySummary, run: ReplayRun): string[] {
  const reasons = summary.starts.filter((s) => s.startTime === null).map((s) => noRib(run, s));
  if (summary.binsWithData > 0) {
    reasons.push(
      `no full-feed peer in any of the ${plural(summary.binsWithData, "bin")} with data: ${largestText(summary, run, 4)}; ${largestText(summary, run, 6)}. ` +
        `Lower the thresholds with --full-feed-v4 N / --full-feed-v6 N (N below the largest table)`,
    );
  } else if (summary.starts.some((s) => s.startTime !== null)) {
    reasons.push(
      `every bin lies in a hole of the updates after the RIB (${plural(summary.problems, "problem")}, listed above): ` +
        "a collector has data again from its next RIB",
    );
  }
  return reasons;
}

/** `2002-07-23T00:00Z–2002-07-23T00:15Z, …` for the first runs of bins without counts. */
function runsText(runs: ReplaySummary["uncounted"]): string {
  const shown = runs.slice(0, 5).map(([a, b]) => `${iso(a)}–${iso(b)}`);
  return runs.length > 5 ? `${shown.join(", ")}, and ${runs.length - 5} more` : shown.join(", ");
}

/** Why the window is only partly computed. */
function whyPartial(summary: ReplaySummary, run: ReplayRun): string[] {
  const reasons: string[] = [];
  const without = summary.bins - summary.binsCounted;
  if (without > 0) reasons.push(`${without} of ${plural(summary.bins, "bin")} without data (${runsText(summary.uncounted)})`);
  for (const start of summary.starts) {
    const n = summary.binsByCollector[start.collector] ?? 0;
    // With one collector, its bins are the bins above; a missing RIB is still worth its line.
    if (n === summary.bins || (summary.starts.length === 1 && start.startTime !== null)) continue;
    reasons.push(`${start.collector} had data in ${n} of ${plural(summary.bins, "bin")}${start.startTime === null ? ` (${noRib(run, start)})` : ""}`);
  }
  if (summary.problems > 0) reasons.push(`${plural(summary.problems, "problem")} with files (listed above)`);
  return reasons;
}

/** A warning per family without counts in some bins where the other has them, unless it has no route at all. */
function familyWarnings(summary: ReplaySummary, run: ReplayRun): string[] {
  const warnings: string[] = [];
  for (const family of [4, 6] as const) {
    const n = summary.binsCountedByFamily[family];
    // Without a single route of the family (IPv6 in 2002, a collector with IPv4 peers only) there is nothing to lower.
    if (n === summary.binsCounted || summary.largest[family] === null) continue;
    warnings.push(
      `nightlight replay: warning: ${FAMILY[family]} counted in ${n} of the ${plural(summary.binsCounted, "bin")} with counts ` +
        `(no full-feed ${FAMILY[family]} peer in the others): ${largestText(summary, run, family)}; lower it with ${FLAG[family]} N\n`,
    );
  }
  return warnings;
}

/** `IPv4 1–3` / `IPv6 none`: full-feed peers per family over the bins with data. */
function fullFeedText(summary: ReplaySummary): string {
  return ([4, 6] as const).map((f) => {
    const r = summary.fullFeedPeers[f];
    return `${FAMILY[f]} ${r === null ? "none" : r.min === r.max ? r.min : `${r.min}–${r.max}`}`;
  }).join(", ");
}

/** The summary line, the warnings and the exit status of a finished replay. */
export function replayOutcome(summary: ReplaySummary, run: ReplayRun): ReplayOutcome {
  const stdout =
    `Replayed ${summary.bins} bins of ${run.source} from ${iso(run.from)} until ${iso(run.until)} into ${run.db}: ` +
    `${run.written} written (${run.points} points), ${summary.bins - summary.binsCounted} without data; ` +
    `${summary.files} files read, ${summary.problems} problems; ` +
    `counted IPv4 in ${summary.binsCountedByFamily[4]} bins, IPv6 in ${summary.binsCountedByFamily[6]}; full-feed peers ${fullFeedText(summary)}\n`;
  if (summary.binsCounted === 0) {
    const reasons = whyNothing(summary, run);
    const window = `${run.source} from ${iso(run.from)} until ${iso(run.until)} (${plural(summary.bins, "bin")})`;
    return { code: REPLAY_EXIT.noData, stdout, stderr: `nightlight replay: nothing computed for ${window}:\n${reasons.map((r) => `  ${r}\n`).join("")}` };
  }
  const warnings = familyWarnings(summary, run).join("");
  const complete = summary.binsCounted === summary.bins && summary.starts.every((s) => summary.binsByCollector[s.collector] === summary.bins);
  if (complete) return { code: REPLAY_EXIT.ok, stdout, stderr: warnings };
  const text = `nightlight replay: warning: partial data (exit status ${REPLAY_EXIT.partial}):\n${whyPartial(summary, run).map((r) => `  ${r}\n`).join("")}`;
  return { code: REPLAY_EXIT.partial, stdout, stderr: warnings + text };
}
