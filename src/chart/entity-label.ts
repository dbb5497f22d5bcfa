/**
 * An entity's name as a chart or page shows it, in English or Persian: a country by
 * its ISO 3166-1 code through i18n-iso-countries (names from the Unicode CLDR, so
 * `IR` is "Iran" and "ایران"), anything else by the name the store holds, then the id.
 */
import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json" with { type: "json" };
import fa from "i18n-iso-countries/langs/fa.json" with { type: "json" };
import type { ChartLang } from "./chart-locale.ts";

countries.registerLocale(en);
countries.registerLocale(fa);

/** The name of `entity` in `lang`: the country's CLDR name, else `stored`, else the id's code. */
export function entityLabel(entity: string, stored: string | null, lang: ChartLang = "en"): string {
  const [kind, ...code] = entity.split("/");
  if (kind === "country" && code.length === 1) {
    const name = countries.getName(code[0] ?? "", lang, { select: lang === "en" ? "alias" : "official" });
    if (name !== undefined && (lang === "fa" || stored === null)) return name;
  }
  if (stored !== null && stored !== "") return stored;
  if (kind === "asn") return `AS${code[0] ?? ""}`;
  if (kind === "country-asn") return `AS${code[1] ?? ""} (${code[0] ?? ""})`;
  // An import's place names (region/IR/Fars, county/IR/Fars/Shiraz): the places, without the country.
  return (code.length > 1 && /^[A-Z]{2}$/.test(code[0] ?? "") ? code.slice(1) : code).join(" / ");
}
