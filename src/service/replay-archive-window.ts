/**
 * One window of RIS / RouteViews archives replayed into the store: the BGP source of
 * the settings, the bins still to do (a re-run skips the stored ones and resumes after
 * the last), the files fetched from the archive (or a local folder or mirror in its
 * layout), each bin committed by the one writer. `nightlight replay` is this plus its
 * options and messages; the serve ingest loop builds on the same pieces.
 */
import { archiveBase, type ArchiveBases } from "../archive/archive-files.ts";
import { fetchArchiveFile } from "../archive/fetch-archive-file.ts";
import { loadEntityIndex } from "../entities/load-entity-index.ts";
import { openInput } from "../mrt/open-input.ts";
import { BlockAttribution } from "../routing/block-attribution.ts";
import { planArchiveReplay } from "../routing/plan-archive-replay.ts";
import { replayBgp, type ReplayBin, type ReplayFile, type ReplayProblem, type ReplaySummary } from "../routing/replay-bgp.ts";
import type { Store } from "../store/store.ts";
import type { BinCommitted } from "./bin-committed.ts";
import { BgpBinWriter } from "./bgp-bin-writer.ts";
import { bgpSourceSpec, type BgpMethod } from "./bgp-method.ts";
import { settleOtherMethods } from "./settle-other-methods.ts";

/** What to replay and how; times ms UTC, multiples of `binMs`, `until` exclusive. */
export interface ArchiveWindow extends BgpMethod {
  readonly from: number;
  readonly until: number;
  /** Archive base: a folder or http(s) URL in the RIS/RouteViews layout (or one per project); undefined: each project's public archive. */
  readonly archive: ArchiveBases;
  readonly cacheDir: string;
  /** Further attempts per download on network errors. */
  readonly retries: number;
  /** Replace bins of the same collectors made by another method in the window. */
  readonly replace: boolean;
  /** The store's file name, for messages. */
  readonly db: string;
}

/** What a caller hears while the window plays. */
export interface ArchiveWindowHooks {
  /** Before any work: the source, the first bin still to do, the bins in the window. */
  readonly onStart?: (start: { source: string; first: number; total: number; removed: number }) => void;
  /** Each bin computed, committed or not (a bin without counts is not stored). */
  readonly onBin?: (bin: ReplayBin, committed: BinCommitted | undefined) => void | Promise<void>;
  readonly onProblem?: (problem: ReplayProblem) => void;
  readonly onRetry?: (file: ReplayFile, attempt: number, reason: string) => void;
}

/** What a window's replay did. */
export interface ArchiveWindowResult {
  /** `bgp:rrc00+…`. */
  readonly source: string;
  /** First bin replayed (after those already stored). */
  readonly first: number;
  /** Undefined when every bin was stored already (nothing replayed). */
  readonly summary: ReplaySummary | undefined;
  /** Bins and points the store received. */
  readonly written: number;
  readonly points: number;
}

/** Replays `w` into `store`. A UsageError when another method's bins are in the window and `replace` is false. */
export async function replayArchiveWindow(store: Store, w: ArchiveWindow, hooks: ArchiveWindowHooks = {}): Promise<ArchiveWindowResult> {
  const spec = bgpSourceSpec(w);
  const removed = settleOtherMethods(store, spec, { from: w.from, until: w.until, replace: w.replace, db: w.db });
  const sourceId = store.defineSource(spec);
  let first = w.from;
  while (first < w.until && store.hasBin(sourceId, first)) first += w.binMs;
  hooks.onStart?.({ source: spec.name, first, total: (w.until - w.from) / w.binMs, removed });
  if (first >= w.until) return { source: spec.name, first, summary: undefined, written: 0, points: 0 };
  const index = await loadEntityIndex({ regions: w.kinds.has("region") });
  const writer = new BgpBinWriter(store, sourceId, { binMs: w.binMs, kinds: w.kinds, index });
  let written = 0;
  let points = 0;
  const open = async (file: ReplayFile) => {
    const base = archiveBase(w.archive, file.collector);
    const found = await fetchArchiveFile(base, file.path, {
      cacheDir: w.cacheDir,
      retries: w.retries,
      onRetry: (attempt, reason) => hooks.onRetry?.(file, attempt, reason),
    });
    if (found.status === "missing") return null;
    return { name: found.source, chunks: await openInput(found.path) };
  };
  const plans = w.collectors.map((c) => planArchiveReplay(c, first, w.until, w.binMs));
  const summary = await replayBgp(plans, {
    from: first, until: w.until, binMs: w.binMs, attribution: BlockAttribution.fromIndex(index), open,
    visibility: { fullFeedV4: w.fullFeedV4, fullFeedV6: w.fullFeedV6, visibleShare: w.visibleShare },
    onBin: async (bin) => {
      const commit = writer.commit(bin);
      if (commit !== undefined) {
        written++;
        points += commit.points;
      }
      await hooks.onBin?.(bin, commit?.notice);
    },
    onFile: (file) => writer.fileRead(file.path),
    onProblem: (p) => {
      writer.problem(`${p.collector}: ${p.message}`);
      hooks.onProblem?.(p);
    },
  });
  return { source: spec.name, first, summary, written, points };
}
