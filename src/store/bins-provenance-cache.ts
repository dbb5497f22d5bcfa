/**
 * The provenance of a window of bins, summed up (summarizeBins), with whole UTC days
 * kept in memory: a chart of 30 days of 5-minute bins would otherwise read and parse
 * 8 640 bin records on every request (≈ 30 ms here, most of a series request). While
 * the store's bins epoch is the one the entries were checked at (no commit by another
 * connection, no bin written through this one), the entries are used as they are.
 * After a change, each day's entry is checked against a per-day count of its bins and
 * their latest completion time (≈ 3 ms for 30 days) and re-read when either differs: a
 * bin added later (a hole filled by a re-run) or removed (--replace) makes it stale.
 */
import type { BinsProvenance } from "../model/provenance.ts";
import type { BinRecord } from "./store.ts";
import { mergeBinsProvenance, summarizeBins } from "./summarize-bins.ts";

const DAY_MS = 86_400_000;
/** Days kept (about 100 bytes each plus their strings): a year of 27 sources. */
const MAX_DAYS = 10_000;
const EMPTY = summarizeBins([]);

/** Bins per UTC day of a source in a window: the day's number, its bins, their latest completion. */
export interface BinDay {
  readonly d: number;
  readonly n: number;
  readonly c: number;
}

/** What the cache reads from the store. */
export interface BinReader {
  binsEpoch(): string;
  binDays(source: number, from: number, until: number): readonly BinDay[];
  getBins(source: number, from: number, until: number): BinRecord[];
}

/** Summaries of whole days, by source and day. */
export class BinsProvenanceCache {
  readonly #days = new Map<string, { n: number; c: number; summary: BinsProvenance }>();
  /** Per source, the span whose day entries were checked against the store at `#epoch`. */
  readonly #checked = new Map<number, { from: number; until: number }>();
  #epoch = "";

  /** The summary of `source`'s bins in `[from, until)`. */
  summarize(reader: BinReader, source: number, from: number, until: number): BinsProvenance {
    const epoch = reader.binsEpoch();
    if (epoch !== this.#epoch) {
      this.#checked.clear();
      this.#epoch = epoch;
    }
    const checked = this.#checked.get(source);
    if (checked !== undefined && checked.from <= from && checked.until >= until) return this.#fromEntries(reader, source, from, until);
    const parts: BinsProvenance[] = [];
    const seen = new Set<number>();
    for (const { d, n, c } of reader.binDays(source, from, until)) {
      seen.add(d);
      parts.push(this.#day(reader, source, d, from, until, { n, c }));
    }
    // Whole days without bins are known empty from now on (until the epoch changes).
    for (let d = Math.ceil(from / DAY_MS); (d + 1) * DAY_MS <= until; d++) if (!seen.has(d)) this.#remember(`${source}:${d}`, { n: 0, c: 0 }, EMPTY);
    const span = checked === undefined ? { from, until } : { from: Math.min(from, checked.from), until: Math.max(until, checked.until) };
    // Only one contiguous checked span per source: a window that does not touch it replaces it.
    this.#checked.set(source, checked === undefined || (from <= checked.until && until >= checked.from) ? span : { from, until });
    return mergeBinsProvenance(parts);
  }

  /** The summary from entries checked at the current epoch; partial days at the edges read from the store. */
  #fromEntries(reader: BinReader, source: number, from: number, until: number): BinsProvenance {
    const parts: BinsProvenance[] = [];
    for (let d = Math.floor(from / DAY_MS); d * DAY_MS < until; d++) parts.push(this.#day(reader, source, d, from, until, undefined));
    return mergeBinsProvenance(parts);
  }

  /** Day `d`'s part of the window: its entry when whole and current, else read (and remembered when whole). */
  #day(reader: BinReader, source: number, d: number, from: number, until: number, count: { n: number; c: number } | undefined): BinsProvenance {
    const start = d * DAY_MS;
    const end = start + DAY_MS;
    if (start < from || end > until) return summarizeBins(reader.getBins(source, Math.max(from, start), Math.min(until, end)));
    const key = `${source}:${d}`;
    const hit = this.#days.get(key);
    if (hit !== undefined && (count === undefined || (hit.n === count.n && hit.c === count.c))) return hit.summary;
    const records = reader.getBins(source, start, end);
    const summary = summarizeBins(records);
    this.#remember(key, { n: records.length, c: records.reduce((m, r) => Math.max(m, r.completedAt), 0) }, summary);
    return summary;
  }

  #remember(key: string, count: { n: number; c: number }, summary: BinsProvenance): void {
    this.#days.delete(key);
    this.#days.set(key, { ...count, summary });
    if (this.#days.size > MAX_DAYS) this.#days.delete(this.#days.keys().next().value ?? key);
  }
}
