/**
 * The store's SQLite driver on Node 20: the better-sqlite3 package (an optional
 * dependency, a native addon built for one Node ABI). Every object it creates is kept
 * reachable (keep-alive.ts): better-sqlite3 ≤ 12 aborts Node ≥ 24.19 when the GC
 * finalizes one.
 */
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { keepAlive } from "./keep-alive.ts";
import { runTransaction } from "./run-transaction.ts";
import type { SqliteDatabase, SqliteDriver, SqliteOpenOptions, SqliteStatement } from "./sqlite-driver.ts";

class BetterSqlite3Database implements SqliteDatabase {
  readonly driver = "better-sqlite3";
  readonly #db: BetterSqlite3.Database;
  constructor(db: BetterSqlite3.Database) {
    this.#db = keepAlive(db);
  }
  get inTransaction(): boolean {
    return this.#db.inTransaction;
  }
  prepare(sql: string): SqliteStatement {
    return keepAlive(this.#db.prepare(sql));
  }
  exec(sql: string): void {
    // sqlite3_exec() inside: no Statement object for the GC to finalize.
    this.#db.exec(sql);
  }
  transaction<T>(fn: () => T): T {
    // Not this.#db.transaction(): runTransaction() gives both drivers the same BEGIN IMMEDIATE.
    return runTransaction(this, fn);
  }
  close(): void {
    this.#db.close();
  }
}

/**
 * The better-sqlite3 driver, or why it is unavailable: the package is not installed
 * (it is an optional dependency), or its binary was built for another Node (after
 * switching Node, `npm rebuild better-sqlite3`).
 */
export function loadBetterSqlite3Driver(): SqliteDriver | string {
  const require = createRequire(import.meta.url);
  let Database: typeof BetterSqlite3;
  try {
    Database = require("better-sqlite3") as typeof BetterSqlite3;
  } catch (error: unknown) {
    if ((error as { code?: unknown }).code === "MODULE_NOT_FOUND") return `better-sqlite3 is not installed (${oneLine(error)})`;
    throw error;
  }
  try {
    // The native binary loads on the first open: try it here, so that a binary built
    // for another Node counts as unavailable rather than failing every openStore().
    keepAlive(new Database(":memory:")).close();
  } catch (error: unknown) {
    return `better-sqlite3 cannot load on Node ${process.version}: ${oneLine(error)}`;
  }
  const errorCode = (error: unknown): string | undefined =>
    error instanceof Database.SqliteError ? /^SQLITE_[A-Z]+/.exec(error.code)?.[0] : undefined;
  return {
    name: "better-sqlite3",
    open: (file: string, options: SqliteOpenOptions = {}) => {
      const readonly = options.readonly ?? false;
      return new BetterSqlite3Database(new Database(file, { readonly, fileMustExist: readonly }));
    },
    errorCode,
  };
}

/** An error's message on one line (Node's ABI-mismatch message spans four; a require stack more). */
function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\nRequire stack:", 1)[0]?.replaceAll(/\s+/g, " ").trim() ?? "";
}
