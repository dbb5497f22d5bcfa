/**
 * The store's SQLite driver on Node ≥ 22.13: the built-in `node:sqlite` (SQLite
 * compiled into Node, so nothing to download or compile, and no native addon whose
 * ABI must match the running Node).
 */
import { runTransaction } from "./run-transaction.ts";
import type { SqliteDatabase, SqliteDriver, SqliteOpenOptions, SqliteRunResult, SqliteStatement, SqliteValue } from "./sqlite-driver.ts";
import { withoutSqliteWarning } from "./without-sqlite-warning.ts";

/** The part of `node:sqlite` used here (@types/node 20 does not describe it). */
interface NodeSqliteModule {
  readonly DatabaseSync: new (path: string, options: { readonly readOnly: boolean }) => NodeDatabaseSync;
}
interface NodeDatabaseSync {
  /** Node ≥ 22.16 and 24.0. */
  readonly isTransaction?: boolean;
  prepare(sql: string): NodeStatementSync;
  exec(sql: string): void;
  close(): void;
}
interface NodeStatementSync {
  /** `changes` is a number: readBigInts is off. */
  run(...params: SqliteValue[]): SqliteRunResult;
  get(...params: SqliteValue[]): unknown;
  all(...params: SqliteValue[]): unknown[];
}

/** SQLite primary result codes (sqlite3.h) by number, for node:sqlite's numeric `errcode`. */
const RESULT_CODES: readonly string[] = [
  "OK", "ERROR", "INTERNAL", "PERM", "ABORT", "BUSY", "LOCKED", "NOMEM", "READONLY", "INTERRUPT",
  "IOERR", "CORRUPT", "NOTFOUND", "FULL", "CANTOPEN", "PROTOCOL", "EMPTY", "SCHEMA", "TOOBIG", "CONSTRAINT",
  "MISMATCH", "MISUSE", "NOLFS", "AUTH", "FORMAT", "RANGE", "NOTADB", "NOTICE", "WARNING",
];

class NodeSqliteDatabase implements SqliteDatabase {
  readonly driver = "node";
  readonly #db: NodeDatabaseSync;
  constructor(db: NodeDatabaseSync) {
    this.#db = db;
  }
  get inTransaction(): boolean | undefined {
    return this.#db.isTransaction;
  }
  prepare(sql: string): SqliteStatement {
    // StatementSync already has the interface's shape; no wrapper on the hot path.
    return this.#db.prepare(sql);
  }
  exec(sql: string): void {
    this.#db.exec(sql);
  }
  transaction<T>(fn: () => T): T {
    return runTransaction(this, fn);
  }
  close(): void {
    this.#db.close();
  }
}

function errorCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== "ERR_SQLITE_ERROR") return undefined;
  const errcode = (error as { errcode?: unknown }).errcode;
  if (typeof errcode !== "number") return undefined;
  // Extended codes keep the primary code in their low byte (sqlite3.h).
  const name = RESULT_CODES[errcode & 0xff];
  return name === undefined ? undefined : `SQLITE_${name}`;
}

/**
 * The node:sqlite driver, or why it is unavailable: Node 20 has no node:sqlite, and
 * Node 22.5–22.12 hide it behind `--experimental-sqlite`.
 */
export function loadNodeSqliteDriver(): SqliteDriver | string {
  // process.getBuiltinModule() is synchronous (openStore() is) and returns undefined
  // for a module this Node lacks; Node 20.16 and 22.3 added it.
  if (typeof process.getBuiltinModule !== "function") return `Node ${process.version} has no process.getBuiltinModule()`;
  const sqlite = withoutSqliteWarning(() => process.getBuiltinModule("node:sqlite")) as Partial<NodeSqliteModule> | undefined;
  const DatabaseSync = sqlite?.DatabaseSync;
  if (typeof DatabaseSync !== "function") return `Node ${process.version} has no node:sqlite (it needs Node ≥ 22.13)`;
  return {
    name: "node",
    open: (file: string, options: SqliteOpenOptions = {}) =>
      new NodeSqliteDatabase(new DatabaseSync(file, { readOnly: options.readonly ?? false })),
    errorCode,
  };
}
