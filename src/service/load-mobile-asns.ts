/**
 * The mobile networks that "mobile-first" is decided on (docs/detection.md, "Kinds"):
 * data/mobile-asns.json of the package unless a file is named. Loaded in one place so
 * that `detect` and `report` classify the same events the same way.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SourceError } from "../model/errors.ts";

/** The repository (or package) root: the nearest folder above this file with a package.json. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * The mobile ASNs of every country in `file` (a mobile-asns.json); without a file, those
 * of the packaged data/mobile-asns.json, or none if it is absent.
 */
export function loadMobileAsns(file?: string): Set<number> {
  const path = file ?? join(packageRoot(), "data", "mobile-asns.json");
  if (file === undefined && !existsSync(path)) return new Set<number>();
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error: unknown) {
    throw new SourceError(path, error instanceof Error ? error.message : String(error), { cause: error });
  }
  const asns = new Set<number>();
  const countries = (json as { countries?: Record<string, { asn?: unknown }[]> }).countries ?? {};
  for (const list of Object.values(countries)) for (const n of list) if (typeof n.asn === "number") asns.add(n.asn);
  return asns;
}
