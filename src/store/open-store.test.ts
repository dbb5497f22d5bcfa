import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { MIGRATIONS, STORE_APPLICATION_ID } from "./migrations.ts";
import { openStore } from "./open-store.ts";
import { loadSqliteDriver, selectSqliteDriver } from "./select-sqlite-driver.ts";
import type { SqliteDatabase, SqliteDriverName } from "./sqlite-driver.ts";

const dir = mkdtempSync(join(tmpdir(), "nightlight-open-store-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(dir, `t${n++}.db`);

/** Opens `file` without the store, with the driver openStore() uses. */
function openRaw(file: string, options: { readonly?: boolean } = {}): SqliteDatabase {
  const driver = selectSqliteDriver();
  if (typeof driver === "string") throw new Error(driver);
  return driver.open(file, options);
}
const pragma = (db: SqliteDatabase, name: string): unknown => (db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown>)[name];

/** Each driver, with the reason to skip it when this Node cannot load it. */
const DRIVERS = (["node", "better-sqlite3"] as const).map((name: SqliteDriverName) => {
  const driver = loadSqliteDriver(name);
  return { name, skip: typeof driver === "string" ? `${name} is unavailable here: ${driver}` : false };
});

test("openStore() migrates an empty file to the newest version, in WAL mode, and reopens it unchanged", () => {
  const file = fresh();
  openStore(file).close();
  const db = openRaw(file, { readonly: true });
  assert.equal(pragma(db, "user_version"), MIGRATIONS.length);
  assert.equal(pragma(db, "application_id"), STORE_APPLICATION_ID);
  assert.equal(pragma(db, "journal_mode"), "wal");
  const rows = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as { name: string }[];
  const tables = rows.map((row) => row.name);
  assert.deepEqual(tables, [
    "alert_outbox", "annotation", "bin", "bin_base", "bin_block", "chunk", "entity", "entity_state", "event", "event_transition",
    "ingested_file", "series", "source", "source_method", "tracking_cursor", "webhook",
  ]);
  db.close();
  const again = openStore(file);
  assert.deepEqual(again.listSignals(), []);
  again.close();
});

test("openStore() migrates a version-1 file with points through every version, keeping every value per source", () => {
  const file = fresh();
  const db = openRaw(file);
  db.exec(String(MIGRATIONS[0]));
  db.exec(`PRAGMA user_version = 1`);
  db.exec(`PRAGMA application_id = ${STORE_APPLICATION_ID}`);
  const insert = db.prepare(`INSERT INTO signal_point (entity, signal, time, value, source) VALUES (?, ?, ?, ?, ?)`);
  for (const [entity, signal, time, value] of [
    ["country/IR", "bgp", 300, 1], ["country/IR", "bgp", 100, null], ["country/IR", "bgp", 200, 0],
    ["country/IR", "probing", 50, 7], ["region/IR-09", "bgp", 100, 2],
  ] as const) insert.run(entity, signal, time, value, "v1");
  db.close();
  const store = openStore(file);
  assert.deepEqual(store.listSignals().map((s) => [s.entity, s.signal, s.source.name, s.first, s.last]), [
    ["country/IR", "bgp", "v1", 200, 300],
    ["country/IR", "probing", "v1", 50, 50],
    ["region/IR-09", "bgp", "v1", 100, 100],
  ]);
  assert.deepEqual(store.getSeries({ entity: "country/IR", signal: "bgp", from: 100, until: 400 }).values, [null, 0, 1]);
  store.close();
  const check = openRaw(file, { readonly: true });
  assert.equal(pragma(check, "user_version"), MIGRATIONS.length);
  check.close();
});

test("openStore() refuses a file whose schema is newer than the code knows", () => {
  const file = fresh();
  openStore(file).close();
  const db = openRaw(file);
  db.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
  db.close();
  assert.throws(() => openStore(file), (error: unknown) => {
    assert.ok(error instanceof Error);
    assert.equal(error.name, "StoreError");
    assert.match(error.message, new RegExp(`^Cannot use store ${file.replaceAll(/[.*+?^${}()|[\]\\]/g, "\\$&")}: schema version ${MIGRATIONS.length + 1} is newer than version ${MIGRATIONS.length}`));
    return true;
  });
});

test("openStore() names the file when it is not SQLite", () => {
  const file = fresh();
  writeFileSync(file, "time,entity,signal,value\n".repeat(200));
  assert.throws(() => openStore(file), { name: "StoreError", code: "not-a-database", message: new RegExp(`${file}: not a SQLite database`) });
});

test("openStore() names the file when a SQLite header is followed by garbage", () => {
  const file = fresh();
  openStore(file).close();
  const bytes = Buffer.alloc(8192, 0xa5);
  Buffer.from("SQLite format 3\0").copy(bytes);
  writeFileSync(file, bytes);
  assert.throws(() => openStore(file), { name: "StoreError", code: "not-a-database", message: new RegExp(file) });
});

test("openStore() refuses another application's SQLite database instead of migrating it", () => {
  const file = fresh();
  const db = openRaw(file);
  db.exec("CREATE TABLE notes (body TEXT)");
  db.close();
  assert.throws(() => openStore(file), { name: "StoreError", code: "foreign-database" });
});

test("openStore({ readonly: true }) refuses a missing file instead of creating it", () => {
  assert.throws(() => openStore(join(dir, "absent.db"), { readonly: true }), { name: "StoreError", code: "missing", message: /absent\.db: no such file/ });
});

for (const { name, skip } of DRIVERS) test(`a kill -9 in the middle of writing loses no committed batch and leaves no partial one (${name})`, { skip }, async () => {
  const file = fresh();
  openStore(file).close();
  const ext = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  const moduleUrl = new URL(`./open-store${ext}`, import.meta.url).href;
  // The child writes 1000-point batches, each in its own transaction, and reports each commit.
  const child = spawn(process.execPath, ["--input-type=module", "-e", `
    import { openStore } from ${JSON.stringify(moduleUrl)};
    const store = openStore(${JSON.stringify(file)});
    for (let batch = 0; ; batch++) {
      const points = Array.from({ length: 1000 }, (_, i) => ({ entity: "asn/" + batch, signal: "bgp", time: i * 60000, value: i }));
      store.transaction(() => {
        store.putPoints(points, "child");
        store.markIngested({ source: "batch-" + batch, kind: "test", size: null, digest: null, completedAt: 0, records: 1000, errors: [] });
      });
      process.stdout.write("committed " + batch + "\\n");
    }
  `], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NIGHTLIGHT_SQLITE: name } });
  let committed = -1;
  await new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => (signal === "SIGKILL" ? resolve() : reject(new Error(`child exited with code ${code} signal ${signal}`))));
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (text: string) => {
      for (const m of text.matchAll(/committed (\d+)/g)) committed = Math.max(committed, Number(m[1]));
      if (committed >= 20) child.kill("SIGKILL");
    });
  });
  // Check a copy too, as a crash leaves it: the main file plus its -wal, without a clean close.
  const copy = `${file}.copy`;
  for (const suffix of ["", "-wal"]) copyFileSync(`${file}${suffix}`, `${copy}${suffix}`);
  for (const target of [copy, file]) {
    const store = openStore(target);
    const counts = new Map(store.listSignals("asn/").map((s) => [Number(s.entity.slice(4)), store.getSeries({ entity: s.entity, signal: "bgp", from: 0, until: 1000 * 60000 }).values.filter((v) => v !== null).length]));
    for (let batch = 0; batch <= committed; batch++) {
      assert.equal(counts.get(batch), 1000, `batch ${batch} was reported committed`);
      assert.equal(store.isIngested(`batch-${batch}`), true);
    }
    for (const [batch, points] of counts) assert.ok(points === 1000, `batch ${batch} is partial: ${points} points`);
    store.close();
  }
});

for (const { name, skip } of DRIVERS) test(`a process that opens, writes and closes stores under GC pressure exits cleanly (Node 24 ObjectWrap abort; ${name})`, { skip }, async () => {
  const file = fresh();
  const ext = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  const moduleUrl = new URL(`./open-store${ext}`, import.meta.url).href;
  // Without keepAlive() this aborts with SIGABRT on Node ≥ 24.19 (see keep-alive.ts).
  const child = spawn(process.execPath, ["--input-type=module", "-e", `
    import { openStore } from ${JSON.stringify(moduleUrl)};
    for (let round = 0; round < 200; round++) {
      const store = openStore(${JSON.stringify(file)});
      store.putPoints([{ entity: "country/IR", signal: "bgp", time: round, value: round }], "gc");
      store.listSignals();
      store.close();
      const junk = Array.from({ length: 20000 }, (_, i) => ({ i, s: String(i) }));
      if (junk.length === 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
  `], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NIGHTLIGHT_SQLITE: name } });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => (stderr += text));
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on("exit", (c, s) => resolve([c, s])));
  assert.deepEqual({ code, signal }, { code: 0, signal: null }, stderr.slice(0, 400));
});
