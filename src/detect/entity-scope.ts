/**
 * Which entity lies within which, read from entity identifiers alone:
 * `country/IR` ⊃ `region/IR-09`, `region/IR/Fars` ⊃ `county/IR/Fars/Shiraz`,
 * `country/IR` ⊃ `country-asn/IR/44244`. A bare `asn/N` belongs to no country.
 */
import type { EntityId } from "../model/signal.ts";

/** Nesting depth of each entity kind: a smaller number contains a larger one. */
const KIND_DEPTH: Readonly<Record<string, number>> = {
  country: 0,
  region: 1,
  "country-asn": 1,
  county: 2,
};

/** The kind of an entity (`country` for `country/IR`). */
export function entityKind(entity: EntityId): string {
  const slash = entity.indexOf("/");
  return slash < 0 ? entity : entity.slice(0, slash);
}

/** The code parts after the kind: `region/IR/Fars` → `["IR", "Fars"]`. */
function codeParts(entity: EntityId): string[] {
  return entity.split("/").slice(1);
}

/** The ISO 3166-1 code of the country an entity lies in, or undefined (`asn/N`). */
export function countryOf(entity: EntityId): string | undefined {
  if (!(entityKind(entity) in KIND_DEPTH)) return undefined;
  const first = codeParts(entity)[0];
  if (first === undefined || first === "") return undefined;
  return first.split("-")[0]?.toUpperCase();
}

/** The ASN of a `country-asn/CC/N` or `asn/N` entity, else undefined. */
export function asnOf(entity: EntityId): number | undefined {
  const kind = entityKind(entity);
  const parts = codeParts(entity);
  const text = kind === "asn" ? parts[0] : kind === "country-asn" ? parts[1] : undefined;
  const asn = text === undefined ? NaN : Number(text.replace(/^AS/i, ""));
  return Number.isInteger(asn) ? asn : undefined;
}

/** True when `inner` lies strictly within `outer` (a region of a country, a county of a region). */
export function isWithin(inner: EntityId, outer: EntityId): boolean {
  const di = KIND_DEPTH[entityKind(inner)];
  const dout = KIND_DEPTH[entityKind(outer)];
  if (di === undefined || dout === undefined || di <= dout) return false;
  const country = countryOf(outer);
  if (country === undefined || countryOf(inner) !== country) return false;
  if (entityKind(outer) === "country") return true;
  if (entityKind(outer) !== "region" || entityKind(inner) !== "county") return false;
  // region/IR/Fars ⊃ county/IR/Fars/…; region/IR-07 ⊃ county/IR-07/…
  const o = codeParts(outer);
  const i = codeParts(inner);
  return o.every((part, k) => i[k] === part);
}

/** The country entity (`country/IR`) an entity lies in, or undefined. */
export function countryEntityOf(entity: EntityId): EntityId | undefined {
  const country = countryOf(entity);
  return country === undefined || entityKind(entity) === "country" ? undefined : `country/${country}`;
}
