/**
 * Loads the entity index from data shipped in npm packages:
 * - country: `@ip-location-db/geo-whois-asn-country` (CC0-1.0; NRO data, CC BY 4.0),
 * - ASN and AS names: `@ip-location-db/asn` (CC BY 4.0: RouteViews, DB-IP, NRO),
 * - region: `geoip-lite` 1.4.x data files (GeoLite2 by MaxMind, GeoLite2 EULA / CC BY-SA 4.0).
 * See docs/data-licences.md.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Family } from "../model/bgp-elem.ts";
import { cleanOrgName } from "./clean-org-name.ts";
import { EntityIndex } from "./entity-index.ts";
import type { FamilyTables } from "./entity-index.ts";
import { readGeoipLiteRegions } from "./read-geoip-lite-regions.ts";
import { readRangeCsv } from "./read-range-csv.ts";

/** Options of loadEntityIndex(). */
export interface LoadEntityIndexOptions {
  /** Load regions from geoip-lite (about 140 MB of files to read). Default true. */
  readonly regions?: boolean;
}

const require = createRequire(import.meta.url);

/** The folder of an installed package. */
function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/**
 * Reads the packaged data into an EntityIndex. Synchronous work behind a promise, so
 * that a later version can read in a worker without changing callers.
 */
export async function loadEntityIndex(options: LoadEntityIndexOptions = {}): Promise<EntityIndex> {
  const countryDir = packageDir("@ip-location-db/geo-whois-asn-country");
  const asnDir = packageDir("@ip-location-db/asn");
  const countryCodes: string[] = [];
  const countryIndex = new Map<string, number>();
  const country = (fields: readonly string[]): number | null => {
    const code = fields[2] ?? "";
    if (!/^[A-Z]{2}$/.test(code)) return null;
    let i = countryIndex.get(code);
    if (i === undefined) {
      i = countryCodes.push(code) - 1;
      countryIndex.set(code, i);
    }
    return i;
  };
  const asnNames = new Map<number, string>();
  const asn = (fields: readonly string[]): number | null => {
    const number = Number(fields[2]);
    if (!Number.isSafeInteger(number) || number <= 0) return null; // AS0 marks unrouted space (RFC 7607)
    if (!asnNames.has(number) && fields[3] !== undefined) {
      const name = cleanOrgName(fields[3]);
      if (name !== "") asnNames.set(number, name);
    }
    return number;
  };
  const regions = options.regions ?? true ? readGeoipLiteRegions(join(packageDir("geoip-lite"), "data")) : null;
  const family = (f: Family): FamilyTables => ({
    country: readRangeCsv(join(countryDir, f === 4 ? "geo-whois-asn-country-ipv4-num.csv" : "geo-whois-asn-country-ipv6.csv"), f, country),
    asn: readRangeCsv(join(asnDir, f === 4 ? "asn-ipv4-num.csv" : "asn-ipv6.csv"), f, asn),
    region: regions === null ? null : f === 4 ? regions.v4 : regions.v6,
  });
  return new EntityIndex({ v4: family(4), v6: family(6), countryCodes, regionCodes: regions?.codes ?? [], asnNames });
}
