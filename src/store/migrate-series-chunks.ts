/**
 * Schema 3 and the migration of a schema-2 store into it: every stored point moves,
 * unchanged, into the series of its (entity, signal, source), and each replay bin
 * record into the `bin` table. Runs inside openStore()'s migration transaction.
 */
import type { SqliteDatabase } from "./sqlite-driver.ts";
import { CHUNK_BINS, inferGrid, layChunks } from "./series-layout.ts";
import { encodeValues } from "./value-codec.ts";

/** The tables of schema 3 (docs/store.md). */
export const SCHEMA_3 = `
CREATE TABLE source (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,     -- the ingest: 'bgp:rrc00+rrc01', 'import:iran.csv'
  digest     TEXT NOT NULL,     -- the method: 'method:<hex>' (own), 'sha256:<hex>' (an imported file)
  kind       TEXT NOT NULL,     -- 'observatory' (computed here) or 'import'
  parameters TEXT NOT NULL,     -- JSON: everything the digest covers
  created_at INTEGER NOT NULL,
  next_slot  INTEGER NOT NULL DEFAULT 0,
  UNIQUE (name, digest)
) STRICT;

CREATE TABLE source_method (
  source      INTEGER NOT NULL,
  signal      TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (source, signal)
) STRICT, WITHOUT ROWID;

CREATE TABLE series_v3 (
  id       INTEGER PRIMARY KEY,
  entity   TEXT NOT NULL,
  signal   TEXT NOT NULL,
  source   INTEGER NOT NULL,
  step_ms  INTEGER NOT NULL,  -- native step
  phase_ms INTEGER NOT NULL,  -- every point's time mod step
  slot     INTEGER,           -- index within its source's bins; NULL: never written by bins
  first    INTEGER,           -- earliest and latest time with a value (compacted data)
  last     INTEGER,
  UNIQUE (entity, signal, source)
) STRICT;
CREATE UNIQUE INDEX series_slot ON series_v3 (source, slot);

CREATE TABLE chunk (
  series INTEGER NOT NULL,
  start  INTEGER NOT NULL,    -- ms UTC; ${CHUNK_BINS} steps of the series
  data   BLOB NOT NULL,       -- value-codec.ts, reference: previous value
  PRIMARY KEY (series, start)
) STRICT, WITHOUT ROWID;

CREATE TABLE bin (
  source       INTEGER NOT NULL,
  time         INTEGER NOT NULL,  -- bin start, ms UTC
  step_ms      INTEGER NOT NULL,
  completed_at INTEGER NOT NULL,
  compacted    INTEGER NOT NULL,  -- 1: its values are in chunks, 0: in bin_block
  provenance   TEXT NOT NULL,     -- JSON BinProvenance
  PRIMARY KEY (source, time)
) STRICT, WITHOUT ROWID;
CREATE INDEX bin_open ON bin (source, compacted, time);

CREATE TABLE bin_block (
  source INTEGER NOT NULL,
  time   INTEGER NOT NULL,
  block  INTEGER NOT NULL,    -- slots block × BLOCK_SLOTS …
  data   BLOB NOT NULL,       -- value-codec.ts, reference: the period's base
  PRIMARY KEY (source, time, block)
) STRICT, WITHOUT ROWID;

CREATE TABLE bin_base (
  source INTEGER NOT NULL,
  period INTEGER NOT NULL,    -- start of the ${CHUNK_BINS}-bin period, ms UTC
  block  INTEGER NOT NULL,
  data   BLOB NOT NULL,       -- value-codec.ts, reference: previous value
  PRIMARY KEY (source, period, block)
) STRICT, WITHOUT ROWID;
`;

interface PointRow { entity: string; signal: string; source: string; time: number; value: number | null }

function sourceDigest(db: SqliteDatabase, name: string): string {
  const bin = db.prepare(`SELECT digest, count(*) AS n FROM ingested_file WHERE kind = 'bgp-bin' AND source >= ? AND source < ?
    GROUP BY digest ORDER BY n DESC LIMIT 1`).get(`${name}:bin:`, `${name}:bin:\uffff`) as { digest: string | null } | undefined;
  if (bin?.digest != null) return bin.digest;
  const file = db.prepare(`SELECT digest FROM ingested_file WHERE source = ?`).get(name) as { digest: string | null } | undefined;
  return file?.digest ?? "legacy";
}

function migrateSources(db: SqliteDatabase): Map<string, number> {
  const ids = new Map<string, number>();
  const names = db.prepare(`SELECT DISTINCT source FROM signal_point UNION SELECT DISTINCT source FROM method`).all() as { source: string }[];
  const insert = db.prepare(`INSERT INTO source (name, digest, kind, parameters, created_at) VALUES (?, ?, ?, ?, ?)`);
  const methodOf = db.prepare(`SELECT signal, description, parameters, updated_at FROM method WHERE source = ?`);
  const putMethod = db.prepare(`INSERT INTO source_method (source, signal, description) VALUES (?, ?, ?)`);
  for (const { source: name } of names) {
    const methods = methodOf.all(name) as { signal: string; description: string; parameters: string; updated_at: number }[];
    const kind = name.startsWith("import:") ? "import" : "observatory";
    insert.run(name, sourceDigest(db, name), kind, methods[0]?.parameters ?? "{}", methods[0]?.updated_at ?? 0);
    const { id } = db.prepare(`SELECT last_insert_rowid() AS id`).get() as { id: number };
    ids.set(name, id);
    for (const m of methods) putMethod.run(id, m.signal, m.description);
  }
  return ids;
}

function writeSeries(db: SqliteDatabase, rows: readonly PointRow[], source: number): void {
  const first = rows[0];
  if (first === undefined) return;
  const grid = inferGrid(rows.map((r) => r.time), 300_000);
  const withValues = rows.filter((r) => r.value !== null);
  db.prepare(`INSERT INTO series_v3 (entity, signal, source, step_ms, phase_ms, first, last) VALUES (?, ?, ?, ?, ?, ?, ?)`)
    .run(first.entity, first.signal, source, grid.stepMs, grid.phaseMs, withValues[0]?.time ?? null, withValues.at(-1)?.time ?? null);
  const { id } = db.prepare(`SELECT last_insert_rowid() AS id`).get() as { id: number };
  const chunks = layChunks(withValues.map((r) => [r.time, r.value ?? Number.NaN] as const), grid);
  const put = db.prepare(`INSERT INTO chunk (series, start, data) VALUES (?, ?, ?)`);
  for (const [start, values] of chunks) put.run(id, start, encodeValues(values));
}

function migrateBins(db: SqliteDatabase, sources: ReadonlyMap<string, number>): void {
  const rows = db.prepare(`SELECT source, digest, completed_at FROM ingested_file WHERE kind = 'bgp-bin'`).all() as { source: string; digest: string | null; completed_at: number }[];
  const find = db.prepare(`SELECT id FROM source WHERE name = ? AND digest = ?`);
  const insert = db.prepare(`INSERT OR IGNORE INTO bin (source, time, step_ms, completed_at, compacted, provenance) VALUES (?, ?, 300000, ?, 1, ?)`);
  for (const r of rows) {
    const at = r.source.lastIndexOf(":bin:");
    const name = r.source.slice(0, at);
    const time = Date.parse(r.source.slice(at + 5));
    const id = (find.get(name, r.digest ?? "") as { id: number } | undefined)?.id ?? sources.get(name);
    if (id === undefined || Number.isNaN(time)) continue;
    insert.run(id, time, r.completed_at, JSON.stringify({ migratedFromSchema: 2 }));
  }
  db.exec(`DELETE FROM ingested_file WHERE kind = 'bgp-bin'`);
}

/** Moves a schema-2 store's points, methods and bin records into schema 3's tables. */
export function migrateToSeriesChunks(db: SqliteDatabase): void {
  const sources = migrateSources(db);
  // One (entity, signal) at a time, so memory holds one series, not the whole store.
  const pairs = db.prepare(`SELECT entity, signal FROM series`).all() as { entity: string; signal: string }[];
  const pointsOf = db.prepare(`SELECT entity, signal, source, time, value FROM signal_point WHERE entity = ? AND signal = ? ORDER BY source, time`);
  for (const { entity, signal } of pairs) {
    const rows = pointsOf.all(entity, signal) as PointRow[];
    for (const [name, id] of sources) {
      const own = rows.filter((r) => r.source === name);
      if (own.length > 0) writeSeries(db, own, id);
    }
  }
  migrateBins(db, sources);
  // Imported files are keyed by name and content, so two files of one name never collide.
  db.exec(`UPDATE ingested_file SET source = source || '@' || digest WHERE source LIKE 'import:%' AND digest IS NOT NULL`);
  db.exec(`DROP TABLE signal_point; DROP TABLE series; DROP TABLE method; ALTER TABLE series_v3 RENAME TO series;`);
}
