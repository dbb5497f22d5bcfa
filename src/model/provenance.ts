/**
 * Provenance: how a figure was made and which inputs it was made from. Types only.
 */
import type { SignalName } from "./signal.ts";

/**
 * How the points of one signal from one source were computed, so that every figure
 * can say how it was made, e.g. signal `bgp`, source `ris+routeviews`,
 * description "visible /24s: a /24 counts when ≥ 50 % of full-feed peer ASNs see a
 * route to it (IODA)", parameters `{ "peerShare": 0.5, "binMinutes": 5 }`.
 */
export interface SignalMethod {
  readonly signal: SignalName;
  readonly source: string;
  readonly description: string;
  /** Any JSON-serialisable parameters of the method. */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** A problem met while ingesting a file that did not stop the ingest. */
export interface IngestProblem {
  readonly message: string;
  /** Byte offset or record index, when known. */
  readonly offset?: number;
  readonly recordIndex?: number;
}

/**
 * One input file that was ingested completely. A replay records it in the same
 * transaction as the points it produced, so "recorded" means "fully applied".
 */
export interface IngestedFile {
  /** What identifies the input: a URL or an archive-relative path such as `rrc00/2019.11/updates.20191116.1430.gz`. */
  readonly source: string;
  /** Kind of input, e.g. `rib`, `updates`, `csv`. */
  readonly kind: string;
  /** Size in bytes, when known. */
  readonly size: number | null;
  /** Content identity: `sha256:<hex>` or `etag:<value>`, when known. */
  readonly digest: string | null;
  /** Milliseconds since the Unix epoch (UTC) when the ingest committed. */
  readonly completedAt: number;
  /** Records read. */
  readonly records: number;
  /** Problems that were skipped and counted, not fatal. */
  readonly errors: readonly IngestProblem[];
}
