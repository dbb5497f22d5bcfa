/**
 * A human name for an entity id: the stored name when there is one, else the English
 * name of an ISO 3166 country code (`country/IR` → `Iran`), or the place an import
 * wrote into the id (`region/IR/Khuzestan` → `Khuzestan, Iran`), else the id itself.
 */
import type { EntityId } from "../model/signal.ts";

const REGIONS = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

/** The name to print for `entity`; `stored` wins when not null. */
export function entityName(entity: EntityId, stored: string | null = null): string {
  if (stored !== null && stored !== "") return stored;
  const [kind, code, ...rest] = entity.split("/");
  const country = code === undefined ? undefined : countryName(code);
  if (kind === "country" && rest.length === 0) return country ?? entity;
  // Imports name places in the id itself: region/IR/Khuzestan → "Khuzestan, Iran".
  const place = rest.at(-1);
  if ((kind === "region" || kind === "county") && country !== undefined && place !== undefined && /[a-z]/.test(place)) {
    return `${[...rest].reverse().join(", ")}, ${country}`;
  }
  return entity;
}

function countryName(code: string): string | undefined {
  // CLDR names ZZ "Unknown Region": no better than the id.
  if (!/^[A-Z]{2}$/.test(code) || code === "ZZ") return undefined;
  try {
    return REGIONS.of(code);
  } catch (error: unknown) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
