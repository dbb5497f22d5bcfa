/**
 * The version of the IP-to-entity data the entity index is loaded from: the packages
 * and their versions. Part of every BGP method digest, so new geolocation data makes a
 * new method rather than silently changing the figures of an old one.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The data packages loadEntityIndex() reads. */
export const ENTITY_DATA_PACKAGES = ["@ip-location-db/geo-whois-asn-country", "@ip-location-db/asn", "geoip-lite"] as const;

/** `name@version` of each data package, joined by spaces. */
export function entityDataVersion(): string {
  return ENTITY_DATA_PACKAGES.map((name) => {
    const pkg = require(`${name}/package.json`) as { version?: unknown };
    return `${name}@${typeof pkg.version === "string" ? pkg.version : "unknown"}`;
  }).join(" ");
}
