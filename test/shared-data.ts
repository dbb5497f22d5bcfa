/**
 * Where the shared test data lives (../shared/data beside the checkout), and a skip
 * message for machines without it (a user's clone).
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, from this file's place in src/ or dist/. */
export const REPO_ROOT = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return dir;
})();

/** ../shared/data relative to the repository root. */
export const SHARED_DATA = resolve(REPO_ROOT, "..", "shared", "data");

/** A skip reason when ../shared/data is absent, else undefined. */
export function sharedDataMissing(): string | undefined {
  return existsSync(SHARED_DATA) ? undefined : `../shared/data absent (${SHARED_DATA}): real-data tests skipped`;
}

/** Path of a file under ../shared/data. */
export function shared(...parts: string[]): string {
  return join(SHARED_DATA, ...parts);
}
