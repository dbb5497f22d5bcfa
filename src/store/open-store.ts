/**
 * Opening a store file: checks it is a Nightlight SQLite file, refuses a schema newer
 * than this code knows, and applies missing migrations in one transaction.
 */
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { keepAlive } from "./keep-alive.ts";
import { MIGRATIONS, STORE_APPLICATION_ID } from "./migrations.ts";
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

/**
 * Runs `PRAGMA text` and returns its first value, if any. Not `db.pragma()`: that
 * prepares a statement the GC may finalize (see keep-alive.ts).
 */
function pragma(db: Database.Database, text: string): unknown {
  const statement = keepAlive(db.prepare(`PRAGMA ${text}`));
  if (!statement.reader) return statement.run();
  return statement.pluck().get();
}

function migrate(db: Database.Database, file: string, readonly: boolean): void {
  const known = MIGRATIONS.length;
  const version = pragma(db, "user_version") as number;
  const appId = pragma(db, "application_id") as number;
  if (appId !== 0 && appId !== STORE_APPLICATION_ID) {
    throw new StoreError(file, "foreign-database", `SQLite application_id ${appId} is not Nightlight's ${STORE_APPLICATION_ID}`);
  }
  if (version > known) {
    throw new StoreError(file, "newer-schema", `schema version ${version} is newer than version ${known}, the newest this Nightlight knows; upgrade Nightlight`);
  }
  if (version === known) return;
  if (appId === 0 && version === 0) {
    const tables = keepAlive(db.prepare(`SELECT count(*) AS n FROM sqlite_schema`)).get() as { n: number };
    if (tables.n > 0) throw new StoreError(file, "foreign-database", `it is a SQLite database with ${tables.n} schema objects but not a Nightlight store`);
  }
  if (readonly) {
    throw new StoreError(file, "older-schema", `schema version ${version} needs migrating to ${known}; open it once for writing`);
  }
  // IMMEDIATE takes the write lock first, so two processes cannot migrate at once;
  // the version is read again under the lock.
  db.transaction(() => {
    const current = pragma(db, "user_version") as number;
    for (let step = current; step < known; step++) {
      db.exec(MIGRATIONS[step] ?? "");
      pragma(db, `user_version = ${step + 1}`);
    }
    pragma(db, `application_id = ${STORE_APPLICATION_ID}`);
  }).immediate();
}

/**
 * Opens (creating it unless read-only) the store in `file`, in WAL mode with
 * `synchronous = NORMAL`: a committed transaction survives a crash or kill of the
 * process (an OS crash or power loss may lose the last commits, never corrupt).
 * Throws StoreError naming the file when it is not a usable Nightlight store.
 */
export function openStore(file: string, options: OpenStoreOptions = {}): Store {
  const readonly = options.readonly ?? false;
  if (readonly && !existsSync(file)) throw new StoreError(file, "missing", "no such file");
  let db: Database.Database;
  try {
    db = keepAlive(new Database(file, { readonly, fileMustExist: readonly }));
  } catch (error: unknown) {
    if (error instanceof Database.SqliteError) throw new StoreError(file, "not-a-database", error.message, { cause: error });
    throw error;
  }
  try {
    pragma(db, `busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // The first statement that reads the header: a non-SQLite file fails here.
    if (!readonly) pragma(db, "journal_mode = WAL");
    pragma(db, "synchronous = NORMAL");
    migrate(db, file, readonly);
    return new Store(db, file, options.now ?? Date.now);
  } catch (error: unknown) {
    db.close();
    if (error instanceof Database.SqliteError && NOT_A_DATABASE.has(error.code)) {
      throw new StoreError(file, "not-a-database", `not a SQLite database, or a corrupt one (${error.message})`, { cause: error });
    }
    throw error;
  }
}
