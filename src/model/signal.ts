/**
 * Signals: one value per entity per time bin. Types only.
 */

/** Entity kinds Nightlight measures. */
export type EntityKind = "country" | "region" | "asn" | "country-asn" | "county";

/**
 * An entity's stable identifier, `kind/code`: `country/IR`, `region/IR-09`
 * (ISO 3166-2), `asn/44244`, `country-asn/IR/44244`.
 */
export type EntityId = string;

/**
 * Signal names. Nightlight's own and imported ones share one namespace:
 * `bgp` (visible /24s, or /48s for `bgp6`), `probing` (/24s up), `telescope`
 * (unique source IPs), `traffic`, `google-search`, … Any other string is allowed for
 * imports.
 */
export type SignalName = string;

/** One value of one signal for one entity in one bin. `null` means no data, never zero. */
export interface SignalPoint {
  /** Start of the bin, milliseconds since the Unix epoch (UTC). */
  readonly time: number;
  readonly entity: EntityId;
  readonly signal: SignalName;
  readonly value: number | null;
}

/** A regular series: `values[i]` is the bin starting at `start + i * stepMs`. */
export interface SignalSeries {
  readonly entity: EntityId;
  readonly signal: SignalName;
  readonly start: number;
  readonly stepMs: number;
  readonly values: readonly (number | null)[];
  /** The source the values come from (the store's `source` row), when read from the store. */
  readonly source?: SeriesSource;
}

/** Which source a stored series was read from, and its native step. */
export interface SeriesSource {
  /** The ingest, e.g. `bgp:rrc00`, `import:iran.csv`. */
  readonly name: string;
  /** The method's digest, or an imported file's. */
  readonly digest: string;
  readonly kind: "observatory" | "import";
  /** The step the series is stored at, ms. */
  readonly nativeStepMs: number;
}
