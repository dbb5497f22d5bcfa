/**
 * A human name for an entity id, in English or Persian: the stored name when there is
 * one (in Persian, a country's CLDR name comes first: the stored names are English),
 * else the name of an ISO 3166 country code from the Unicode CLDR through Intl
 * (`country/IR` → `Iran`, `ایران`), or the place an import wrote into the id
 * (`region/IR/Khuzestan` → `Khuzestan, Iran`), else the id itself.
 */
import type { EntityId } from "../model/signal.ts";
import type { ChartLang } from "./chart-locale.ts";

const REGIONS = new Map<ChartLang, Intl.DisplayNames>();

/** The name to print for `entity` in `lang` (default English); `stored` wins when not null, except over a Persian country name. */
export function entityName(entity: EntityId, stored: string | null = null, lang: ChartLang = "en"): string {
  const [kind, code, ...rest] = entity.split("/");
  const country = code === undefined ? undefined : countryName(code, lang);
  if (lang !== "en" && kind === "country" && rest.length === 0 && country !== undefined) return country;
  if (stored !== null && stored !== "") return stored;
  if (kind === "country" && rest.length === 0) return country ?? entity;
  // Imports name places in the id itself: region/IR/Khuzestan → "Khuzestan, Iran".
  const place = rest.at(-1);
  if ((kind === "region" || kind === "county") && country !== undefined && place !== undefined && /[a-z]/.test(place)) {
    return `${[...rest].reverse().join(", ")}${lang === "fa" ? "، " : ", "}${country}`;
  }
  return entity;
}

function countryName(code: string, lang: ChartLang): string | undefined {
  // CLDR names ZZ "Unknown Region": no better than the id.
  if (!/^[A-Z]{2}$/.test(code) || code === "ZZ") return undefined;
  let names = REGIONS.get(lang);
  if (names === undefined) REGIONS.set(lang, (names = new Intl.DisplayNames([lang], { type: "region", fallback: "none" })));
  try {
    return names.of(code);
  } catch (error: unknown) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
