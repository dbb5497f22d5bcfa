/**
 * The store's schema as an ordered list of migrations. Step `i` takes a file from
 * `PRAGMA user_version = i` to `i + 1`; openStore() applies the missing steps in one
 * transaction. Never edit a released step: append a new one.
 */

import { SCHEMA_4 } from "./events-schema.ts";
import { migrateToSeriesChunks, SCHEMA_3 } from "./migrate-series-chunks.ts";
import type { SqliteDatabase } from "./sqlite-driver.ts";

/** One step: SQL, or a function for a step that must transform values SQL cannot. */
export type Migration = string | ((db: SqliteDatabase) => void);

/** Ordered steps; `MIGRATIONS.length` is the schema version this code writes. */
export const MIGRATIONS: readonly Migration[] = [
  // 1: signals, entities, provenance, ingested files.
  `
  CREATE TABLE signal_point (
    entity TEXT NOT NULL,
    signal TEXT NOT NULL,
    time   INTEGER NOT NULL, -- bin start, ms since the Unix epoch, UTC
    value  REAL,             -- NULL: no data for this bin (missing is not zero)
    source TEXT NOT NULL,    -- key into method(signal, source)
    PRIMARY KEY (entity, signal, time)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE entity (
    id     TEXT PRIMARY KEY,
    kind   TEXT NOT NULL,
    name   TEXT,
    parent TEXT
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE method (
    signal      TEXT NOT NULL,
    source      TEXT NOT NULL,
    description TEXT NOT NULL,
    parameters  TEXT NOT NULL, -- JSON object
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (signal, source)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE ingested_file (
    source       TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    size         INTEGER,
    digest       TEXT,             -- 'sha256:<hex>' or 'etag:<value>'
    completed_at INTEGER NOT NULL, -- ms since the Unix epoch, UTC
    records      INTEGER NOT NULL,
    errors       TEXT NOT NULL     -- JSON array of IngestProblem
  ) STRICT, WITHOUT ROWID;
  `,
  // 2: a summary row per (entity, signal), kept by putPoints(), so that listSignals()
  // reads one row per series instead of scanning every point. Filled here from the
  // points already stored: one full scan, once.
  `
  CREATE TABLE series (
    entity TEXT NOT NULL,
    signal TEXT NOT NULL,
    first  INTEGER NOT NULL, -- earliest stored bin start, ms UTC
    last   INTEGER NOT NULL, -- latest stored bin start, ms UTC
    points INTEGER NOT NULL, -- stored points, including stored nulls
    PRIMARY KEY (entity, signal)
  ) STRICT, WITHOUT ROWID;

  INSERT INTO series (entity, signal, first, last, points)
    SELECT entity, signal, min(time), max(time), count(*) FROM signal_point GROUP BY entity, signal;
  `,
  // 3: series keyed by (entity, signal, source); sources with their method digest;
  // values in compressed chunks and bin blocks; provenance per bin (docs/store.md).
  (db) => {
    db.exec(SCHEMA_3);
    migrateToSeriesChunks(db);
  },
  // 4: events with their state and transitions, the alert outbox, annotations,
  // webhooks added through the API, the tracking cursor and each entity's state
  // (docs/events.md). New tables only: nothing stored before changes.
  SCHEMA_4,
];

/** SQLite `PRAGMA application_id` of a Nightlight store: "NLgt" in ASCII. */
export const STORE_APPLICATION_ID = 0x4e4c6774;
