/**
 * Nightlight entity ids ↔ IODA's (entityType, entityCode). IODA's types are
 * `country`, `region`, `county`, `asn` and `geoasn`, whose code is `ASN-GEOCODE`
 * (InetIntel/ioda-api src/Repository/EntitiesRepository.php splits it on `-`).
 * Region codes stay Nightlight's: ISO 3166-2 (`IR-09`) or an import's place name
 * (`IR/Fars`), not IODA's numeric NetAcuity ids.
 */
import type { EntityId } from "../model/signal.ts";

/** An entity as IODA names it. */
export interface IodaEntityRef {
  readonly type: string;
  readonly code: string;
}

/** IODA's type and code of a Nightlight entity id. */
export function iodaEntityRef(id: EntityId): IodaEntityRef {
  const slash = id.indexOf("/");
  const kind = slash < 0 ? id : id.slice(0, slash);
  const code = slash < 0 ? "" : id.slice(slash + 1);
  if (kind === "country-asn") {
    const [cc = "", asn = ""] = code.split("/");
    return { type: "geoasn", code: `${asn}-${cc}` };
  }
  return { type: kind, code };
}

/** The Nightlight entity id of an IODA type and code, or undefined for a type Nightlight has no entities of. */
export function entityIdOf(type: string, code: string): EntityId | undefined {
  if (type === "geoasn") {
    const m = /^(\d+)-([A-Za-z]{2})$/.exec(code);
    return m === null ? undefined : `country-asn/${(m[2] ?? "").toUpperCase()}/${m[1] ?? ""}`;
  }
  if (!["country", "region", "county", "asn"].includes(type) || code === "") return undefined;
  return `${type}/${type === "country" ? code.toUpperCase() : code}`;
}
