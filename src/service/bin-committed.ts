/**
 * What the ingest loop tells the rest of the service after each bin it commits: the
 * event tracker re-judges the entities the bin touched, the source health registry
 * counts it, the dashboard's progress moves. See docs/design/0002-observatory.md.
 */
import type { SourceInfo } from "../model/provenance.ts";
import type { EntityId } from "../model/signal.ts";

/** One committed bin (or one imported file's span). */
export interface BinCommitted {
  /** The source that wrote it. */
  readonly source: SourceInfo;
  /** Bin start, ms UTC; for an import, the first bin of its span. */
  readonly time: number;
  /** Bin length, ms; for an import, its native step. */
  readonly stepMs: number;
  /** End (exclusive) of what was written, ms UTC: `time + stepMs` for one bin. */
  readonly until: number;
  /** Entities with a value in what was written, when the writer knows them (else: all of the source's). */
  readonly entities?: readonly EntityId[];
}

/** Something that acts after a bin is committed. Awaited in order; a rejection is logged, never stops ingest. */
export type BinListener = (bin: BinCommitted) => void | Promise<void>;
