/**
 * IODA's names for signals → Nightlight's: API datasources (`bgp`, `ping-slash24`,
 * `merit-nt`, `gtr` + subtype) and the column titles of the dashboard's CSV export
 * (`BGP (#Visible /24s)`, `Active Probing (#/24s Up)`, …).
 */
import type { SignalName } from "../model/signal.ts";

/** IODA v2 datasource → Nightlight signal. `gtr` is handled with its subtype. */
export const IODA_DATASOURCES: Readonly<Record<string, SignalName>> = {
  bgp: "bgp",
  "ping-slash24": "probing",
  "merit-nt": "telescope",
  "ucsd-nt": "telescope",
  mozilla: "mozilla",
};

/** IODA dashboard CSV column title (lower case, before the parenthesis) → signal. */
const IODA_COLUMN_PREFIXES: readonly (readonly [string, SignalName])[] = [
  ["bgp", "bgp"],
  ["active probing", "probing"],
  ["telescope", "telescope"],
  ["darknet", "telescope"],
  ["mozilla", "mozilla"],
];

/** `WEB_SEARCH` or `Search` → `search`; `Google Maps` → `maps`. */
function kebab(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^web[_ ]/, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** The Nightlight signal of an IODA datasource and subtype (`gtr`, `WEB_SEARCH` → `google-search`). */
export function iodaSignalName(datasource: string, subtype = ""): SignalName {
  if (datasource === "gtr" || datasource === "gtr-norm") return `google-${kebab(subtype) || "all"}`;
  // Own keys only: `__proto__` or `constructor` must not find Object.prototype's.
  const known = Object.hasOwn(IODA_DATASOURCES, datasource) ? IODA_DATASOURCES[datasource] : undefined;
  if (known !== undefined) return subtype === "" ? known : `${known}-${kebab(subtype)}`;
  return `ioda-${kebab(`${datasource} ${subtype}`)}`;
}

/**
 * The Nightlight signal of a CSV column title: IODA's dashboard titles map to their
 * signals (`Google (Search)` → `google-search`); any other title is kebab-cased.
 */
export function columnSignalName(title: string): SignalName {
  const t = title.trim().toLowerCase();
  const google = /^google\s*\((.*)\)$/.exec(t);
  if (google !== null) return `google-${kebab(google[1] ?? "") || "all"}`;
  for (const [prefix, signal] of IODA_COLUMN_PREFIXES) {
    if (t === prefix || t.startsWith(`${prefix} (`) || t.startsWith(`${prefix}(`)) return signal;
  }
  return kebab(title);
}
