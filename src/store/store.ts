/**
 * The store: series keyed by (entity, signal, source), their sources with the method
 * that made them, provenance per bin, entities and ingested files, in one SQLite file.
 * Open it with openStore(); every method is synchronous (node:sqlite or better-sqlite3,
 * behind sqlite-driver.ts). Layout and rules: docs/store.md.
 */
import type { Entity } from "../model/entity.ts";
import type { BinProvenance, BinsProvenance, IngestedFile, IngestProblem, SignalMethod, SourceInfo } from "../model/provenance.ts";
import type { EntityId, SignalName, SignalPoint, SignalSeries } from "../model/signal.ts";
import { BinBlocks, type BinInput, type BinWritten } from "./bin-blocks.ts";
import { type BinDay, BinsProvenanceCache } from "./bins-provenance-cache.ts";
import { EventRecords } from "./event-records.ts";
import { CHUNK_BINS, chunkIndex, chunkStart, type Grid, inferGrid, layChunks, onGrid } from "./series-layout.ts";
import type { SqliteDatabase, SqliteStatement } from "./sqlite-driver.ts";
import { decodeValues, encodeValues } from "./value-codec.ts";

export type { BinInput, BinValue, BinWritten } from "./bin-blocks.ts";

/** How a source is named, what made it, and how each of its signals is computed. */
export interface SourceSpec {
  readonly name: string;
  readonly digest: string;
  readonly kind: "observatory" | "import";
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Signal → description of how this source computes it. */
  readonly methods: Readonly<Record<SignalName, string>>;
}

/** Which source to read: its id, its name (the newest method of that ingest), or the default. */
export type SourceSelector = number | string | undefined;

/** A request for a series: bins `[from, until)`, all in ms UTC. */
export interface SeriesQuery {
  readonly entity: EntityId;
  readonly signal: SignalName;
  /** Default: the observatory's own series first, then the newest import. */
  readonly source?: SourceSelector;
  /** Start of the first bin. */
  readonly from: number;
  /** End (exclusive) of the last bin. */
  readonly until: number;
  /**
   * Bin size; a multiple of the series' native step (a bin is the mean of the native
   * values with data in it). Default: the native step, bins on the series' own grid.
   */
  readonly stepMs?: number;
}

/** What the store holds for one (entity, signal, source). */
export interface SignalSummary {
  readonly entity: EntityId;
  readonly signal: SignalName;
  readonly source: SourceInfo;
  /** The native step, ms, and the phase of its grid. */
  readonly stepMs: number;
  readonly phaseMs: number;
  /** Earliest and latest time with a value, ms UTC. */
  readonly first: number;
  readonly last: number;
}

/** A stored bin record: when it was made and from what. */
export interface BinRecord {
  readonly time: number;
  readonly stepMs: number;
  readonly completedAt: number;
  readonly provenance: BinProvenance;
}

/** Most bins one getSeries() call returns: about 19 years of 1-minute bins. */
export const MAX_SERIES_BINS = 10_000_000;

interface SeriesRow {
  id: number; entity: string; signal: string; source: number; step_ms: number; phase_ms: number;
  slot: number | null; first: number | null; last: number | null;
}
interface SourceRow { id: number; name: string; digest: string; kind: string; parameters: string }
interface IngestedRow {
  source: string; kind: string; size: number | null; digest: string | null;
  completed_at: number; records: number; errors: string;
}

const blob = (bytes: Uint8Array): Uint8Array => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function checkPoint(point: SignalPoint, index: number): void {
  const where = `point ${index} (${String(point.entity)} ${String(point.signal)} ${String(point.time)})`;
  if (typeof point.entity !== "string" || point.entity === "") throw new TypeError(`Cannot store ${where}: entity must be a non-empty string`);
  if (typeof point.signal !== "string" || point.signal === "") throw new TypeError(`Cannot store ${where}: signal must be a non-empty string`);
  if (!Number.isSafeInteger(point.time)) throw new TypeError(`Cannot store ${where}: time must be an integer number of ms`);
  if (point.value !== null && !Number.isFinite(point.value)) {
    throw new TypeError(`Cannot store ${where}: value ${String(point.value)} is neither a finite number nor null`);
  }
}

function sourceInfo(r: SourceRow): SourceInfo {
  return {
    id: r.id, name: r.name, digest: r.digest, kind: r.kind === "import" ? "import" : "observatory",
    parameters: JSON.parse(r.parameters) as Record<string, unknown>,
  };
}

/** Mean of the native values with data in each bin of `stepMs` from `from`. */
function resample(native: Float64Array, nativeFrom: number, nativeStep: number, from: number, until: number, stepMs: number): (number | null)[] {
  const bins = Math.ceil((until - from) / stepMs);
  const sums = new Float64Array(bins);
  const counts = new Uint32Array(bins);
  native.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    const b = Math.floor((nativeFrom + i * nativeStep - from) / stepMs);
    if (b < 0 || b >= bins) return;
    sums[b] = (sums[b] ?? 0) + v;
    counts[b] = (counts[b] ?? 0) + 1;
  });
  return Array.from(counts, (n, i) => (n === 0 ? null : (sums[i] ?? 0) / n));
}

/** A Nightlight store over one SQLite file. Create it with openStore(). */
export class Store {
  /** The database file. */
  readonly file: string;
  /** Events, their transitions, the alert outbox, annotations, webhooks and tracking (schema 4). */
  readonly events: EventRecords;
  readonly #db: SqliteDatabase;
  readonly #now: () => number;
  readonly #bins: BinBlocks;
  readonly #provenance = new BinsProvenanceCache();
  /** Writes of bin records through this connection (PRAGMA data_version counts only other connections'). */
  #binWrites = 0;
  readonly #q: Record<string, SqliteStatement>;
  #closed = false;

  /** Used by openStore(), which has already checked and migrated the schema. */
  constructor(db: SqliteDatabase, file: string, now: () => number) {
    this.#db = db;
    this.file = file;
    this.#now = now;
    this.#bins = new BinBlocks(db);
    this.events = new EventRecords(db);
    const p = (sql: string): SqliteStatement => db.prepare(sql);
    this.#q = {
      findSource: p(`SELECT * FROM source WHERE name = ? AND digest = ?`),
      insertSource: p(`INSERT INTO source (name, digest, kind, parameters, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *`),
      sourceById: p(`SELECT * FROM source WHERE id = ?`),
      sourcesByName: p(`SELECT * FROM source WHERE name = ? ORDER BY id DESC`),
      allSources: p(`SELECT * FROM source ORDER BY name, id`),
      putMethod: p(`INSERT INTO source_method (source, signal, description) VALUES (?, ?, ?)
        ON CONFLICT (source, signal) DO UPDATE SET description = excluded.description WHERE description IS NOT excluded.description`),
      methods: p(`SELECT m.signal, m.description, s.* FROM source_method m JOIN source s ON s.id = m.source ORDER BY m.signal, s.name, s.id`),
      seriesOf: p(`SELECT * FROM series WHERE entity = ? AND signal = ?`),
      seriesIn: p(`SELECT * FROM series WHERE entity = ? AND signal = ? AND source = ?`),
      newSeries: p(`INSERT INTO series (entity, signal, source, step_ms, phase_ms) VALUES (?, ?, ?, ?, ?) RETURNING *`),
      span: p(`UPDATE series SET first = min(coalesce(first, ?), ?), last = max(coalesce(last, ?), ?) WHERE id = ?`),
      chunk: p(`SELECT data FROM chunk WHERE series = ? AND start = ?`),
      chunks: p(`SELECT start, data FROM chunk WHERE series = ? AND start > ? AND start < ? ORDER BY start`),
      putChunk: p(`INSERT OR REPLACE INTO chunk (series, start, data) VALUES (?, ?, ?)`),
      dataVersion: p(`PRAGMA data_version`),
      signalNames: p(`SELECT DISTINCT signal FROM series ORDER BY signal`),
      list: p(`SELECT * FROM series WHERE entity >= ? AND (? = '' OR entity < ?) ORDER BY entity, signal, source`),
      bins: p(`SELECT time, step_ms, completed_at, provenance FROM bin WHERE source = ? AND time >= ? AND time < ? ORDER BY time`),
      binDays: p(`SELECT time / 86400000 AS d, count(*) AS n, max(completed_at) AS c FROM bin WHERE source = ? AND time >= ? AND time < ? GROUP BY d ORDER BY d`),
      hasBin: p(`SELECT 1 AS x FROM bin WHERE source = ? AND time = ?`),
      lastOpen: p(`SELECT max(time) AS t FROM bin WHERE source = ? AND compacted = 0`),
      putEntity: p(`INSERT INTO entity (id, kind, name, parent) VALUES (?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET kind = excluded.kind,
          name = coalesce(excluded.name, entity.name), parent = coalesce(excluded.parent, entity.parent)
        WHERE kind IS NOT excluded.kind OR name IS NOT coalesce(excluded.name, entity.name)
          OR parent IS NOT coalesce(excluded.parent, entity.parent)`),
      entity: p(`SELECT id, kind, name, parent FROM entity WHERE id = ?`),
      putIngested: p(`INSERT OR REPLACE INTO ingested_file (source, kind, size, digest, completed_at, records, errors) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      ingested: p(`SELECT * FROM ingested_file WHERE source = ?`),
    };
  }

  #stmt(name: string): SqliteStatement {
    const s = this.#q[name];
    if (s === undefined) throw new TypeError(`no statement ${name}`);
    return s;
  }

  // ---- sources ----------------------------------------------------------------

  /**
   * The id of the source `spec` names (its ingest and method digest), created when new;
   * its signals' method descriptions are recorded.
   */
  defineSource(spec: SourceSpec): number {
    if (spec.name === "" || spec.digest === "") throw new TypeError("Cannot define a source without a name and a digest");
    return this.transaction(() => {
      let row = this.#stmt("findSource").get(spec.name, spec.digest) as SourceRow | undefined;
      row ??= this.#stmt("insertSource").get(spec.name, spec.digest, spec.kind, JSON.stringify(spec.parameters), this.#now()) as SourceRow;
      for (const [signal, description] of Object.entries(spec.methods)) this.#stmt("putMethod").run(row.id, signal, description);
      return row.id;
    });
  }

  /** One source, or undefined. */
  getSource(id: number): SourceInfo | undefined {
    const row = this.#stmt("sourceById").get(id) as SourceRow | undefined;
    return row === undefined ? undefined : sourceInfo(row);
  }

  /** Every source, by name. */
  listSources(): SourceInfo[] {
    return (this.#stmt("allSources").all() as SourceRow[]).map(sourceInfo);
  }

  /** How each signal is made, per source; optionally of one signal only. */
  getMethods(signal?: SignalName): SignalMethod[] {
    const rows = this.#stmt("methods").all() as (SourceRow & { signal: string; description: string })[];
    return rows.filter((r) => signal === undefined || r.signal === signal).map((r) => ({
      signal: r.signal, source: r.name, digest: r.digest, description: r.description,
      parameters: JSON.parse(r.parameters) as Record<string, unknown>,
    }));
  }

  /**
   * Sources with the ingest `name` but another method than `digest` that hold bins in
   * [from, until): what a run with `digest` would contradict.
   */
  otherMethods(name: string, digest: string, from: number, until: number): { source: SourceInfo; bins: number }[] {
    const out: { source: SourceInfo; bins: number }[] = [];
    for (const row of this.#stmt("sourcesByName").all(name) as SourceRow[]) {
      if (row.digest === digest) continue;
      const bins = this.#stmt("bins").all(row.id, from, until).length;
      if (bins > 0) out.push({ source: sourceInfo(row), bins });
    }
    return out;
  }

  /**
   * Removes the values and bin records in [from, until) of every source of ingest
   * `name` whose method is not `digest`, in one transaction. Returns the bins removed.
   */
  replaceOtherMethods(name: string, digest: string, from: number, until: number): number {
    this.#binWrites++;
    return this.transaction(() => {
      let removed = 0;
      for (const { source } of this.otherMethods(name, digest, from, until)) {
        removed += this.#db.prepare(`DELETE FROM bin WHERE source = ? AND time >= ? AND time < ?`).run(source.id, from, until).changes;
        this.#db.prepare(`DELETE FROM bin_block WHERE source = ? AND time >= ? AND time < ?`).run(source.id, from, until);
        const series = this.#db.prepare(`SELECT * FROM series WHERE source = ?`).all(source.id) as SeriesRow[];
        for (const s of series) this.#eraseWindow(s, from, until);
      }
      this.#bins.reset();
      return removed;
    });
  }

  /** Sets a series' chunked values in [from, until) to no data, and recomputes its span. */
  #eraseWindow(s: SeriesRow, from: number, until: number): void {
    const grid: Grid = { stepMs: s.step_ms, phaseMs: s.phase_ms };
    const span = s.step_ms * CHUNK_BINS;
    for (const c of this.#stmt("chunks").all(s.id, from - span, until) as { start: number; data: Uint8Array }[]) {
      const values = decodeValues(c.data, CHUNK_BINS);
      values.forEach((_, i) => {
        const t = c.start + i * grid.stepMs;
        if (t >= from && t < until) values[i] = Number.NaN;
      });
      if (values.every(Number.isNaN)) this.#db.prepare(`DELETE FROM chunk WHERE series = ? AND start = ?`).run(s.id, c.start);
      else this.#stmt("putChunk").run(s.id, c.start, blob(encodeValues(values)));
    }
    const all = this.#db.prepare(`SELECT start, data FROM chunk WHERE series = ? ORDER BY start`).all(s.id) as { start: number; data: Uint8Array }[];
    let first: number | null = null;
    let last: number | null = null;
    for (const c of all) {
      decodeValues(c.data, CHUNK_BINS).forEach((v, i) => {
        if (Number.isNaN(v)) return;
        first ??= c.start + i * s.step_ms;
        last = c.start + i * s.step_ms;
      });
    }
    this.#db.prepare(`UPDATE series SET first = ?, last = ? WHERE id = ?`).run(first, last, s.id);
  }

  // ---- writing ----------------------------------------------------------------

  /**
   * Stores one bin of an observatory source (every series of it at one time) with its
   * provenance, in one transaction (a savepoint inside transaction()). Re-putting a
   * bin replaces it. See BinInput for the zero rule.
   */
  putBin(source: number, bin: BinInput): BinWritten {
    if (!Number.isSafeInteger(bin.time) || !Number.isSafeInteger(bin.stepMs) || bin.stepMs <= 0) {
      throw new TypeError(`Cannot store bin ${String(bin.time)}: time and stepMs must be integers of ms, stepMs positive`);
    }
    this.#binWrites++;
    return this.transaction(() => this.#bins.put(source, bin));
  }

  /** Whether `source` has a stored bin at `time`. */
  hasBin(source: number, time: number): boolean {
    return this.#stmt("hasBin").get(source, time) !== undefined;
  }

  /** The bin records of `source` in [from, until). */
  getBins(source: number, from: number, until: number): BinRecord[] {
    return (this.#stmt("bins").all(source, from, until) as { time: number; step_ms: number; completed_at: number; provenance: string }[])
      .map((r) => ({ time: r.time, stepMs: r.step_ms, completedAt: r.completed_at, provenance: JSON.parse(r.provenance) as BinProvenance }));
  }

  /** Bins per UTC day of `source` in `[from, until)`: the day's number, its bins, their latest completion time. */
  binDays(source: number, from: number, until: number): BinDay[] {
    return this.#stmt("binDays").all(source, from, until) as unknown as BinDay[];
  }

  /**
   * Changes whenever bin records may have changed: a commit by another connection
   * (SQLite's `PRAGMA data_version`) or a bin written or removed through this one.
   */
  binsEpoch(): string {
    const row = this.#stmt("dataVersion").get() as { data_version: number };
    return `${row.data_version}:${this.#binWrites}`;
  }

  /** The provenance of `source`'s bins in `[from, until)` summed up, whole days from memory when unchanged. */
  binsProvenance(source: number, from: number, until: number): BinsProvenance {
    return this.#provenance.summarize(this, source, from, until);
  }

  /**
   * Moves the finished periods (days of 5-minute bins) of `source` ending at or before
   * `before` into series-major chunks, in one transaction. Returns the periods moved.
   */
  compact(source: number, stepMs: number, before: number): number {
    return this.transaction(() => this.#bins.compact(source, stepMs, before));
  }

  /**
   * Stores points of one source (an import), series by series, in one transaction.
   * A new series takes its grid from its points (the GCD of their gaps, or `stepMs`);
   * a point off a stored series' grid is refused. The same points again change nothing.
   * `source` is a source id, or a name for a test source with digest "test".
   */
  putPoints(points: readonly SignalPoint[], source: number | string, options: { stepMs?: number } = {}): number {
    points.forEach(checkPoint);
    const id = typeof source === "number" ? source : this.defineSource({ name: source, digest: "test", kind: "import", parameters: {}, methods: {} });
    const bySeries = new Map<string, SignalPoint[]>();
    for (const p of points) {
      const k = `${p.entity}\u0000${p.signal}`;
      let list = bySeries.get(k);
      if (list === undefined) bySeries.set(k, (list = []));
      list.push(p);
    }
    this.transaction(() => {
      for (const list of bySeries.values()) this.#putSeriesPoints(id, list, options.stepMs);
    });
    return points.length;
  }

  #putSeriesPoints(source: number, points: SignalPoint[], stepMs: number | undefined): void {
    const first = points[0];
    if (first === undefined) return;
    const byTime = new Map<number, number | null>();
    for (const p of points) byTime.set(p.time, p.value);
    const times = [...byTime.keys()].sort((a, b) => a - b);
    let row = this.#stmt("seriesIn").get(first.entity, first.signal, source) as SeriesRow | undefined;
    if (row === undefined) {
      const grid = stepMs === undefined ? inferGrid(times, 3_600_000) : { stepMs, phaseMs: ((times[0] ?? 0) % stepMs + stepMs) % stepMs };
      row = this.#stmt("newSeries").get(first.entity, first.signal, source, grid.stepMs, grid.phaseMs) as SeriesRow;
    }
    let grid: Grid = { stepMs: row.step_ms, phaseMs: row.phase_ms };
    if (!times.every((t) => onGrid(t, grid))) {
      if (row.slot !== null) {
        const off = times.find((t) => !onGrid(t, grid)) ?? 0;
        throw new TypeError(`Cannot store ${first.entity} ${first.signal} at ${new Date(off).toISOString()}: not on its series' grid of ${grid.stepMs / 60_000} min steps`);
      }
      grid = this.#regrid(row, times);
    }
    const chunks = new Map<number, Float64Array>();
    for (const t of times) {
      const start = chunkStart(t, grid);
      let values = chunks.get(start);
      if (values === undefined) {
        const old = this.#stmt("chunk").get(row.id, start) as { data: Uint8Array } | undefined;
        values = old === undefined ? new Float64Array(CHUNK_BINS).fill(Number.NaN) : decodeValues(old.data, CHUNK_BINS);
        chunks.set(start, values);
      }
      values[chunkIndex(t, grid)] = byTime.get(t) ?? Number.NaN;
    }
    for (const [start, values] of chunks) {
      const data = encodeValues(values);
      const old = this.#stmt("chunk").get(row.id, start) as { data: Uint8Array } | undefined;
      if (old !== undefined && Buffer.compare(Buffer.from(old.data), Buffer.from(data)) === 0) continue;
      this.#stmt("putChunk").run(row.id, start, blob(data));
    }
    const valued = times.filter((t) => byTime.get(t) !== null);
    const lo = valued[0];
    const hi = valued.at(-1);
    if (lo !== undefined && hi !== undefined && (row.first === null || lo < row.first || row.last === null || hi > row.last)) {
      this.#stmt("span").run(lo, lo, hi, hi, row.id);
    }
  }

  /**
   * Moves an imported series to the finer grid its new times need (the GCD of all its
   * times' gaps), keeping every stored value. Returns the new grid.
   */
  #regrid(row: SeriesRow, times: readonly number[]): Grid {
    const old: Grid = { stepMs: row.step_ms, phaseMs: row.phase_ms };
    const stored = new Map<number, number>();
    for (const c of this.#db.prepare(`SELECT start, data FROM chunk WHERE series = ?`).all(row.id) as { start: number; data: Uint8Array }[]) {
      decodeValues(c.data, CHUNK_BINS).forEach((v, i) => {
        if (!Number.isNaN(v)) stored.set(c.start + i * old.stepMs, v);
      });
    }
    const all = [...new Set([old.phaseMs, ...stored.keys(), ...times])].sort((a, b) => a - b);
    const grid = inferGrid(all, old.stepMs);
    this.#db.prepare(`DELETE FROM chunk WHERE series = ?`).run(row.id);
    this.#db.prepare(`UPDATE series SET step_ms = ?, phase_ms = ? WHERE id = ?`).run(grid.stepMs, grid.phaseMs, row.id);
    const chunks = layChunks(stored, grid);
    for (const [start, values] of chunks) this.#stmt("putChunk").run(row.id, start, blob(encodeValues(values)));
    return grid;
  }

  // ---- reading ----------------------------------------------------------------

  /** The series row a query reads: by source id or name, or the default order. */
  #pick(entity: EntityId, signal: SignalName, source: SourceSelector): { row: SeriesRow; info: SourceInfo } | undefined {
    const rows = this.#stmt("seriesOf").all(entity, signal) as SeriesRow[];
    const withInfo = rows.map((row) => ({ row, info: this.getSource(row.source) })).filter((x): x is { row: SeriesRow; info: SourceInfo } => x.info !== undefined);
    const chosen = withInfo.filter(({ info }) => source === undefined || (typeof source === "number" ? info.id === source : info.name === source));
    // The observatory's own series first, then the newest source.
    chosen.sort((a, b) => (a.info.kind === b.info.kind ? b.info.id - a.info.id : a.info.kind === "observatory" ? -1 : 1));
    return chosen[0];
  }

  /**
   * Reads a series: bins `[from, until)` of `stepMs` (default: its native step, bins
   * on its own grid from the first grid time at or after `from`). A bin without data
   * is `null`: missing is never zero. A step finer than the native one is refused
   * (RangeError), never filled with empty bins. Unknown series: every bin null.
   */
  getSeries(query: SeriesQuery): SignalSeries {
    const { entity, signal, from, until } = query;
    if (query.stepMs !== undefined && (!Number.isSafeInteger(query.stepMs) || query.stepMs <= 0)) {
      throw new TypeError(`Cannot read series: stepMs ${query.stepMs} must be a positive integer`);
    }
    if (until < from) throw new RangeError(`Cannot read series: until ${until} is before from ${from}`);
    const found = this.#pick(entity, signal, query.source);
    if (found === undefined) {
      const stepMs = query.stepMs ?? 300_000;
      return { entity, signal, start: from, stepMs, values: new Array<null>(this.#bins_(from, until, stepMs)).fill(null) };
    }
    const { row, info } = found;
    const grid: Grid = { stepMs: row.step_ms, phaseMs: row.phase_ms };
    if (query.stepMs !== undefined && query.stepMs < grid.stepMs) {
      throw new RangeError(`Cannot read ${entity} ${signal} at ${query.stepMs / 60_000} min steps: it is stored at ${grid.stepMs / 60_000} min steps`);
    }
    const nativeFrom = from + ((grid.phaseMs - from) % grid.stepMs + grid.stepMs) % grid.stepMs;
    const native = this.#readNative(row, grid, nativeFrom, until);
    const source = { name: info.name, digest: info.digest, kind: info.kind, nativeStepMs: grid.stepMs };
    if (query.stepMs === undefined || query.stepMs === grid.stepMs && nativeFrom === from) {
      return { entity, signal, start: nativeFrom, stepMs: grid.stepMs, values: Array.from(native, (v) => (Number.isNaN(v) ? null : v)), source };
    }
    this.#bins_(from, until, query.stepMs);
    return { entity, signal, start: from, stepMs: query.stepMs, values: resample(native, nativeFrom, grid.stepMs, from, until, query.stepMs), source };
  }

  #bins_(from: number, until: number, stepMs: number): number {
    const bins = Math.ceil((until - from) / stepMs);
    if (bins > MAX_SERIES_BINS) throw new RangeError(`Cannot read series: ${bins} bins of ${stepMs} ms exceed the limit of ${MAX_SERIES_BINS}`);
    return Math.max(0, bins);
  }

  /** Native values from `nativeFrom` (on the grid) until `until`: chunks, then open bins over them. */
  #readNative(row: SeriesRow, grid: Grid, nativeFrom: number, until: number): Float64Array {
    const n = this.#bins_(nativeFrom, until, grid.stepMs);
    const out = new Float64Array(n).fill(Number.NaN);
    const span = grid.stepMs * CHUNK_BINS;
    for (const c of this.#stmt("chunks").all(row.id, nativeFrom - span, until) as { start: number; data: Uint8Array }[]) {
      const values = decodeValues(c.data, CHUNK_BINS);
      const offset = Math.round((c.start - nativeFrom) / grid.stepMs);
      values.forEach((v, i) => {
        const j = offset + i;
        if (j >= 0 && j < n) out[j] = v;
      });
    }
    if (row.slot !== null) {
      for (const [t, v] of this.#bins.readOpen(row.source, row.slot, grid, nativeFrom, until)) {
        const j = Math.round((t - nativeFrom) / grid.stepMs);
        if (j >= 0 && j < n) out[j] = v;
      }
    }
    return out;
  }

  /**
   * The series held, optionally only of entities whose id starts with a prefix, one
   * row per (entity, signal, source) that holds a value. `first`/`last` count values in
   * open bins too.
   */
  listSignals(entityPrefix = ""): SignalSummary[] {
    const rows = this.#stmt("list").all(entityPrefix, entityPrefix, `${entityPrefix}\uffff`) as SeriesRow[];
    const sources = new Map<number, SourceInfo | undefined>();
    const lastOpen = new Map<number, number | null>();
    const blocks = new Map<string, Float64Array | undefined>();
    return rows.flatMap((r) => {
      if (!sources.has(r.source)) sources.set(r.source, this.getSource(r.source));
      const source = sources.get(r.source);
      if (source === undefined) return [];
      let { first, last } = r;
      if (r.slot !== null) {
        if (!lastOpen.has(r.source)) lastOpen.set(r.source, (this.#stmt("lastOpen").get(r.source) as { t: number | null }).t);
        const open = lastOpen.get(r.source) ?? null;
        if (open !== null && (last === null || open > last)) {
          const span = this.#bins.openSpan(r.source, r.slot, last === null ? -8.64e15 : last + 1, open + 1, first === null, blocks);
          if (span !== undefined) {
            first ??= span.first;
            last = span.last;
          }
        }
      }
      // A series that never held a value (only "no data") is not listed.
      if (first === null || last === null) return [];
      return [{ entity: r.entity, signal: r.signal, source, stepMs: r.step_ms, phaseMs: r.phase_ms, first, last }];
    });
  }

  /** The signal names of every stored series, sorted; one cheap query where listSignals() reads every series. */
  signalNames(): SignalName[] {
    return (this.#stmt("signalNames").all() as { signal: string }[]).map((r) => r.signal);
  }

  // ---- entities and ingested files -------------------------------------------------

  /** Upserts entities; a null name or parent keeps the one already stored. */
  putEntities(entities: readonly Entity[]): void {
    this.transaction(() => {
      for (const e of entities) this.#stmt("putEntity").run(e.id, e.kind, e.name, e.parent);
    });
  }

  /** One entity, or undefined. */
  getEntity(id: EntityId): Entity | undefined {
    const row = this.#stmt("entity").get(id) as Entity | undefined;
    return row === undefined ? undefined : { id: row.id, kind: row.kind, name: row.name, parent: row.parent };
  }

  /**
   * Records an input file as completely ingested. Call it in the same transaction()
   * as the writes of that file, so that a crash leaves both or neither.
   */
  markIngested(file: IngestedFile): void {
    this.#stmt("putIngested").run(file.source, file.kind, file.size, file.digest, file.completedAt, file.records, JSON.stringify(file.errors));
  }

  /** The record of an ingested file, or undefined. */
  getIngested(source: string): IngestedFile | undefined {
    const row = this.#stmt("ingested").get(source) as IngestedRow | undefined;
    if (row === undefined) return undefined;
    return {
      source: row.source, kind: row.kind, size: row.size, digest: row.digest, completedAt: row.completed_at,
      records: row.records, errors: JSON.parse(row.errors) as IngestProblem[],
    };
  }

  /**
   * Whether a file was ingested completely. With a digest, a file recorded with a
   * different digest (changed upstream) counts as not ingested.
   */
  isIngested(source: string, digest?: string): boolean {
    const row = this.getIngested(source);
    if (row === undefined) return false;
    return digest === undefined || row.digest === null || row.digest === digest;
  }

  /**
   * Runs `fn` in one transaction: all its writes commit together, or none if it
   * throws. Nests (as a savepoint). `fn` must be synchronous.
   */
  transaction<T>(fn: () => T): T {
    try {
      return this.#db.transaction(fn);
    } catch (error: unknown) {
      // What was rolled back may have been cached (new series, a period's bases).
      this.#bins.reset();
      throw error;
    }
  }

  /** Closes the file; the store cannot be used afterwards. Closing again does nothing (node:sqlite would throw). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}
