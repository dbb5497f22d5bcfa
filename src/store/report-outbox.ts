/**
 * A probe's outbox: each report (one round's bins) is written here first, in one
 * transaction, and forwarded to the observatory when it can be reached (store and
 * forward). A report leaves the outbox's pending list only when the observatory has
 * acknowledged it, so a crash, a cut or a lost answer never loses one; the observatory
 * stores each bin once, so forwarding one again never duplicates it. Its own small
 * SQLite file (WAL, like the store), separate from any store.
 */
import { StoreError } from "./store-error.ts";
import { selectSqliteDriver } from "./select-sqlite-driver.ts";
import type { SqliteDatabase, SqliteStatement } from "./sqlite-driver.ts";

/** One report in the outbox. */
export interface OutboxReport {
  readonly id: number;
  /** What identifies the report, e.g. `inside:lab-isp@1796662510000`; unique. */
  readonly key: string;
  /** The report as JSON (model/reported-bins.ts). */
  readonly body: string;
  readonly createdAt: number;
  /** When the observatory acknowledged it, ms UTC; null while pending. */
  readonly forwardedAt: number | null;
  readonly attempts: number;
  readonly lastError: string | null;
}

interface Row {
  id: number;
  key: string;
  body: string;
  created_at: number;
  forwarded_at: number | null;
  attempts: number;
  last_error: string | null;
}

const toReport = (r: Row): OutboxReport => ({
  id: r.id, key: r.key, body: r.body, createdAt: r.created_at, forwardedAt: r.forwarded_at, attempts: r.attempts, lastError: r.last_error,
});

/** The outbox file. */
export class ReportOutbox {
  readonly file: string;
  readonly #db: SqliteDatabase;
  readonly #q: Record<"add" | "pending" | "forwarded" | "failed" | "counts" | "all", SqliteStatement>;

  private constructor(file: string, db: SqliteDatabase) {
    this.file = file;
    this.#db = db;
    const p = (sql: string): SqliteStatement => db.prepare(sql);
    this.#q = {
      add: p("INSERT OR IGNORE INTO report (key, body, created_at) VALUES (?, ?, ?)"),
      pending: p("SELECT * FROM report WHERE forwarded_at IS NULL ORDER BY id LIMIT ?"),
      forwarded: p("UPDATE report SET forwarded_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?"),
      failed: p("UPDATE report SET attempts = attempts + 1, last_error = ? WHERE id = ?"),
      counts: p("SELECT count(*) AS total, sum(forwarded_at IS NULL) AS pending FROM report"),
      all: p("SELECT * FROM report ORDER BY id"),
    };
  }

  /** Opens (creating) the outbox in `file`. */
  static open(file: string): ReportOutbox {
    const driver = selectSqliteDriver();
    if (typeof driver === "string") throw new StoreError(file, "no-driver", `no SQLite driver: ${driver}`);
    const db = driver.open(file);
    try {
      db.exec("PRAGMA busy_timeout = 5000");
      db.exec("PRAGMA journal_mode = WAL");
      db.exec("PRAGMA synchronous = NORMAL");
      db.exec(`CREATE TABLE IF NOT EXISTS report (
        id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, body TEXT NOT NULL,
        created_at INTEGER NOT NULL, forwarded_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT)`);
      return new ReportOutbox(file, db);
    } catch (error: unknown) {
      db.close();
      throw new StoreError(file, "not-a-database", `cannot use it as an outbox: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  /** Adds a report; false when one with the same key is there already. */
  add(key: string, body: string, now: number = Date.now()): boolean {
    return this.#q.add.run(key, body, now).changes > 0;
  }

  /** The oldest reports not yet acknowledged. */
  pending(limit = 100): OutboxReport[] {
    return (this.#q.pending.all(limit) as Row[]).map(toReport);
  }

  /** Records the observatory's acknowledgement. */
  markForwarded(id: number, now: number = Date.now()): void {
    this.#q.forwarded.run(now, id);
  }

  /** Records a failed attempt; the report stays pending. */
  markFailed(id: number, error: string): void {
    this.#q.failed.run(error.slice(0, 500), id);
  }

  /** Reports in the outbox, and how many are pending. */
  counts(): { total: number; pending: number } {
    const r = this.#q.counts.get() as { total: number; pending: number | null };
    return { total: r.total, pending: r.pending ?? 0 };
  }

  /** Every report, oldest first. */
  all(): OutboxReport[] {
    return (this.#q.all.all() as Row[]).map(toReport);
  }

  close(): void {
    this.#db.close();
  }
}
