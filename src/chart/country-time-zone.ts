/**
 * A country's time zone, for "local time" axes: the IANA zone of the country from
 * countries-and-timezones (the tz database's zone.tab), and, for the 31 countries the
 * database splits into several zones, the zone of the capital (a choice written out
 * here; country-time-zone.test.ts checks that each is one of the country's zones and
 * that no split country lacks one). A chart names the zone it uses, so a reader of a
 * multi-zone country knows which clock it is.
 */
import { getCountry } from "countries-and-timezones";

/** The capital's zone of each country with several zones. */
export const CAPITAL_ZONES: Readonly<Record<string, string>> = {
  AQ: "UTC", AR: "America/Argentina/Buenos_Aires", AU: "Australia/Sydney", BR: "America/Sao_Paulo", CA: "America/Toronto",
  CD: "Africa/Lagos", CL: "America/Santiago", CN: "Asia/Shanghai", CY: "Asia/Nicosia", DE: "Europe/Berlin", EC: "America/Guayaquil",
  ES: "Europe/Madrid", FM: "Pacific/Guadalcanal", GL: "America/Nuuk", ID: "Asia/Jakarta", KI: "Pacific/Tarawa", KZ: "Asia/Almaty",
  MH: "Pacific/Tarawa", MN: "Asia/Ulaanbaatar", MX: "America/Mexico_City", MY: "Asia/Singapore", NZ: "Pacific/Auckland",
  PF: "Pacific/Tahiti", PG: "Pacific/Port_Moresby", PS: "Asia/Hebron", PT: "Europe/Lisbon", RU: "Europe/Moscow",
  TF: "Indian/Maldives", UA: "Europe/Kyiv", UM: "Pacific/Pago_Pago", US: "America/New_York", UZ: "Asia/Tashkent", VN: "Asia/Ho_Chi_Minh",
};

/** The zone of ISO 3166-1 alpha-2 `code` (`IR` → `Asia/Tehran`), or undefined for an unknown code. */
export function countryTimeZone(code: string): string | undefined {
  const upper = code.toUpperCase();
  const capital = CAPITAL_ZONES[upper];
  if (capital !== undefined) return capital;
  return getCountry(upper)?.timezones[0];
}

/** The zone of an entity id's country (`country/IR`, `region/IR-09`, `region/IR/Fars`, `country-asn/IR/44244`); undefined for an AS. */
export function entityTimeZone(entity: string): string | undefined {
  const [kind, code = ""] = entity.split("/");
  if (kind === "asn" || kind === undefined) return undefined;
  return countryTimeZone(code.slice(0, 2));
}
