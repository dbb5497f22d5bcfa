/**
 * What the charts of one entity and window are drawn from, as `/v1/charts/{entity}`
 * serves it: each signal of the entity with its baseline and levels on the same bins,
 * where it came from, and the events detection found. The dashboard draws its charts
 * from it and `/charts/….png` rasterises the same drawing. Types only.
 */
import type { OutageVerdictName } from "./outage-verdict.ts";
import type { OutageEvent } from "./outage-event.ts";
import type { BinsProvenance } from "./provenance.ts";
import type { EntityId, SignalName } from "./signal.ts";

/** One signal of the entity over the window, bins starting at `start`, `stepMs` apart. */
export interface EntityChartSignal {
  readonly signal: SignalName;
  /** The source the values were read from: the ingest, its method digest, observatory or import. */
  readonly source: { readonly name: string; readonly digest: string; readonly kind: "observatory" | "import" };
  /** How that source computes the signal, one line per method: `bgp:rrc00 (visible /24s: …)`. */
  readonly sources: readonly string[];
  /** How the baseline and levels were computed; null when there is none. */
  readonly method: string | null;
  /** What the window's bins were made from (observatory sources); null for imports. */
  readonly bins: BinsProvenance | null;
  /** ISO 8601 UTC. */
  readonly start: string;
  readonly stepMs: number;
  /** `null`: no data, never zero. */
  readonly values: readonly (number | null)[];
  readonly baseline: readonly (number | null)[] | null;
  readonly warning: readonly (number | null)[] | null;
  readonly critical: readonly (number | null)[] | null;
}

/** The charts' data of one entity and window. */
export interface EntityChartData {
  readonly entity: EntityId;
  readonly name: string | null;
  /** The window, ISO 8601 UTC, `until` exclusive. */
  readonly from: string;
  readonly until: string;
  readonly verdict: OutageVerdictName;
  /** The verdict in words, with the figures. */
  readonly summary: string;
  readonly signals: readonly EntityChartSignal[];
  readonly events: readonly OutageEvent[];
  /** Names of the entities in the events' timelines (regions, networks). */
  readonly names: Readonly<Record<EntityId, string | null>>;
}
