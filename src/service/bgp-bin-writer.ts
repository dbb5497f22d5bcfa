/**
 * Commits BGP bins to the store: each bin's visible blocks per entity, its provenance
 * (collectors, full-feed peers, files read and problems met since the previous bin,
 * entity data), the zero rule, and the daily compaction. The one place a BGP bin is
 * written, whoever computed it (archive replay, the serve ingest loop, live sessions).
 */
import type { EntityIndex } from "../entities/entity-index.ts";
import type { BinProvenance, SourceInfo } from "../model/provenance.ts";
import { BGP_SIGNAL, entityCounts, type BgpEntityKind } from "../routing/bin-points.ts";
import type { ReplayBin } from "../routing/replay-bgp.ts";
import type { BinValue, Store } from "../store/store.ts";
import type { BinCommitted } from "./bin-committed.ts";
import { bgpZeroWithinMs } from "./bgp-method.ts";

/** What one commit wrote. */
export interface BgpBinCommit {
  /** Values and zeros stored. */
  readonly points: number;
  readonly notice: BinCommitted;
}

/** Options of a writer beyond the store and source. */
export interface BgpBinWriterOptions {
  readonly binMs: number;
  readonly kinds: ReadonlySet<BgpEntityKind>;
  /** Names the entities on first sight (stored with their names and parents). */
  readonly index: EntityIndex;
  /** Clock for the bins' completion times; default Date.now. */
  readonly now?: () => number;
}

/** Writes the bins of one BGP source, in time order. */
export class BgpBinWriter {
  readonly #store: Store;
  readonly #sourceId: number;
  readonly #options: BgpBinWriterOptions;
  readonly #zeroWithinMs = bgpZeroWithinMs();
  readonly #entityData: string;
  readonly #source: SourceInfo;
  readonly #named = new Set<string>();
  #files: string[] = [];
  #problems: string[] = [];

  constructor(store: Store, sourceId: number, options: BgpBinWriterOptions) {
    this.#store = store;
    this.#sourceId = sourceId;
    this.#options = options;
    const source = store.getSource(sourceId);
    if (source === undefined) throw new RangeError(`The store has no source ${sourceId}`);
    this.#source = source;
    this.#entityData = String(source.parameters["entityData"] ?? "");
  }

  /** Counts a file read for the next bin's provenance. */
  fileRead(path: string): void {
    this.#files.push(path);
  }

  /** Counts a problem met for the next bin's provenance. */
  problem(text: string): void {
    this.#problems.push(text);
  }

  /** Whether the store holds this bin of the source already. */
  has(time: number): boolean {
    return this.#store.hasBin(this.#sourceId, time);
  }

  /**
   * Stores `bin` in one transaction, then compacts finished days. A bin without counts
   * (no collector with data, no full-feed peer) is not recorded: it has no data, and a
   * later run (say with a lower threshold) may compute it. Undefined when nothing was
   * written (no counts, or the bin is stored already).
   */
  commit(bin: ReplayBin): BgpBinCommit | undefined {
    const store = this.#store;
    if ((bin.v4 === null && bin.v6 === null) || store.hasBin(this.#sourceId, bin.time)) return undefined;
    const { binMs, kinds, index } = this.#options;
    const values = binValues(bin, kinds);
    const fresh = [...new Set(values.map((v) => v.entity))].filter((e) => !this.#named.has(e));
    const measured = [bin.v4, bin.v6].flatMap((c) => (c === null ? [] : [BGP_SIGNAL[c.family]]));
    const provenance: BinProvenance = {
      collectors: bin.collectors,
      fullFeedPeers: { v4: bin.visibility?.v4.fullFeedPeers ?? 0, v6: bin.visibility?.v6.fullFeedPeers ?? 0 },
      files: this.#files, problems: this.#problems, entityData: this.#entityData,
    };
    let points = 0;
    store.transaction(() => {
      if (fresh.length > 0) store.putEntities(index.entities(new Set(fresh)));
      const w = store.putBin(this.#sourceId, {
        time: bin.time, stepMs: binMs, values, provenance, completedAt: (this.#options.now ?? Date.now)(),
        zeros: { withinMs: this.#zeroWithinMs, signals: measured },
      });
      points = w.values + w.zeros;
    });
    store.compact(this.#sourceId, binMs, bin.time + binMs);
    this.#files = [];
    this.#problems = [];
    for (const e of fresh) this.#named.add(e);
    return { points, notice: { source: this.#source, time: bin.time, stepMs: binMs, until: bin.time + binMs } };
  }
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
