/**
 * The store: signal points, entities, provenance and ingested files in one SQLite
 * file. Open it with openStore(); every method is synchronous (node:sqlite or
 * better-sqlite3, behind sqlite-driver.ts).
 */
import type { Entity } from "../model/entity.ts";
import type { IngestedFile, IngestProblem, SignalMethod } from "../model/provenance.ts";
import type { EntityId, SignalName, SignalPoint, SignalSeries } from "../model/signal.ts";
import type { SqliteDatabase, SqliteStatement } from "./sqlite-driver.ts";

/** A request for a regular series: bins `[from, until)` of `stepMs`, all in ms UTC. */
export interface SeriesQuery {
  readonly entity: EntityId;
  readonly signal: SignalName;
  /** Start of the first bin, ms since the Unix epoch. */
  readonly from: number;
  /** End (exclusive) of the last bin, ms since the Unix epoch. */
  readonly until: number;
  readonly stepMs: number;
}

/** What the store holds for one (entity, signal). */
export interface SignalSummary {
  readonly entity: EntityId;
  readonly signal: SignalName;
  /** Earliest and latest bin start, ms UTC. */
  readonly first: number;
  readonly last: number;
  /** Stored points, including stored nulls. */
  readonly points: number;
}

/** Most bins one getSeries() call returns: about 19 years of 1-minute bins. */
export const MAX_SERIES_BINS = 10_000_000;

interface PointRow { time: number; value: number | null }
interface SummaryRow { entity: string; signal: string; first: number; last: number; points: number }
interface MethodRow { signal: string; source: string; description: string; parameters: string }
/** What one putPoints() call added to a series: its new points only. */
interface SeriesGrowth { first: number; last: number; added: number }

interface IngestedRow {
  source: string; kind: string; size: number | null; digest: string | null;
  completed_at: number; records: number; errors: string;
}

function checkPoint(point: SignalPoint, index: number): void {
  const where = `point ${index} (${String(point.entity)} ${String(point.signal)} ${String(point.time)})`;
  if (typeof point.entity !== "string" || point.entity === "") throw new TypeError(`Cannot store ${where}: entity must be a non-empty string`);
  if (typeof point.signal !== "string" || point.signal === "") throw new TypeError(`Cannot store ${where}: signal must be a non-empty string`);
  if (!Number.isSafeInteger(point.time)) throw new TypeError(`Cannot store ${where}: time must be an integer number of ms`);
  if (point.value !== null && !Number.isFinite(point.value)) {
    throw new TypeError(`Cannot store ${where}: value ${String(point.value)} is neither a finite number nor null`);
  }
}

function checkQuery(query: SeriesQuery): number {
  const { from, until, stepMs } = query;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(until)) throw new TypeError(`Cannot read series: from ${from} and until ${until} must be integer ms`);
  if (!Number.isSafeInteger(stepMs) || stepMs <= 0) throw new TypeError(`Cannot read series: stepMs ${stepMs} must be a positive integer`);
  if (until < from) throw new RangeError(`Cannot read series: until ${until} is before from ${from}`);
  const bins = Math.ceil((until - from) / stepMs);
  if (bins > MAX_SERIES_BINS) throw new RangeError(`Cannot read series: ${bins} bins of ${stepMs} ms exceed the limit of ${MAX_SERIES_BINS}`);
  return bins;
}

/** Counts a new point into the growth of its (entity, signal). */
function addGrowth(growth: Map<EntityId, Map<SignalName, SeriesGrowth>>, p: SignalPoint): void {
  let signals = growth.get(p.entity);
  if (signals === undefined) growth.set(p.entity, (signals = new Map()));
  const g = signals.get(p.signal);
  if (g === undefined) signals.set(p.signal, { first: p.time, last: p.time, added: 1 });
  else {
    g.first = Math.min(g.first, p.time);
    g.last = Math.max(g.last, p.time);
    g.added++;
  }
}

/** A Nightlight store over one SQLite file. Create it with openStore(). */
export class Store {
  /** The database file. */
  readonly file: string;
  readonly #db: SqliteDatabase;
  readonly #now: () => number;
  readonly #insertPoint: SqliteStatement;
  readonly #updatePoint: SqliteStatement;
  readonly #growSeries: SqliteStatement;
  readonly #selectPoints: SqliteStatement;
  readonly #putEntity: SqliteStatement;
  readonly #putMethod: SqliteStatement;
  readonly #putIngested: SqliteStatement;
  readonly #selectIngested: SqliteStatement;
  readonly #listSignals: SqliteStatement;
  readonly #selectEntity: SqliteStatement;
  readonly #selectMethods: SqliteStatement;
  readonly #selectMethodsOf: SqliteStatement;

  /** Used by openStore(), which has already checked and migrated the schema. */
  constructor(db: SqliteDatabase, file: string, now: () => number) {
    this.#db = db;
    this.file = file;
    this.#now = now;
    // An upsert in two statements, so that `changes` tells a new point from a stored one
    // (series.points counts only new ones); the update skips identical rows so that a
    // replay over the same files writes no pages.
    this.#insertPoint = db.prepare(`INSERT INTO signal_point (entity, signal, time, value, source) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (entity, signal, time) DO NOTHING`);
    this.#updatePoint = db.prepare(`UPDATE signal_point SET value = ?, source = ?
      WHERE entity = ? AND signal = ? AND time = ? AND (value IS NOT ? OR source IS NOT ?)`);
    // Only new points reach here, so the stored first..last already covers the old ones.
    this.#growSeries = db.prepare(`INSERT INTO series (entity, signal, first, last, points) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (entity, signal) DO UPDATE SET first = min(first, excluded.first),
        last = max(last, excluded.last), points = points + excluded.points`);
    this.#selectPoints = db.prepare(`SELECT time, value FROM signal_point
      WHERE entity = ? AND signal = ? AND time >= ? AND time < ? ORDER BY time`);
    this.#putEntity = db.prepare(`INSERT INTO entity (id, kind, name, parent) VALUES (?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET kind = excluded.kind,
        name = coalesce(excluded.name, entity.name), parent = coalesce(excluded.parent, entity.parent)
      WHERE kind IS NOT excluded.kind OR name IS NOT coalesce(excluded.name, entity.name)
        OR parent IS NOT coalesce(excluded.parent, entity.parent)`);
    this.#putMethod = db.prepare(`INSERT INTO method (signal, source, description, parameters, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (signal, source) DO UPDATE SET description = excluded.description,
        parameters = excluded.parameters, updated_at = excluded.updated_at
      WHERE description IS NOT excluded.description OR parameters IS NOT excluded.parameters`);
    this.#putIngested = db.prepare(`INSERT OR REPLACE INTO ingested_file
      (source, kind, size, digest, completed_at, records, errors) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.#selectIngested = db.prepare(`SELECT * FROM ingested_file WHERE source = ?`);
    // Every id with a prefix sorts between the prefix and the prefix followed by U+FFFF.
    this.#listSignals = db.prepare(`SELECT entity, signal, first, last, points
      FROM series WHERE entity >= ? AND (? = '' OR entity < ?) ORDER BY entity, signal`);
    this.#selectEntity = db.prepare(`SELECT id, kind, name, parent FROM entity WHERE id = ?`);
    this.#selectMethods = db.prepare(`SELECT * FROM method ORDER BY signal, source`);
    this.#selectMethodsOf = db.prepare(`SELECT * FROM method WHERE signal = ? ORDER BY source`);
  }

  /**
   * Upserts points in one transaction (a savepoint inside transaction()), and with them
   * the `series` row of each (entity, signal) that gained a point. Idempotent: putting
   * the same points again changes nothing. Resolves to the count given.
   */
  putPoints(points: readonly SignalPoint[], source: string): number {
    if (source === "") throw new TypeError("Cannot store points: source must be a non-empty string");
    points.forEach(checkPoint);
    this.transaction(() => {
      const growth = new Map<EntityId, Map<SignalName, SeriesGrowth>>();
      for (const p of points) {
        if (this.#putPoint(p, source)) addGrowth(growth, p);
      }
      for (const [entity, signals] of growth) {
        for (const [signal, g] of signals) this.#growSeries.run(entity, signal, g.first, g.last, g.added);
      }
    });
    return points.length;
  }

  /** Inserts or updates one point; true when it was not stored before. */
  #putPoint(p: SignalPoint, source: string): boolean {
    if (this.#insertPoint.run(p.entity, p.signal, p.time, p.value, source).changes > 0) return true;
    this.#updatePoint.run(p.value, source, p.entity, p.signal, p.time, p.value, source);
    return false;
  }

  /**
   * Reads a regular series of `ceil((until - from) / stepMs)` bins starting at `from`.
   * A bin with no stored point, or only stored nulls, is `null` (missing is not zero);
   * several points in one bin are averaged.
   */
  getSeries(query: SeriesQuery): SignalSeries {
    const bins = checkQuery(query);
    const sums = new Float64Array(bins);
    const counts = new Uint32Array(bins);
    const rows = this.#selectPoints.all(query.entity, query.signal, query.from, query.until) as PointRow[];
    for (const row of rows) {
      if (row.value === null) continue;
      const i = Math.floor((row.time - query.from) / query.stepMs);
      sums[i] = (sums[i] ?? 0) + row.value;
      counts[i] = (counts[i] ?? 0) + 1;
    }
    const values = Array.from(counts, (n, i) => (n === 0 ? null : (sums[i] ?? 0) / n));
    return { entity: query.entity, signal: query.signal, start: query.from, stepMs: query.stepMs, values };
  }

  /**
   * Lists the (entity, signal) pairs held, optionally only entities whose id starts with
   * a prefix. Reads the `series` summary kept by putPoints(): one row per pair, not a
   * scan of the points.
   */
  listSignals(entityPrefix = ""): SignalSummary[] {
    const rows = this.#listSignals.all(entityPrefix, entityPrefix, `${entityPrefix}\uffff`) as SummaryRow[];
    // Plain objects: node:sqlite rows have a null prototype.
    return rows.map((r) => ({ entity: r.entity, signal: r.signal, first: r.first, last: r.last, points: r.points }));
  }

  /** Upserts entities; a null name or parent keeps the one already stored. */
  putEntities(entities: readonly Entity[]): void {
    this.transaction(() => {
      for (const e of entities) this.#putEntity.run(e.id, e.kind, e.name, e.parent);
    });
  }

  /** One entity, or undefined. */
  getEntity(id: EntityId): Entity | undefined {
    const row = this.#selectEntity.get(id) as Entity | undefined;
    return row === undefined ? undefined : { id: row.id, kind: row.kind, name: row.name, parent: row.parent };
  }

  /** Records how a signal from a source is computed (upsert). */
  putMethod(method: SignalMethod): void {
    this.#putMethod.run(method.signal, method.source, method.description, JSON.stringify(method.parameters), this.#now());
  }

  /** The methods recorded for one signal, or for all. */
  getMethods(signal?: SignalName): SignalMethod[] {
    const rows = (signal === undefined
      ? this.#selectMethods.all()
      : this.#selectMethodsOf.all(signal)) as MethodRow[];
    return rows.map((r) => ({
      signal: r.signal, source: r.source, description: r.description,
      parameters: JSON.parse(r.parameters) as Record<string, unknown>,
    }));
  }

  /**
   * Records an input file as completely ingested. Call it in the same transaction()
   * as the putPoints() of that file, so that a crash leaves both or neither.
   */
  markIngested(file: IngestedFile): void {
    this.#putIngested.run(file.source, file.kind, file.size, file.digest, file.completedAt, file.records, JSON.stringify(file.errors));
  }

  /** The record of an ingested file, or undefined. */
  getIngested(source: string): IngestedFile | undefined {
    const row = this.#selectIngested.get(source) as IngestedRow | undefined;
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
    return this.#db.transaction(fn);
  }

  /** Closes the file; the store cannot be used afterwards. */
  close(): void {
    this.#db.close();
  }
}
