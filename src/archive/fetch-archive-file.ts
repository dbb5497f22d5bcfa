/**
 * Fetches one archive file from a local folder or an http(s) base URL, with retries
 * and an on-disk cache. A file that the archive does not have is a result, not an
 * error: a gap in a time range is reported and the replay goes on.
 */
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { SourceError } from "../model/errors.ts";
import { archiveCachePath } from "./archive-cache-path.ts";
import { httpGet } from "../mrt/http-get.ts";
import type { HttpResponse } from "../mrt/http-get.ts";

/** Options of fetchArchiveFile(). */
export interface FetchArchiveOptions {
  /** Where downloads are kept, as `<cacheDir>/<host>/<relPath>`. Required for http(s). */
  readonly cacheDir?: string;
  /** Further attempts after the first on a network error, 5xx or 429. Default 3. */
  readonly retries?: number;
  /** First back-off delay; doubles per attempt. Default 1000 ms. */
  readonly baseDelayMs?: number;
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

/** A request failure as text, with Node's code: `connect ECONNREFUSED 127.0.0.1:9`, `aborted (ECONNRESET)`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = "code" in error && typeof error.code === "string" ? error.code : "";
  return code === "" || error.message.includes(code) ? error.message : `${error.message} (${code})`;
}

function fromFolder(base: string, relPath: string): ArchiveFetchResult {
  const root = base.startsWith("file:") ? fileURLToPath(base) : base;
  const path = resolve(root, relPath);
  if (!existsSync(path)) return { status: "missing", source: path };
  return { status: "ok", path, size: statSync(path).size, source: path, fromCache: false, etag: null };
}

/** Whether process `pid` still runs (signal 0 checks without sending; EPERM: it runs as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return (error as { code?: unknown }).code === "EPERM";
  }
}

/**
 * Removes `<target>.<pid>.<ms>.part` files left by processes that died mid-download (a
 * crash, a kill): nothing else would ever delete them. A live process's file is kept.
 */
function removeStaleParts(target: string): void {
  const dir = dirname(target);
  const prefix = `${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no folder yet: nothing stale
  }
  for (const name of names) {
    const match = /^(\d+)\.\d+\.part$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : "");
    if (match === null || isRunning(Number(match[1]))) continue;
    try {
      rmSync(join(dir, name), { force: true });
    } catch {
      // Best effort: a leftover we may not delete does not stop this download.
    }
  }
}

/** Turns a response that is not a 2xx into a result or an error, after dropping its body. */
function settle(url: string, response: HttpResponse): ArchiveFileMissing {
  response.body.destroy();
  if (response.status === 404 || response.status === 410) return { status: "missing", source: url };
  const status = `HTTP ${response.status}${response.statusText === "" ? "" : ` ${response.statusText}`}`;
  if (response.status >= 500 || response.status === 429) throw new Retryable(status);
  throw new SourceError(url, status);
}

/** One download attempt into `target` via a temp file renamed into place. */
async function download(url: string, target: string): Promise<ArchiveFetchResult> {
  let response: HttpResponse;
  try {
    // node:http, not the global fetch: see ../mrt/http-get.ts (Node 24's undici crashes).
    response = await httpGet(url);
  } catch (error: unknown) {
    throw new Retryable(describe(error), { cause: error });
  }
  if (response.status < 200 || response.status > 299) return settle(url, response);
  const temp = `${target}.${process.pid}.${Date.now()}.part`;
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (error: unknown) {
    response.body.destroy();
    throw error; // a cache folder we cannot make is no network trouble: no retry
  }
  removeStaleParts(target);
  try {
    await pipeline(response.body, createWriteStream(temp));
    const size = statSync(temp).size;
    const declared = response.header("content-length");
    if (declared !== null && Number(declared) !== size) {
      throw new Retryable(`received ${size} of ${declared} bytes`);
    }
    // rename() is atomic on one file system: readers see no file or a whole one.
    renameSync(temp, target);
    return { status: "ok", path: target, size, source: url, fromCache: false, etag: response.header("etag") };
  } catch (error: unknown) {
    // Every failure after the request, whatever it is, leaves no partial file behind.
    response.body.destroy();
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
  const target = archiveCachePath(options.cacheDir, base, relPath);
  if (existsSync(target)) {
    return { status: "ok", path: target, size: statSync(target).size, source: url, fromCache: true, etag: null };
  }
  const retries = options.retries ?? 3;
  const baseDelay = options.baseDelayMs ?? 1000;
  let last = "";
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) {
      options.onRetry?.(attempt, last);
      await sleep(baseDelay * 2 ** (attempt - 1));
    }
    try {
      return await download(url, target);
    } catch (error: unknown) {
      if (!(error instanceof Retryable)) throw error;
      last = error.message;
    }
  }
  throw new SourceError(url, `unreachable after ${retries + 1} attempts (last: ${last}); check the network or pass a local archive folder`);
}
