import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { openStore } from "./open-store.ts";
import { loadSqliteDriver, selectSqliteDriver, SQLITE_DRIVER_ENV } from "./select-sqlite-driver.ts";
import type { SqliteDriverName } from "./sqlite-driver.ts";

const dir = mkdtempSync(join(tmpdir(), "nightlight-driver-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const NAMES = ["node", "better-sqlite3"] as const satisfies readonly SqliteDriverName[];
const problems = new Map(NAMES.flatMap((name) => {
  const driver = loadSqliteDriver(name);
  return typeof driver === "string" ? [[name, driver] as const] : [];
}));
const available = NAMES.filter((name) => !problems.has(name));

/** Runs `fn` with NIGHTLIGHT_SQLITE set to `name`, as a user would force a driver. */
function withDriver<T>(name: SqliteDriverName, fn: () => T): T {
  const before = process.env[SQLITE_DRIVER_ENV];
  process.env[SQLITE_DRIVER_ENV] = name;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env[SQLITE_DRIVER_ENV];
    else process.env[SQLITE_DRIVER_ENV] = before;
  }
}

test("selectSqliteDriver() prefers node:sqlite and falls back to better-sqlite3", () => {
  const driver = selectSqliteDriver({});
  if (available.length === 0) assert.match(String(driver), /needs Node ≥ 22\.13 \(node:sqlite\) or the better-sqlite3 package on Node 20/);
  else assert.equal(typeof driver === "string" ? driver : driver.name, available[0]);
});

test("selectSqliteDriver() follows NIGHTLIGHT_SQLITE, and names the variable when it cannot", () => {
  for (const name of NAMES) {
    const driver = selectSqliteDriver({ [SQLITE_DRIVER_ENV]: name });
    if (typeof driver === "string") assert.match(driver, new RegExp(`^NIGHTLIGHT_SQLITE=${name}, but `));
    else assert.equal(driver.name, name);
  }
  assert.equal(selectSqliteDriver({ [SQLITE_DRIVER_ENV]: "sqlite3" }), `NIGHTLIGHT_SQLITE=sqlite3 names no driver; use "node" or "better-sqlite3"`);
});

const missing = NAMES.find((name) => problems.has(name));
test("openStore() throws a StoreError naming the file when the forced driver is unavailable", {
  skip: missing === undefined ? "both drivers are available here" : false,
}, () => {
  const file = join(dir, "no-driver.db");
  assert.throws(() => withDriver(missing ?? "node", () => openStore(file)), {
    name: "StoreError", code: "no-driver", message: new RegExp(`^Cannot use store ${file}: no SQLite driver: NIGHTLIGHT_SQLITE=`),
  });
});

for (const [writer, reader] of [["node", "better-sqlite3"], ["better-sqlite3", "node"]] as const) {
  test(`a store written with ${writer} is read and extended with ${reader}`, {
    skip: problems.size > 0 ? `needs both drivers; here ${[...problems.values()].join("; ")}` : false,
  }, () => {
    const file = join(dir, `${writer}-then-${reader}.db`);
    const points = [{ entity: "country/IR", signal: "bgp", time: 0, value: 1.5 }, { entity: "country/IR", signal: "bgp", time: 60_000, value: null }];
    const ingested = { source: "a.gz", kind: "updates", size: 3, digest: "sha256:ab", completedAt: 9, records: 2, errors: [] };
    withDriver(writer, () => {
      const store = openStore(file);
      store.transaction(() => {
        store.putPoints(points, "ris");
        store.markIngested(ingested);
      });
      store.close();
    });
    withDriver(reader, () => {
      const readOnly = openStore(file, { readonly: true });
      assert.deepEqual(readOnly.getSeries({ entity: "country/IR", signal: "bgp", from: 0, until: 180_000, stepMs: 60_000 }).values, [1.5, null, null]);
      assert.deepEqual(readOnly.getIngested("a.gz"), ingested);
      readOnly.close();
      const store = openStore(file);
      store.putPoints([{ entity: "country/IR", signal: "bgp", time: 120_000, value: 2 }], "ris");
      store.close();
    });
    withDriver(writer, () => {
      const store = openStore(file, { readonly: true });
      assert.deepEqual(store.listSignals().map((x) => [x.entity, x.signal, x.source.name, x.stepMs, x.first, x.last]), [["country/IR", "bgp", "ris", 60_000, 0, 120_000]]);
      assert.deepEqual(store.getSeries({ entity: "country/IR", signal: "bgp", from: 0, until: 180_000 }).values, [1.5, null, 2]);
      store.close();
    });
  });
}
