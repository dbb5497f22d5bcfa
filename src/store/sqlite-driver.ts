/**
 * The few SQLite operations the store needs, as an interface with two
 * implementations: Node's built-in `node:sqlite` (node-sqlite-driver.ts) and the
 * better-sqlite3 package (better-sqlite3-driver.ts). select-sqlite-driver.ts picks one.
 * Types only.
 */

/** Names of the drivers, as accepted by `NIGHTLIGHT_SQLITE`. */
export type SqliteDriverName = "node" | "better-sqlite3";

/** A value SQLite can bind: numbers are bound as REAL, which an INTEGER column stores as an integer. */
export type SqliteValue = null | number | bigint | string | Uint8Array;

/** What a write changed. */
export interface SqliteRunResult {
  /** Rows inserted, updated or deleted. */
  readonly changes: number;
}

/**
 * A prepared statement. Rows are objects keyed by column name; with node:sqlite their
 * prototype is null, so copy a row before handing it to code that compares prototypes.
 */
export interface SqliteStatement {
  run(...params: SqliteValue[]): SqliteRunResult;
  /** The first row, or undefined when there is none. */
  get(...params: SqliteValue[]): unknown;
  all(...params: SqliteValue[]): unknown[];
}

/** An open connection to one SQLite file. */
export interface SqliteDatabase {
  /** Which driver opened it. */
  readonly driver: SqliteDriverName;
  /** Whether a transaction is open (SQLite is not in autocommit mode); undefined when the driver cannot tell. */
  readonly inTransaction: boolean | undefined;
  prepare(sql: string): SqliteStatement;
  /** Runs one or more statements that return no rows (the rows of a PRAGMA are ignored). */
  exec(sql: string): void;
  /**
   * Runs synchronous `fn` in a transaction: BEGIN IMMEDIATE at the outermost level,
   * a savepoint when nested; committed when `fn` returns, rolled back when it throws.
   */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/** Options of SqliteDriver.open(). */
export interface SqliteOpenOptions {
  /** Open for reading only. The file must exist: a read-only open never creates one. Default false. */
  readonly readonly?: boolean;
}

/** One way of reaching SQLite from Node. */
export interface SqliteDriver {
  readonly name: SqliteDriverName;
  /** Opens (creating it unless read-only) `file`; throws the driver's SQLite error. */
  open(file: string, options?: SqliteOpenOptions): SqliteDatabase;
  /**
   * The primary result code of a SQLite error thrown by this driver, by its C name
   * (`"SQLITE_NOTADB"`, `"SQLITE_CORRUPT"`; extended codes are reduced to their
   * primary one), or undefined when `error` is not such an error.
   */
  errorCode(error: unknown): string | undefined;
}
