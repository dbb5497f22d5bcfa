/**
 * Transactions that nest, on any connection that can run SQL. Same algorithm as
 * better-sqlite3's `db.transaction()` (lib/methods/transaction.js), so that both
 * drivers behave alike, except that the outermost level always starts with
 * BEGIN IMMEDIATE: it takes the write lock (waiting up to busy_timeout) before `fn`
 * runs, where a deferred BEGIN could fail with SQLITE_BUSY halfway through when
 * another process writes.
 */

/** What runTransaction() needs from a connection. */
export interface TransactionHost {
  exec(sql: string): void;
  /** Whether a transaction is open; undefined when the driver cannot tell. */
  readonly inTransaction: boolean | undefined;
}

/** One name for every level: ROLLBACK TO and RELEASE act on the innermost savepoint of that name. */
const SAVEPOINT = `"nightlight.savepoint"`;

/** Levels opened by runTransaction() per host, for drivers that cannot report their state. */
const depths = new WeakMap<TransactionHost, number>();

/**
 * Runs synchronous `fn` in a transaction on `host`: BEGIN IMMEDIATE … COMMIT at the
 * outermost level, SAVEPOINT … RELEASE inside another transaction. When `fn` throws,
 * its writes are rolled back (the enclosing transaction stays open) and the error is
 * rethrown. A `fn` that returns a promise is refused: its awaited part would run
 * after the commit.
 */
export function runTransaction<T>(host: TransactionHost, fn: () => T): T {
  const depth = depths.get(host) ?? 0;
  const nested = host.inTransaction ?? depth > 0;
  host.exec(nested ? `SAVEPOINT ${SAVEPOINT}` : "BEGIN IMMEDIATE");
  depths.set(host, depth + 1);
  try {
    const result = fn();
    if (isThenable(result)) throw new TypeError("Cannot run a transaction whose function returns a promise: it must be synchronous");
    host.exec(nested ? `RELEASE ${SAVEPOINT}` : "COMMIT");
    return result;
  } catch (error: unknown) {
    // SQLite may already have rolled back (SQLITE_FULL, SQLITE_NOMEM, …); ROLLBACK
    // would then fail and hide `error`. A driver that cannot tell is assumed to be open.
    if (host.inTransaction ?? true) {
      if (nested) {
        host.exec(`ROLLBACK TO ${SAVEPOINT}`);
        host.exec(`RELEASE ${SAVEPOINT}`);
      } else {
        host.exec("ROLLBACK");
      }
    }
    throw error;
  } finally {
    depths.set(host, depth);
  }
}

function isThenable(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}
