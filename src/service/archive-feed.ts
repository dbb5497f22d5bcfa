/**
 * One collector's files as the live present needs them: each file is looked for from
 * its due time (archive-publication.ts), again every minute while the archive says it
 * is not there, and declared a hole once its deadline passes (due + `holeAfterMs`). An
 * archive that does not answer is retried with a growing back-off, and the collector is
 * `unreachable` in the health registry meanwhile; its file then becomes a hole only when
 * the deadline has passed AND some other source has received something since (this
 * archive is down, not the network): when everything is unreachable the ingest waits,
 * and catches up without holes when the network comes back.
 *
 * Files due already (a backfill, a catch-up) are fetched a few ahead of the one read.
 */
import { archiveProject } from "../archive/archive-files.ts";
import { fetchArchiveFile, type ArchiveFetchResult } from "../archive/fetch-archive-file.ts";
import { dueAt } from "../archive/archive-publication.ts";
import { archivePath, ARCHIVE_PERIOD_MS } from "../archive/archive-files.ts";
import { openInput } from "../mrt/open-input.ts";
import type { OpenResult, ReplayFile } from "../routing/replay-bgp.ts";
import { sleepUntil, type Clock } from "./clock.ts";
import type { SourceReporter } from "./source-health.ts";

/** Settings of one collector's feed. */
export interface ArchiveFeedOptions {
  readonly collector: string;
  /** Folder or http(s) URL in the RIS/RouteViews layout. */
  readonly base: string;
  readonly cacheDir: string;
  readonly clock: Clock;
  /** Ends every wait; open() then rejects with the abort reason. */
  readonly signal: AbortSignal;
  /** How long after its due time a file still absent is a hole. */
  readonly holeAfterMs: number;
  readonly health: SourceReporter;
  /** Whether another source received something at or after `time` (ms): the network works. */
  readonly othersSince: (time: number) => boolean;
  /** Between looks while the archive says a file is not there yet. Default a minute. */
  readonly pollMs?: number;
  /** Failures in a row before the collector counts as unreachable (the first ones are retried quietly). Default 0. */
  readonly retries?: number;
  /** First back-off after a failure; doubles up to `maxBackoffMs`. Default 15 s, up to 10 min. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Updates files fetched ahead of the one read, when due already. Default 3. */
  readonly prefetch?: number;
  /** Told of each fetch (downloaded or found), of each file that became a hole. */
  readonly log?: (line: string) => void;
}

/** A settled fetch: the file, or why there is none. */
type Settled = { readonly found: ArchiveFetchResult & { status: "ok" } } | { readonly absent: string | null };

const MINUTE = 60_000;
const hhmm = (t: number): string => new Date(t).toISOString().slice(0, 16).replace("T", " ");

/** The files of one collector, fetched as they are published. */
export class ArchiveFeed {
  readonly #o: ArchiveFeedOptions;
  readonly #fetches = new Map<string, { promise: Promise<Settled>; settled: Settled | null }>();
  #bytes = 0;
  /** Consecutive failures, for the back-off. */
  #failures = 0;
  /** When the failures in a row began; null while the archive answers. */
  #failingSince: number | null = null;

  constructor(options: ArchiveFeedOptions) {
    this.#o = options;
  }

  /** Whether `file`'s fetch has settled (found, or a hole); starts it if need be. */
  ready(file: ReplayFile): boolean {
    return this.#fetch(file).settled !== null;
  }

  /** The file once it is there, or why it is a hole; rejects only when the feed is stopped. */
  async open(file: ReplayFile): Promise<OpenResult> {
    const fetch = this.#fetch(file);
    if (file.kind === "updates") this.lookAhead(file.start + ARCHIVE_PERIOD_MS[archiveProject(file.collector)].updates);
    if (fetch.settled === null) this.#o.health.update({ detail: `waiting for ${file.path} (due ${hhmm(dueAt(file.collector, file.kind, file.start))} UTC)` });
    const settled = await fetch.promise;
    // Forgotten once opened: a later open (after a hole, the RIB re-reads its updates) fetches again, from the cache.
    this.#fetches.delete(file.path);
    if ("absent" in settled) return settled.absent === null ? null : { absent: settled.absent };
    this.#o.health.update({ detail: `read ${file.path}` });
    return { name: settled.found.source, chunks: await openInput(settled.found.path) };
  }

  #fetch(file: ReplayFile): { promise: Promise<Settled>; settled: Settled | null } {
    let entry = this.#fetches.get(file.path);
    if (entry === undefined) {
      const created: { promise: Promise<Settled>; settled: Settled | null } = { promise: Promise.resolve({ absent: null }), settled: null };
      created.promise = this.#settle(file).then((s) => {
        created.settled = s;
        return s;
      });
      // A stopped feed's pending fetches reject; whoever awaits them hears it, nobody else must.
      created.promise.catch(() => {});
      entry = created;
      this.#fetches.set(file.path, entry);
    }
    return entry;
  }

  /**
   * Starts the fetches of the updates files from the one whose period holds `start`, a
   * few ahead (each waits for its due time): the next files come as soon as they are
   * published, and each collector keeps fetching even while another holds the bins back
   * (which is how a feed tells an archive down from a network down).
   */
  lookAhead(start: number): void {
    const { collector } = this.#o;
    const period = ARCHIVE_PERIOD_MS[archiveProject(collector)].updates;
    const first = Math.floor(start / period) * period;
    for (let i = 0; i < (this.#o.prefetch ?? 3); i++) {
      const t = first + i * period;
      this.#fetch({ collector, kind: "updates", path: archivePath(collector, "updates", t), start: t, end: t + period });
    }
  }

  /** Waits for the file's due time, then looks until it is there or its deadline has passed. */
  async #settle(file: ReplayFile): Promise<Settled> {
    const { clock, signal, health } = this.#o;
    const due = dueAt(file.collector, file.kind, file.start);
    const deadline = due + this.#o.holeAfterMs;
    await sleepUntil(clock, due, signal);
    for (;;) {
      signal.throwIfAborted();
      let result: ArchiveFetchResult;
      try {
        result = await fetchArchiveFile(this.#o.base, file.path, { cacheDir: this.#o.cacheDir, retries: 0 });
      } catch (error: unknown) {
        signal.throwIfAborted();
        const message = error instanceof Error ? error.message : String(error);
        const wait = Math.min(this.#o.maxBackoffMs ?? 10 * MINUTE, (this.#o.backoffMs ?? 15_000) * 2 ** this.#failures);
        this.#failures++;
        this.#failingSince ??= clock.now();
        const unreachable = this.#failures > (this.#o.retries ?? 0);
        if (unreachable) health.failed(message, clock.now() + wait);
        else health.retrying(message, clock.now() + wait);
        // A hole only when the file's time is up and something else answered since this
        // archive stopped answering: the network works, this archive does not.
        if (unreachable && clock.now() >= deadline && this.#o.othersSince(this.#failingSince)) {
          this.#o.log?.(`${file.collector}: ${file.path} counted as missing: the archive has been unreachable since ${hhmm(this.#failingSince)} UTC, past the file's deadline (${hhmm(deadline)} UTC), while other sources answer`);
          return { absent: `could not be fetched by its deadline (${hhmm(deadline)} UTC): the archive is unreachable (${message})` };
        }
        await clock.sleep(wait, signal);
        continue;
      }
      this.#failures = 0;
      this.#failingSince = null;
      if (result.status === "ok") {
        if (!result.fromCache) this.#bytes += result.size;
        health.succeeded({ bytes: this.#bytes });
        // RIBs are the big downloads (hundreds of MB): each is said; updates only count in the health's bytes.
        if (!result.fromCache && file.kind === "rib") this.#o.log?.(`${file.collector}: fetched ${file.path} (${result.size} bytes)`);
        return { found: result };
      }
      health.succeeded(); // the archive answered: reachable
      // Past its deadline the file is missing (the replay reports it, and an updates file is a hole).
      if (clock.now() >= deadline) return { absent: null };
      await clock.sleep(Math.min(this.#o.pollMs ?? MINUTE, Math.max(1, deadline - clock.now())), signal);
    }
  }

}
