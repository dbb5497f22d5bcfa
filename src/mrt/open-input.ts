/**
 * Opens an MRT input (file, `-` for stdin, or http(s) URL) as a stream of decompressed
 * bytes, recognising gzip and bzip2 from the first bytes.
 */
import { accessSync, constants, createReadStream } from "node:fs";
import type { ReadStream } from "node:fs";
import { delimiter, join } from "node:path";
import { addAbortSignal, Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { SourceError } from "../model/errors.ts";
import { CompressedStreamError } from "./compressed-stream-error.ts";
import { decodeBzip2 } from "./decode-bzip2.ts";
import { COMPRESSION_MAGIC_BYTES, detectCompression } from "./detect-compression.ts";
import type { Compression } from "./detect-compression.ts";
import { httpGet } from "./http-get.ts";
import type { HttpResponse } from "./http-get.ts";
import { DecompressorFailure, runDecompressor } from "./run-decompressor.ts";

/** How bzip2 is decompressed: `auto` picks the best available (see {@link openInput}). */
export type Bzip2Choice = "auto" | "lbzip2" | "bzip2" | "js";

/** What actually decompresses an input. */
export type Decoder = "none" | "zlib" | "lbzip2" | "bzip2" | "js";

/** Options of {@link openInput}. */
export interface OpenInputOptions {
  /** Aborting stops reading, kills any child process and closes the file. */
  readonly signal?: AbortSignal;
  /** What `-` reads (default `process.stdin`); tests inject a stream here. */
  readonly stdin?: AsyncIterable<Uint8Array | string>;
  /** bzip2 decoder; overrides the environment variable `NIGHTLIGHT_BZIP2`. */
  readonly bzip2?: Bzip2Choice;
}

/**
 * A source opened by {@link openInput}: iterate it once for the decompressed bytes.
 * Iterating to the end, breaking out, or calling `close()` releases the file, the
 * connection and any child process.
 */
export interface MrtInput extends AsyncIterable<Uint8Array> {
  /** The source as given: a path, a URL, or `-` for standard input. */
  readonly name: string;
  /** Compression recognised from the first bytes. */
  readonly compression: Compression;
  /** What decompresses it. */
  readonly decoder: Decoder;
  /** Releases everything without reading further (needed only if never iterated). */
  close(): Promise<void>;
}

/** Bytes read per file read: large reads keep system-call overhead out of the profile. */
const FILE_CHUNK = 256 * 1024;
/** zlib output chunk size: fewer, larger chunks for the record reader. */
const GUNZIP_CHUNK = 128 * 1024;
const BZIP2_CHOICES: readonly Bzip2Choice[] = ["auto", "lbzip2", "bzip2", "js"];

/** The raw (still compressed) bytes of a source. */
interface RawSource {
  readonly chunks: AsyncIterator<Uint8Array>;
  /** Opens the same source again from its start; only files can. */
  readonly reopen?: () => Promise<AsyncIterable<Uint8Array>>;
  /** Stops reading; resolves once every file it opened is closed. */
  readonly close: () => Promise<void>;
}

/**
 * Opens `source` for streaming: a file path, `-` (standard input, or `options.stdin`),
 * or an `http://` / `https://` URL fetched with {@link httpGet} (`node:http`). Resolves once the
 * first bytes are read and the compression is known; rejects with `SourceError` for a
 * missing file, a failed request or a non-2xx status.
 *
 * The iterator yields decompressed chunks with backpressure (constant memory). gzip:
 * Node's zlib, all concatenated members. bzip2, chosen by `options.bzip2`, else the
 * environment variable `NIGHTLIGHT_BZIP2=auto|lbzip2|bzip2|js`, else `auto`:
 * - `lbzip2 -dc` / `bzip2 -dc` child processes decompress on another core;
 * - `js` is our own streaming decoder ({@link decodeBzip2}), about 20 MB/s.
 * `auto` prefers `lbzip2` (about 2.5× faster than `bzip2` on 2 cores) for files and
 * `bzip2` for stdin and URLs, then falls back to the other, then to `js`. The reason
 * is damaged input: on a truncated stream `bzip2` loses only the tail (< 5000 bytes) of
 * the last complete block, while `lbzip2` drops whole blocks (1.7 MB of 15.3 MB on
 * `pyasn_rib.20140523.0600_firstMB.bz2`); and when a tool fails on a file, the file is
 * read again with the `js` decoder, which yields the rest of every complete block.
 *
 * Damaged compressed data: every byte that can be decompressed is yielded first, then
 * the iterator throws {@link CompressedStreamError}: `offset` counts the good bytes,
 * `delivered` the bytes yielded. They differ only for a corrupt (not truncated) bzip2
 * block decompressed by a tool: `bzip2` and `lbzip2` write a block before they check its
 * CRC, so up to one block of unverified bytes may precede the error. The `js` decoder
 * checks each block's CRC before yielding it.
 */
export async function openInput(source: string, options: OpenInputOptions = {}): Promise<MrtInput> {
  const outer = options.signal;
  outer?.throwIfAborted();
  const bzip2 = bzip2Choice(options);
  // One controller for everything we hold: aborted by the caller's signal or on close.
  const control = new AbortController();
  const forward = (): void => control.abort(outer?.reason);
  outer?.addEventListener("abort", forward, { once: true });
  const release = (): void => {
    outer?.removeEventListener("abort", forward);
    if (!control.signal.aborted) control.abort();
  };
  let raw: RawSource | undefined;
  try {
    raw = await openRaw(source, options, control.signal);
    const { head, done } = await readHead(raw.chunks);
    const compression = detectCompression(head);
    const decoder = pickDecoder(compression, bzip2, raw.reopen !== undefined);
    const rest = restOf(head, done, raw.chunks);
    const opened = raw;
    let used = false;
    return {
      name: source,
      compression,
      decoder,
      close: async () => {
        release();
        await opened.close();
      },
      [Symbol.asyncIterator]() {
        if (used) throw new TypeError(`${source} was already read: open it again to read it twice`);
        used = true;
        return decompress({ name: source, rest, raw: opened, decoder, signal: control.signal, outer, release });
      },
    };
  } catch (error: unknown) {
    release();
    await raw?.close().catch(() => undefined);
    if (outer?.aborted === true) throw outer.reason;
    throw error;
  }
}

function bzip2Choice(options: OpenInputOptions): Bzip2Choice {
  const value = options.bzip2 ?? process.env["NIGHTLIGHT_BZIP2"] ?? "auto";
  const choice = BZIP2_CHOICES.find((c) => c === value);
  if (choice === undefined) {
    const where = options.bzip2 === undefined ? "NIGHTLIGHT_BZIP2" : "options.bzip2";
    throw new TypeError(`${where} must be one of ${BZIP2_CHOICES.join(", ")}; got '${value}'`);
  }
  return choice;
}

const onPath = new Map<string, boolean>();

/** Whether `command` is an executable in a PATH directory (cached per process). */
function isOnPath(command: string): boolean {
  let found = onPath.get(command);
  if (found === undefined) {
    found = (process.env["PATH"] ?? "").split(delimiter).some((dir) => {
      try {
        accessSync(join(dir, command), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    onPath.set(command, found);
  }
  return found;
}

function pickDecoder(compression: Compression, choice: Bzip2Choice, isFile: boolean): Decoder {
  if (compression === "none") return "none";
  if (compression === "gzip") return "zlib";
  if (choice !== "auto") return choice;
  const order: readonly Decoder[] = isFile ? ["lbzip2", "bzip2"] : ["bzip2", "lbzip2"];
  return order.find((tool) => isOnPath(tool)) ?? "js";
}

async function openRaw(source: string, options: OpenInputOptions, signal: AbortSignal): Promise<RawSource> {
  if (source === "-") {
    const stdin = options.stdin ?? process.stdin;
    if (stdin instanceof Readable) addAbortSignal(signal, stdin);
    const chunks = readChunks(stdin, source, signal);
    return { chunks, close: async () => void (await chunks.return()) };
  }
  if (/^https?:\/\//i.test(source)) return fetchRaw(source, signal);
  const streams: ReadStream[] = [];
  const open = async (): Promise<AsyncIterable<Uint8Array>> => {
    const stream = createReadStream(source, { highWaterMark: FILE_CHUNK, signal });
    streams.push(stream);
    // Surface a missing file or a directory now, as a rejected open, not mid-iteration.
    await new Promise<void>((resolve, reject) => {
      stream.once("ready", resolve);
      stream.once("error", reject);
    }).catch((error: unknown) => {
      stream.destroy();
      throw new SourceError(source, reasonOf(error), { cause: error });
    });
    return readChunks(stream, source, signal);
  };
  const chunks = (await open())[Symbol.asyncIterator]();
  const close = async (): Promise<void> => {
    await chunks.return?.();
    await Promise.all(streams.map(closeStream));
  };
  return { chunks, reopen: open, close };
}

async function fetchRaw(url: string, signal: AbortSignal): Promise<RawSource> {
  let response: HttpResponse;
  try {
    // node:http, not the global fetch: see http-get.ts (Node 24's bundled undici crashes).
    response = await httpGet(url, { signal });
  } catch (error: unknown) {
    if (signal.aborted) throw error;
    throw new SourceError(url, `request failed: ${reasonOf(error)}`, { cause: error });
  }
  if (response.status < 200 || response.status > 299) {
    response.body.destroy();
    throw new SourceError(url, `HTTP ${response.status}${response.statusText === "" ? "" : ` ${response.statusText}`}`);
  }
  // The request's signal ends the exchange, but the body must also fail, not just end.
  addAbortSignal(signal, response.body);
  const chunks = readChunks(response.body, url, signal);
  return {
    chunks,
    close: async () => {
      await chunks.return();
      // An iterator never started does not destroy its stream: drop the connection here.
      response.body.destroy();
    },
  };
}

/** Destroys a file stream and resolves once its descriptor is closed. */
function closeStream(stream: ReadStream): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once("close", () => resolve());
    stream.destroy();
  });
}

/** Iterates a byte stream, turning read failures into `SourceError`. */
async function* readChunks(
  stream: AsyncIterable<Uint8Array | string>,
  name: string,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    for await (const chunk of stream) {
      if (typeof chunk === "string") throw new TypeError(`${name} delivers text; open it without an encoding`);
      yield chunk;
    }
  } catch (error: unknown) {
    if (signal.aborted || error instanceof SourceError || error instanceof TypeError) throw error;
    throw new SourceError(name, reasonOf(error), { cause: error });
  }
}

/** Reads until the magic can be recognised or the input ends. */
async function readHead(chunks: AsyncIterator<Uint8Array>): Promise<{ head: Uint8Array; done: boolean }> {
  const parts: Uint8Array[] = [];
  let length = 0;
  while (length < COMPRESSION_MAGIC_BYTES) {
    const next = await chunks.next();
    if (next.done === true) return { head: concat(parts, length), done: true };
    parts.push(next.value);
    length += next.value.length;
  }
  return { head: concat(parts, length), done: false };
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function* restOf(head: Uint8Array, done: boolean, chunks: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const next = await chunks.next();
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    await chunks.return?.();
  }
}

interface Decompression {
  readonly name: string;
  readonly rest: AsyncIterable<Uint8Array>;
  readonly raw: RawSource;
  readonly decoder: Decoder;
  readonly signal: AbortSignal;
  readonly outer: AbortSignal | undefined;
  readonly release: () => void;
}

async function* decompress(d: Decompression): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    switch (d.decoder) {
      case "none":
        yield* d.rest;
        return;
      case "zlib":
        yield* gunzip(d);
        return;
      case "js":
        yield* decodeBzip2(d.rest, { name: d.name });
        return;
      case "lbzip2":
      case "bzip2":
        yield* bzip2Tool(d.decoder, d);
        return;
    }
  } catch (error: unknown) {
    if (d.outer?.aborted === true) throw d.outer.reason;
    throw error;
  } finally {
    d.release();
    await d.raw.close();
  }
}

async function* gunzip(d: Decompression): AsyncGenerator<Uint8Array, void, undefined> {
  // Node's Gunzip reads every concatenated member (RFC 1952 §2.2), as `gzip -d` does.
  const inflate = createGunzip({ chunkSize: GUNZIP_CHUNK });
  const input = Readable.from(d.rest, { objectMode: false });
  input.pipe(inflate);
  input.once("error", (error) => inflate.destroy(error));
  const stop = (): void => {
    inflate.destroy();
  };
  d.signal.addEventListener("abort", stop, { once: true });
  let offset = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Uint8Array>) {
      offset += chunk.length;
      yield chunk;
    }
  } catch (error: unknown) {
    const code = (error as { code?: unknown }).code;
    if (code === "Z_BUF_ERROR") {
      throw new CompressedStreamError(d.name, { damage: "truncated", offset, reason: "the gzip stream ends early" }, { cause: error });
    }
    if (typeof code === "string" && code.startsWith("Z_")) {
      throw new CompressedStreamError(d.name, { damage: "corrupt", offset, reason: `the gzip data is corrupt: ${reasonOf(error)}` }, { cause: error });
    }
    throw error;
  } finally {
    d.signal.removeEventListener("abort", stop);
    inflate.destroy();
    input.destroy();
  }
}

async function* bzip2Tool(command: "lbzip2" | "bzip2", d: Decompression): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    yield* runDecompressor(command, d.rest, { signal: d.signal });
  } catch (error: unknown) {
    if (!(error instanceof DecompressorFailure) || d.signal.aborted) throw error;
    if (d.raw.reopen === undefined) throw toStreamError(d.name, error);
    // Recovery pass: read the file again with our decoder, skip what the tool gave, and
    // yield the rest of every complete block before reporting the damage exactly.
    try {
      yield* decodeBzip2(await d.raw.reopen(), { name: d.name, skip: error.delivered });
    } catch (damage: unknown) {
      // Both tools write a corrupt block's bytes before its CRC check fails.
      if (!(damage instanceof CompressedStreamError) || damage.offset >= error.delivered) throw damage;
      throw new CompressedStreamError(
        d.name,
        { damage: damage.damage, offset: damage.offset, delivered: error.delivered, reason: `${damage.reason} (${error.message})` },
        { cause: damage },
      );
    }
  }
}

function toStreamError(name: string, failure: DecompressorFailure): SourceError {
  if (failure.stderr === "" && failure.delivered === 0 && failure.cause !== undefined) {
    return new SourceError(name, failure.message, { cause: failure });
  }
  const damage = failure.truncated ? "truncated" : "corrupt";
  const reason = failure.truncated ? `the bzip2 stream ends early (${failure.message})` : `the bzip2 data is corrupt (${failure.message})`;
  return new CompressedStreamError(name, { damage, offset: failure.delivered, reason }, { cause: failure });
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  // Node's fs messages end with ", open 'path'": the path is already in our message.
  const message = error.message.replace(/, \w+ '.*'$/, "");
  // node:http's body error is just `aborted`: its code says what happened.
  const code = "code" in error && typeof error.code === "string" && !message.includes(error.code) ? ` (${error.code})` : "";
  return `${message}${code}${cause}`;
}
