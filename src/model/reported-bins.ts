/**
 * Bins a separate process measured and reports to an observatory (a prober at a
 * vantage point, an inside probe): what `POST /v1/ingest/bins` takes and what a local
 * `--db` stores, in one shape. The observatory derives the source's digest from the
 * parameters itself. Types only.
 */
import type { Entity } from "./entity.ts";
import type { BinProvenance } from "./provenance.ts";
import type { EntityId, SignalName } from "./signal.ts";

/** One value of a reported bin. */
export interface ReportedValue {
  readonly entity: EntityId;
  readonly signal: SignalName;
  /** null: no data for this entity in this bin. */
  readonly value: number | null;
}

/** One reported bin. */
export interface ReportedBin {
  /** Bin start, ms UTC, a multiple of stepMs. */
  readonly time: number;
  readonly stepMs: number;
  readonly values: readonly ReportedValue[];
  readonly provenance: BinProvenance;
}

/** A report: the source (ingest name, method parameters, method text per signal), entities named in it, bins. */
export interface ReportedBins {
  readonly source: {
    /** `probing:VANTAGE` or `inside:PROBE`. */
    readonly name: string;
    readonly parameters: Readonly<Record<string, unknown>>;
    readonly methods: Readonly<Record<SignalName, string>>;
  };
  /** Names and parents of the entities the bins mention (optional; kept when already known). */
  readonly entities?: readonly Entity[];
  readonly bins: readonly ReportedBin[];
}
