/**
 * Which SQLite driver the store uses: node:sqlite where Node has it (≥ 22.13),
 * else better-sqlite3 (Node 20); `NIGHTLIGHT_SQLITE=node|better-sqlite3` forces one.
 */
import { loadBetterSqlite3Driver } from "./better-sqlite3-driver.ts";
import { loadNodeSqliteDriver } from "./node-sqlite-driver.ts";
import type { SqliteDriver, SqliteDriverName } from "./sqlite-driver.ts";

/** The environment variable that forces a driver (for tests and bug reports). */
export const SQLITE_DRIVER_ENV = "NIGHTLIGHT_SQLITE";

const LOADERS: Readonly<Record<SqliteDriverName, () => SqliteDriver | string>> = {
  node: loadNodeSqliteDriver,
  "better-sqlite3": loadBetterSqlite3Driver,
};
const loaded = new Map<SqliteDriverName, SqliteDriver | string>();

/** The named driver, or a sentence saying why it cannot be used here. Loaded once per process. */
export function loadSqliteDriver(name: SqliteDriverName): SqliteDriver | string {
  let driver = loaded.get(name);
  if (driver === undefined) {
    driver = LOADERS[name]();
    loaded.set(name, driver);
  }
  return driver;
}

/**
 * The driver to open stores with: the one `env.NIGHTLIGHT_SQLITE` names, else
 * node:sqlite when this Node has it, else better-sqlite3. Returns a sentence saying
 * why when there is none (the caller names the file).
 */
export function selectSqliteDriver(env: NodeJS.ProcessEnv = process.env): SqliteDriver | string {
  const forced = env[SQLITE_DRIVER_ENV];
  if (forced !== undefined && forced !== "") {
    if (forced !== "node" && forced !== "better-sqlite3") return `${SQLITE_DRIVER_ENV}=${forced} names no driver; use "node" or "better-sqlite3"`;
    const driver = loadSqliteDriver(forced);
    return typeof driver === "string" ? `${SQLITE_DRIVER_ENV}=${forced}, but ${driver}` : driver;
  }
  const node = loadSqliteDriver("node");
  if (typeof node !== "string") return node;
  // Only now: on Node ≥ 22.13 better-sqlite3 is never loaded, so a missing or
  // mismatched binary there does not matter.
  const better = loadSqliteDriver("better-sqlite3");
  if (typeof better !== "string") return better;
  return `needs Node ≥ 22.13 (node:sqlite) or the better-sqlite3 package on Node 20; ${node}, and ${better}`;
}
