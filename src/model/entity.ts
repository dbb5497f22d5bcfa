/**
 * Entities as Nightlight names and stores them. Types only.
 */
import type { EntityId, EntityKind } from "./signal.ts";

/** One measured entity: a country, a region, an AS, or an AS within a country. */
export interface Entity {
  /** `kind/code`, e.g. `country/IR`, `region/IR-09`, `asn/44244`, `country-asn/IR/44244`. */
  readonly id: EntityId;
  readonly kind: EntityKind;
  /** Human name (`Iran`, `Razavi Khorasan`, `Rightel Communication Service Company PJS`); null when no source names it. */
  readonly name: string | null;
  /** The enclosing entity (`country/IR` for `region/IR-09`), or null. */
  readonly parent: EntityId | null;
}
