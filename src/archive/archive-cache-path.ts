/**
 * Where a downloaded archive file is kept: `<cacheDir>/<host>/<path>`, the host with `_`
 * for its port's colon (`127.0.0.1_8080`), so that two archives never share a file and a
 * file is found again by its URL.
 */
import { join } from "node:path";

/** The cache file of `relPath` under the http(s) archive `base`. */
export function archiveCachePath(cacheDir: string, base: string, relPath: string): string {
  const url = new URL(relPath, base.endsWith("/") ? base : `${base}/`);
  return join(cacheDir, url.host.replace(":", "_"), ...relPath.split("/"));
}
