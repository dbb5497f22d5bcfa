// The store layout of the last release (schema 2, git efa1cfe), rebuilt for the store
// benchmark so that both layouts run side by side in one process: one row per point in
// `signal_point` plus a `series` summary row per (entity, signal). The SQL, the write path
// (insert ON CONFLICT DO NOTHING, then update when changed, series upsert of the new
// points, one transaction per bin with its ingested_file record) and the read path are
// those of efa1cfe's src/store/store.ts, migrations.ts and cli/replay.ts, on the same
// SQLite driver as the store, in WAL mode with synchronous = NORMAL.
import { selectSqliteDriver } from "../dist/src/store/select-sqlite-driver.js";

/** efa1cfe migrations 1 and 2 (only the tables a replay writes). */
const SCHEMA = `
CREATE TABLE signal_point (
  entity TEXT NOT NULL,
  signal TEXT NOT NULL,
  time   INTEGER NOT NULL,
  value  REAL,
  source TEXT NOT NULL,
  PRIMARY KEY (entity, signal, time)
) STRICT, WITHOUT ROWID;
CREATE TABLE entity (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT, parent TEXT) STRICT, WITHOUT ROWID;
CREATE TABLE method (
  signal TEXT NOT NULL, source TEXT NOT NULL, description TEXT NOT NULL, parameters TEXT NOT NULL,
  updated_at INTEGER NOT NULL, PRIMARY KEY (signal, source)
) STRICT, WITHOUT ROWID;
CREATE TABLE ingested_file (
  source TEXT PRIMARY KEY, kind TEXT NOT NULL, size INTEGER, digest TEXT, completed_at INTEGER NOT NULL,
  records INTEGER NOT NULL, errors TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE series (
  entity TEXT NOT NULL, signal TEXT NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL, points INTEGER NOT NULL,
  PRIMARY KEY (entity, signal)
) STRICT, WITHOUT ROWID;
PRAGMA user_version = 2;
PRAGMA application_id = ${0x4e4c6774};
`;

function checkPoint(point, index) {
  const where = `point ${index} (${String(point.entity)} ${String(point.signal)} ${String(point.time)})`;
  if (typeof point.entity !== "string" || point.entity === "") throw new TypeError(`Cannot store ${where}: entity must be a non-empty string`);
  if (typeof point.signal !== "string" || point.signal === "") throw new TypeError(`Cannot store ${where}: signal must be a non-empty string`);
  if (!Number.isSafeInteger(point.time)) throw new TypeError(`Cannot store ${where}: time must be an integer number of ms`);
  if (point.value !== null && !Number.isFinite(point.value)) throw new TypeError(`Cannot store ${where}: value ${String(point.value)} is neither a finite number nor null`);
}

function addGrowth(growth, p) {
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

/** A schema-2 store file with efa1cfe's write and read paths. */
export class LegacyStore {
  constructor(file) {
    const driver = selectSqliteDriver();
    if (typeof driver === "string") throw new Error(`Cannot open ${file}: no SQLite driver: ${driver}`);
    this.db = driver.open(file);
    this.db.exec("PRAGMA busy_timeout = 5000");
    this.db.exec("PRAGMA journal_mode = WAL");
    this.db.exec("PRAGMA synchronous = NORMAL");
    const version = this.db.prepare("PRAGMA user_version").get().user_version;
    if (version === 0) this.db.transaction(() => this.db.exec(SCHEMA));
    const p = (sql) => this.db.prepare(sql);
    this.insertPoint = p(`INSERT INTO signal_point (entity, signal, time, value, source) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (entity, signal, time) DO NOTHING`);
    this.updatePoint = p(`UPDATE signal_point SET value = ?, source = ?
      WHERE entity = ? AND signal = ? AND time = ? AND (value IS NOT ? OR source IS NOT ?)`);
    this.growSeries = p(`INSERT INTO series (entity, signal, first, last, points) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (entity, signal) DO UPDATE SET first = min(first, excluded.first),
        last = max(last, excluded.last), points = points + excluded.points`);
    this.selectPoints = p(`SELECT time, value FROM signal_point
      WHERE entity = ? AND signal = ? AND time >= ? AND time < ? ORDER BY time`);
    this.putEntity = p(`INSERT INTO entity (id, kind, name, parent) VALUES (?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET kind = excluded.kind,
        name = coalesce(excluded.name, entity.name), parent = coalesce(excluded.parent, entity.parent)
      WHERE kind IS NOT excluded.kind OR name IS NOT coalesce(excluded.name, entity.name)
        OR parent IS NOT coalesce(excluded.parent, entity.parent)`);
    this.putIngested = p(`INSERT OR REPLACE INTO ingested_file
      (source, kind, size, digest, completed_at, records, errors) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  }

  transaction(fn) {
    return this.db.transaction(fn);
  }

  putEntities(entities) {
    this.transaction(() => {
      for (const e of entities) this.putEntity.run(e.id, e.kind, e.name, e.parent);
    });
  }

  /** efa1cfe Store.putPoints(). */
  putPoints(points, source) {
    points.forEach(checkPoint);
    this.transaction(() => {
      const growth = new Map();
      for (const p of points) {
        if (this.insertPoint.run(p.entity, p.signal, p.time, p.value, source).changes > 0) addGrowth(growth, p);
        else this.updatePoint.run(p.value, source, p.entity, p.signal, p.time, p.value, source);
      }
      for (const [entity, signals] of growth) {
        for (const [signal, g] of signals) this.growSeries.run(entity, signal, g.first, g.last, g.added);
      }
    });
    return points.length;
  }

  /** efa1cfe cli/replay.ts, one bin: its points and its ingested_file record in one transaction. */
  putBin(points, source, binSource, digest) {
    this.transaction(() => {
      this.putPoints(points, source);
      this.putIngested.run(binSource, "bgp-bin", null, digest, Date.now(), points.length, "[]");
    });
  }

  /** efa1cfe Store.getSeries(). */
  getSeries({ entity, signal, from, until, stepMs }) {
    const bins = Math.ceil((until - from) / stepMs);
    const sums = new Float64Array(bins);
    const counts = new Uint32Array(bins);
    for (const row of this.selectPoints.all(entity, signal, from, until)) {
      if (row.value === null) continue;
      const i = Math.floor((row.time - from) / stepMs);
      sums[i] = (sums[i] ?? 0) + row.value;
      counts[i] = (counts[i] ?? 0) + 1;
    }
    const values = Array.from(counts, (n, i) => (n === 0 ? null : (sums[i] ?? 0) / n));
    return { entity, signal, start: from, stepMs, values };
  }

  close() {
    this.db.close();
  }
}

/**
 * efa1cfe routing/bin-points.ts binPoints(): the present series of one signal, and a 0
 * for every series of that signal seen before in this run and absent now.
 */
export function legacyBinPoints(values, time, known) {
  const points = [];
  const present = new Set();
  for (const v of values) {
    points.push({ time, entity: v.entity, signal: v.signal, value: v.value });
    const k = `${v.entity}\u0000${v.signal}`;
    present.add(k);
    known.set(k, v);
  }
  for (const [k, v] of known) if (!present.has(k)) points.push({ time, entity: v.entity, signal: v.signal, value: 0 });
  return points;
}
