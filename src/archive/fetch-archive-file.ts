/**
 * Fetches one archive file from a local folder or an http(s) base URL, with retries
 * and an on-disk cache. A file that the archive does not have is a result, not an
 * error: a gap in a time range is reported and the replay goes on.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { SourceError } from "../model/errors.ts";

/** Options of fetchArchiveFile(). */
export interface FetchArchiveOptions {
  /** Where downloads are kept, as `<cacheDir>/<host>/<relPath>`. Required for http(s). */
  readonly cacheDir?: string;
  /** Further attempts after the first on a network error, 5xx or 429. Default 3. */
  readonly retries?: number;
  /** First back-off delay; doubles per attempt. Default 1000 ms. */
  readonly baseDelayMs?: number;
  /** Injected for tests. Default globalThis.fetch. */
  readonly fetch?: typeof fetch;
  /** Called before each retry, e.g. to log it. */
  readonly onRetry?: (attempt: number, reason: string) => void;
}

/** The file is available locally. */
export interface ArchiveFileFound {
  readonly status: "ok";
  /** Local path to read (the folder's file, or the cached download). */
  readonly path: string;
  readonly size: number;
  /** The URL or path it came from. */
  readonly source: string;
  readonly fromCache: boolean;
  /** The server's ETag, when downloaded now. */
  readonly etag: string | null;
}

/** The archive does not have the file (HTTP 404/410, or no such local file). */
export interface ArchiveFileMissing {
  readonly status: "missing";
  readonly source: string;
}

/** What fetchArchiveFile() resolves to. */
export type ArchiveFetchResult = ArchiveFileFound | ArchiveFileMissing;

/** A failure worth another attempt. */
class Retryable extends Error {
  override readonly name = "Retryable";
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** The cause chain of a fetch() failure as text: `fetch failed (ECONNREFUSED 127.0.0.1:9)`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  const code = cause instanceof Error && "code" in cause ? String(cause.code) : "";
  const detail = cause instanceof Error ? `${code === "" ? "" : `${code} `}${cause.message}` : "";
  return detail === "" ? error.message : `${error.message} (${detail})`;
}

function fromFolder(base: string, relPath: string): ArchiveFetchResult {
  const root = base.startsWith("file:") ? fileURLToPath(base) : base;
  const path = resolve(root, relPath);
  if (!existsSync(path)) return { status: "missing", source: path };
  return { status: "ok", path, size: statSync(path).size, source: path, fromCache: false, etag: null };
}

/** One download attempt into `target` via a temp file renamed into place. */
async function download(url: string, target: string, doFetch: typeof fetch): Promise<ArchiveFetchResult> {
  let response: Response;
  try {
    response = await doFetch(url, { redirect: "follow" });
  } catch (error: unknown) {
    throw new Retryable(describe(error), { cause: error });
  }
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    return { status: "missing", source: url };
  }
  if (response.status >= 500 || response.status === 429) {
    await response.body?.cancel();
    throw new Retryable(`HTTP ${response.status} ${response.statusText}`);
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    throw new SourceError(url, `HTTP ${response.status} ${response.statusText}`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${Date.now()}.part`;
  try {
    await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), createWriteStream(temp));
    const size = statSync(temp).size;
    const declared = response.headers.get("content-length");
    if (declared !== null && Number(declared) !== size && response.headers.get("content-encoding") === null) {
      throw new Retryable(`received ${size} of ${declared} bytes`);
    }
    // rename() is atomic on one file system: readers see no file or a whole one.
    renameSync(temp, target);
    return { status: "ok", path: target, size, source: url, fromCache: false, etag: response.headers.get("etag") };
  } catch (error: unknown) {
    rmSync(temp, { force: true });
    if (error instanceof Retryable) throw error;
    throw new Retryable(`download interrupted: ${describe(error)}`, { cause: error });
  }
}

/**
 * Gets `relPath` (e.g. `rrc00/2019.11/updates.20191116.1430.gz`) from `base`: a local
 * folder or `file:` URL is read in place; an http(s) URL is downloaded once into the
 * cache. Retries network errors, 5xx and 429 with exponential back-off; resolves to
 * `{ status: "missing" }` on 404/410; throws SourceError naming the URL when the
 * server stays unreachable or answers another error.
 */
export async function fetchArchiveFile(base: string, relPath: string, options: FetchArchiveOptions = {}): Promise<ArchiveFetchResult> {
  if (relPath.split("/").includes("..")) throw new TypeError(`Cannot fetch ${relPath}: the path leaves the archive`);
  if (!/^https?:\/\//.test(base)) return fromFolder(base, relPath);
  const url = new URL(relPath, base.endsWith("/") ? base : `${base}/`).href;
  if (options.cacheDir === undefined) throw new TypeError(`Cannot fetch ${url}: a cacheDir is needed for http(s) archives`);
  const target = join(options.cacheDir, new URL(url).host.replace(":", "_"), ...relPath.split("/"));
  if (existsSync(target)) {
    return { status: "ok", path: target, size: statSync(target).size, source: url, fromCache: true, etag: null };
  }
  const retries = options.retries ?? 3;
  const baseDelay = options.baseDelayMs ?? 1000;
  const doFetch = options.fetch ?? globalThis.fetch;
  let last = "";
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) {
      options.onRetry?.(attempt, last);
      await sleep(baseDelay * 2 ** (attempt - 1));
    }
    try {
      return await download(url, target, doFetch);
    } catch (error: unknown) {
      if (!(error instanceof Retryable)) throw error;
      last = error.message;
    }
  }
  throw new SourceError(url, `unreachable after ${retries + 1} attempts (last: ${last}); check the network or pass a local archive folder`);
}
