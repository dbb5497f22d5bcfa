import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runTransaction } from "./run-transaction.ts";
import type { TransactionHost } from "./run-transaction.ts";
import { loadSqliteDriver } from "./select-sqlite-driver.ts";
import type { SqliteDatabase, SqliteDriverName } from "./sqlite-driver.ts";

const dir = mkdtempSync(join(tmpdir(), "nightlight-transaction-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

for (const name of ["node", "better-sqlite3"] as const satisfies readonly SqliteDriverName[]) {
  const driver = loadSqliteDriver(name);
  const skip = typeof driver === "string" ? `${name} is unavailable here: ${driver}` : false;
  const open = (): SqliteDatabase => {
    if (typeof driver === "string") throw new Error(driver);
    const db = driver.open(join(dir, `t${n++}.db`));
    db.exec("CREATE TABLE t (x INTEGER) STRICT");
    return db;
  };
  const values = (db: SqliteDatabase): number[] => (db.prepare("SELECT x FROM t ORDER BY x").all() as { x: number }[]).map((r) => r.x);

  test(`transaction() commits what fn wrote and returns its result (${name})`, { skip }, () => {
    const db = open();
    const insert = db.prepare("INSERT INTO t VALUES (?)");
    assert.equal(db.transaction(() => {
      assert.equal(db.inTransaction ?? true, true);
      insert.run(1);
      return "done";
    }), "done");
    assert.equal(db.inTransaction ?? false, false);
    assert.deepEqual(values(db), [1]);
    db.close();
  });

  test(`transaction() rolls back and rethrows when fn throws (${name})`, { skip }, () => {
    const db = open();
    const insert = db.prepare("INSERT INTO t VALUES (?)");
    assert.throws(() => db.transaction(() => {
      insert.run(1);
      throw new RangeError("boom");
    }), RangeError);
    assert.equal(db.inTransaction ?? false, false);
    assert.deepEqual(values(db), []);
    db.close();
  });

  test(`a nested transaction() that throws undoes only its own writes (${name})`, { skip }, () => {
    const db = open();
    const insert = db.prepare("INSERT INTO t VALUES (?)");
    db.transaction(() => {
      insert.run(1);
      assert.throws(() => db.transaction(() => {
        insert.run(2);
        db.transaction(() => insert.run(3));
        throw new Error("inner");
      }), /inner/);
      db.transaction(() => insert.run(4));
    });
    assert.deepEqual(values(db), [1, 4]);
    db.close();
  });

  test(`an outer transaction() that throws undoes its committed savepoints too (${name})`, { skip }, () => {
    const db = open();
    const insert = db.prepare("INSERT INTO t VALUES (?)");
    assert.throws(() => db.transaction(() => {
      db.transaction(() => insert.run(1));
      throw new Error("outer");
    }), /outer/);
    assert.deepEqual(values(db), []);
    db.close();
  });

  test(`transaction() refuses an async fn and keeps nothing it wrote (${name})`, { skip }, () => {
    const db = open();
    const insert = db.prepare("INSERT INTO t VALUES (?)");
    assert.throws(() => db.transaction(() => {
      insert.run(1);
      return Promise.resolve();
    }), TypeError);
    assert.deepEqual(values(db), []);
    db.close();
  });
}

test("runTransaction() nests by its own count when the driver cannot report its state (node:sqlite before 22.16)", () => {
  const log: string[] = [];
  const host: TransactionHost = { exec: (sql) => void log.push(sql), inTransaction: undefined };
  assert.throws(() => runTransaction(host, () => {
    runTransaction(host, () => log.push("write"));
    throw new Error("outer");
  }), /outer/);
  assert.deepEqual(log, [
    "BEGIN IMMEDIATE", `SAVEPOINT "nightlight.savepoint"`, "write", `RELEASE "nightlight.savepoint"`, "ROLLBACK",
  ]);
});
