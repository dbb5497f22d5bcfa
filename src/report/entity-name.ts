/**
 * A human name for an entity id: the stored name when there is one, else the English
 * name of an ISO 3166 country code (`country/IR` → `Iran`), else the id itself.
 */
import type { EntityId } from "../model/signal.ts";

const REGIONS = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

/** The name to print for `entity`; `stored` wins when not null. */
export function entityName(entity: EntityId, stored: string | null = null): string {
  if (stored !== null && stored !== "") return stored;
  const match = /^country\/([A-Z]{2})$/.exec(entity);
  if (match?.[1] !== undefined) {
    try {
      const name = REGIONS.of(match[1]);
      // CLDR names ZZ "Unknown Region": no better than the id.
      return name === undefined || match[1] === "ZZ" ? entity : name;
    } catch (error: unknown) {
      if (error instanceof RangeError) return entity;
      throw error;
    }
  }
  return entity;
}
