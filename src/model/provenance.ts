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
  /** The source's name (the ingest). */
  readonly source: string;
  /** The source's method digest, when read from the store. */
  readonly digest?: string;
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

/**
 * Where one bin of an observatory source came from: stored with the bin, shown with
 * every figure made from it.
 */
export interface BinProvenance {
  /** Collectors (or probers) with data in this bin. */
  readonly collectors?: readonly string[];
  /** Full-feed peers that made visibility, per address family. */
  readonly fullFeedPeers?: { readonly v4: number; readonly v6: number };
  /** Input files read for this bin (since the previous bin). */
  readonly files?: readonly string[];
  /** Problems met: missing or damaged files, skipped records. */
  readonly problems?: readonly string[];
  /** Version of the IP-to-entity data (also part of the method digest). */
  readonly entityData?: string;
  /** Any other facts a source records. */
  readonly [key: string]: unknown;
}

/** A source of series: an ingest (collectors, an imported file, a prober) and its method. */
export interface SourceInfo {
  readonly id: number;
  /** The ingest, e.g. `bgp:rrc00+route-views2`, `import:iran.csv`. */
  readonly name: string;
  /** The method's digest (`method:<hex>`), or an imported file's content digest (`sha256:<hex>`). */
  readonly digest: string;
  /** `observatory`: computed by Nightlight; `import`: measured elsewhere. */
  readonly kind: "observatory" | "import";
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** What the bins of a series in a window were made from, summed up for a reader. */
export interface BinsProvenance {
  /** Bins with a record in the window. */
  readonly bins: number;
  readonly collectors: readonly string[];
  /** Fewest and most full-feed peers in a bin, per family; null when no bin says. */
  readonly fullFeedPeers: { readonly v4: readonly [number, number]; readonly v6: readonly [number, number] } | null;
  /** Input files read. */
  readonly files: number;
  /** Problems met, each once, with how many bins met it. */
  readonly problems: readonly { readonly message: string; readonly bins: number }[];
  readonly entityData: readonly string[];
}
