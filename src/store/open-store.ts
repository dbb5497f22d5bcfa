/**
 * Opening a store file: checks it is a Nightlight SQLite file, refuses a schema newer
 * than this code knows, and applies missing migrations in one transaction.
 */
import { existsSync } from "node:fs";
import { MIGRATIONS, STORE_APPLICATION_ID } from "./migrations.ts";
import { selectSqliteDriver } from "./select-sqlite-driver.ts";
import type { SqliteDatabase } from "./sqlite-driver.ts";
import { Store } from "./store.ts";
import { StoreError } from "./store-error.ts";

/** Options of openStore(). */
export interface OpenStoreOptions {
  /** Open for reading only; the file must exist and be fully migrated. Default false. */
  readonly readonly?: boolean;
  /** Clock for `updated_at` fields, ms UTC. Default Date.now. */
  readonly now?: () => number;
  /** How long to wait for another process's write lock, ms. Default 5000. */
  readonly busyTimeoutMs?: number;
}

/** SQLite result codes that mean "this file is not (or no longer) a database". */
const NOT_A_DATABASE = new Set(["SQLITE_NOTADB", "SQLITE_CORRUPT"]);

/** The integer value of `PRAGMA name` (a one-column, one-row result). */
function pragmaInteger(db: SqliteDatabase, name: string): number {
  const row = db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown> | undefined;
  const value = row?.[name];
  if (typeof value !== "number") throw new TypeError(`Cannot read PRAGMA ${name}: got ${String(value)}`);
  return value;
}

function migrate(db: SqliteDatabase, file: string, readonly: boolean): void {
  const known = MIGRATIONS.length;
  const version = pragmaInteger(db, "user_version");
  const appId = pragmaInteger(db, "application_id");
  if (appId !== 0 && appId !== STORE_APPLICATION_ID) {
    throw new StoreError(file, "foreign-database", `SQLite application_id ${appId} is not Nightlight's ${STORE_APPLICATION_ID}`);
  }
  if (version > known) {
    throw new StoreError(file, "newer-schema", `schema version ${version} is newer than version ${known}, the newest this Nightlight knows; upgrade Nightlight`);
  }
  if (version === known) return;
  if (appId === 0 && version === 0) {
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get() as { n: number };
    if (tables.n > 0) throw new StoreError(file, "foreign-database", `it is a SQLite database with ${tables.n} schema objects but not a Nightlight store`);
  }
  if (readonly) {
    throw new StoreError(file, "older-schema", `schema version ${version} needs migrating to ${known}; open it once for writing`);
  }
  // transaction() begins IMMEDIATE: it takes the write lock first, so two processes
  // cannot migrate at once; the version is read again under the lock.
  db.transaction(() => {
    const current = pragmaInteger(db, "user_version");
    for (let step = current; step < known; step++) {
      const migration = MIGRATIONS[step] ?? "";
      if (typeof migration === "string") db.exec(migration);
      else migration(db);
      db.exec(`PRAGMA user_version = ${step + 1}`);
    }
    db.exec(`PRAGMA application_id = ${STORE_APPLICATION_ID}`);
  });
}

/**
 * Opens (creating it unless read-only) the store in `file`, in WAL mode with
 * `synchronous = NORMAL`: a committed transaction survives a crash or kill of the
 * process (an OS crash or power loss may lose the last commits, never corrupt).
 * Uses node:sqlite or better-sqlite3 (see select-sqlite-driver.ts).
 * Throws StoreError naming the file when it is not a usable Nightlight store, or
 * when this Node has no SQLite driver.
 */
export function openStore(file: string, options: OpenStoreOptions = {}): Store {
  const readonly = options.readonly ?? false;
  if (readonly && !existsSync(file)) throw new StoreError(file, "missing", "no such file");
  const driver = selectSqliteDriver();
  if (typeof driver === "string") throw new StoreError(file, "no-driver", `no SQLite driver: ${driver}`);
  let db: SqliteDatabase;
  try {
    db = driver.open(file, { readonly });
  } catch (error: unknown) {
    if (driver.errorCode(error) !== undefined) throw new StoreError(file, "not-a-database", errorMessage(error), { cause: error });
    throw error;
  }
  try {
    db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // The first statement that reads the header: a non-SQLite file fails here.
    if (!readonly) db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    migrate(db, file, readonly);
    return new Store(db, file, options.now ?? Date.now);
  } catch (error: unknown) {
    db.close();
    if (NOT_A_DATABASE.has(driver.errorCode(error) ?? "")) {
      throw new StoreError(file, "not-a-database", `not a SQLite database, or a corrupt one (${errorMessage(error)})`, { cause: error });
    }
    throw error;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
