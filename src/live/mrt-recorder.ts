/**
 * Records live sessions as a RIS collector does: BGP4MP_ET records into gzip files that
 * rotate every 5 minutes, named and laid out as RIS names them
 * (`COLLECTOR/YYYY.MM/updates.YYYYMMDD.HHMM.gz`), so `nightlight replay --archive DIR
 * --collector COLLECTOR` reads the folder as an archive, and bgpdump reads each file.
 *
 * - A file is written under a hidden name and renamed when its 5 minutes are over: a
 *   file in the layout is always complete. A file for every 5 minutes the recorder runs,
 *   empty ones included; a crash leaves the hidden file, which the layout never lists,
 *   so the replay sees a hole there, as it should.
 * - Where a recording starts, it writes `bview.YYYYMMDD.HHMM.gz` for the start of its
 *   first 5 minutes: a TABLE_DUMP_V2 peer table with no peer, the table of a collector
 *   with no session yet. The replay starts from it (src/archive/recording-ribs.ts).
 * - A folder that already has files for the current 5 minutes (a previous run stopped
 *   moments ago) is never overwritten: the recording, and the sessions, start with the
 *   next 5 minutes (`start()` says when).
 */
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, writeFileSync, type WriteStream } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync, createGzip, type Gzip } from "node:zlib";
import { archivePath } from "../archive/archive-files.ts";
import { encodeEmptyPeerIndexTable } from "../mrt/encode-bgp4mp.ts";

/** Options of a recorder. */
export interface RecorderOptions {
  /** Rotation period, ms; default 5 minutes (RIS). */
  readonly rotateMs?: number;
  /** Clock, ms since the epoch; default Date.now. */
  readonly now?: () => number;
  /** The collector's BGP identifier, written in the peer table of its bviews. */
  readonly routerId?: string;
  /** A write failed: the file is left out of the layout (a hole), recording goes on. */
  readonly onError?: (error: Error) => void;
  /** A file was completed (renamed into the layout). */
  readonly onFile?: (path: string) => void;
}

/** One 5-minute file being written. */
interface OpenFile {
  readonly start: number;
  readonly path: string;
  readonly hidden: string;
  readonly gzip: Gzip;
  readonly out: WriteStream;
  readonly done: Promise<void>;
  /** The file's records so far, for a feed that must apply them again (a RIB load). */
  readonly records: Uint8Array[];
  failed: boolean;
}

const MINUTE = 60_000;

/** The rotating MRT writer of one collector. */
export class MrtRecorder {
  readonly dir: string;
  readonly collector: string;
  readonly #rotateMs: number;
  readonly #now: () => number;
  readonly #options: RecorderOptions;
  #file: OpenFile | undefined;
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  readonly #closing = new Set<Promise<void>>();

  constructor(dir: string, collector: string, options: RecorderOptions = {}) {
    this.dir = dir;
    this.collector = collector;
    this.#rotateMs = options.rotateMs ?? 5 * MINUTE;
    this.#now = options.now ?? Date.now;
    this.#options = options;
  }

  /** The path of the file for the period starting at `start`. */
  pathOf(kind: "rib" | "updates", start: number): string {
    return join(this.dir, ...archivePath(this.collector, kind, start).split("/"));
  }

  /** The start of the period holding `time`. */
  periodOf(time: number): number {
    return Math.floor(time / this.#rotateMs) * this.#rotateMs;
  }

  /**
   * Starts recording: the first period whose files are free (this one, or the next
   * when a previous run wrote to this one), its bview of an empty table, and its file.
   * Resolves to that period's start: sessions must not start before it.
   */
  start(): number {
    let start = this.periodOf(this.#now());
    if (this.#taken(start)) start += this.#rotateMs;
    const bview = this.pathOf("rib", start);
    mkdirSync(dirname(bview), { recursive: true });
    if (!existsSync(bview)) {
      writeFileSync(bview, gzipSync(encodeEmptyPeerIndexTable(start, this.#options.routerId ?? "0.0.0.0", this.collector)));
    }
    this.#started = true;
    this.#open(start);
    return start;
  }

  /** Whether a previous run wrote (or was writing) the files of the period at `start`. */
  #taken(start: number): boolean {
    const path = this.pathOf("updates", start);
    if (existsSync(path)) return true;
    const dir = dirname(path);
    if (!existsSync(dir)) return false;
    const hidden = `.${path.slice(dir.length + 1)}.writing`;
    return readdirSync(dir).includes(hidden);
  }

  /** Appends one encoded record at `timeMs` (rotating first when its period is over). */
  write(record: Uint8Array, timeMs: number): void {
    if (!this.#started) throw new RangeError("Cannot record before start()");
    let file = this.#file;
    if (file !== undefined && timeMs >= file.start + this.#rotateMs) {
      this.#rotate(this.periodOf(timeMs));
      file = this.#file;
    }
    if (file === undefined || file.failed) return;
    file.records.push(record);
    file.gzip.write(record);
  }

  /** The period being written and its records so far. */
  current(): { readonly start: number; readonly records: readonly Uint8Array[] } | undefined {
    const file = this.#file;
    return file === undefined ? undefined : { start: file.start, records: file.records };
  }

  /** Completes the current file (its period cut short) and stops. */
  async close(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const file = this.#file;
    this.#file = undefined;
    if (file !== undefined) this.#finish(file);
    this.#started = false;
    await Promise.all([...this.#closing]);
  }

  #open(start: number): void {
    const path = this.pathOf("updates", start);
    mkdirSync(dirname(path), { recursive: true });
    const hidden = join(dirname(path), `.${path.slice(dirname(path).length + 1)}.writing`);
    const gzip = createGzip();
    const out = createWriteStream(hidden);
    const file: OpenFile = {
      start, path, hidden, gzip, out, records: [], failed: false,
      done: new Promise<void>((resolve) => {
        const fail = (error: Error): void => {
          if (!file.failed) this.#options.onError?.(new Error(`Cannot write ${hidden}: ${error.message}`, { cause: error }));
          file.failed = true;
          resolve();
        };
        out.once("error", fail);
        gzip.once("error", fail);
        out.once("close", () => resolve());
      }),
    };
    gzip.pipe(out);
    this.#file = file;
    // The file rotates at its period's end even when nothing arrives.
    const wait = Math.max(0, start + this.#rotateMs - this.#now());
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#file === file) this.#rotate(start + this.#rotateMs);
    }, wait);
    this.#timer.unref();
  }

  #rotate(next: number): void {
    const file = this.#file;
    if (file !== undefined) this.#finish(file);
    // Periods between the two (a stalled clock or event loop) have no file: holes.
    this.#open(next);
  }

  #finish(file: OpenFile): void {
    file.gzip.end();
    const finished: Promise<void> = file.done.then(() => {
      this.#closing.delete(finished);
      if (file.failed) return;
      try {
        renameSync(file.hidden, file.path);
        this.#options.onFile?.(file.path);
      } catch (error: unknown) {
        this.#options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    });
    this.#closing.add(finished);
  }
}
