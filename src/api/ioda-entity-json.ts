/**
 * An entity as IODA serializes it (src/Entity/MetadataEntityNormalizer.php): `code`,
 * `name`, `type`, `subnames` (PHP's empty array `[]` when none; `asn` and the
 * country's name for a geoasn) and `attrs` (always an object; here `fqid`, which
 * holds the Nightlight entity id).
 */
import type { EntityId } from "../model/signal.ts";
import { entityName } from "../chart/entity-name.ts";
import { iodaEntityRef } from "../service/ioda-entity-ref.ts";
import type { Store } from "../store/store.ts";

/** IODA's JSON of one entity. */
export interface IodaEntityJson {
  readonly code: string;
  readonly name: string;
  readonly type: string;
  readonly subnames: Readonly<Record<string, string>> | readonly never[];
  readonly attrs: Readonly<Record<string, string>>;
}

/** The IODA JSON of entity `id`, named from the store when it has a name. */
export function iodaEntityJson(store: Store, id: EntityId): IodaEntityJson {
  const { type, code } = iodaEntityRef(id);
  const name = entityName(id, store.getEntity(id)?.name ?? null);
  let subnames: IodaEntityJson["subnames"] = [];
  if (type === "geoasn") {
    const [asn = "", cc = ""] = code.split("-");
    subnames = { asn: `AS${asn}`, country: entityName(`country/${cc}`, store.getEntity(`country/${cc}`)?.name ?? null) };
  }
  return { code, name: type === "asn" && name === id ? `AS${code}` : name, type, subnames, attrs: { fqid: id } };
}
