import assert from "node:assert/strict";
import { test } from "node:test";
import { isSqliteExperimentalWarning, SQLITE_EXPERIMENTAL_WARNING, withoutSqliteWarning } from "./without-sqlite-warning.ts";

test("withoutSqliteWarning() drops exactly the SQLite ExperimentalWarning and restores process.emitWarning", () => {
  const original = process.emitWarning;
  const seen: unknown[][] = [];
  process.emitWarning = ((...args: unknown[]) => void seen.push(args)) as typeof process.emitWarning;
  const spy = process.emitWarning;
  try {
    const result = withoutSqliteWarning(() => {
      process.emitWarning(SQLITE_EXPERIMENTAL_WARNING, "ExperimentalWarning");
      process.emitWarning(SQLITE_EXPERIMENTAL_WARNING, { type: "ExperimentalWarning" });
      process.emitWarning("WASI is an experimental feature and might change at any time", "ExperimentalWarning");
      process.emitWarning(SQLITE_EXPERIMENTAL_WARNING, "DeprecationWarning");
      return 7;
    });
    assert.equal(result, 7);
    assert.equal(process.emitWarning, spy);
  } finally {
    process.emitWarning = original;
  }
  assert.deepEqual(seen, [
    ["WASI is an experimental feature and might change at any time", "ExperimentalWarning"],
    [SQLITE_EXPERIMENTAL_WARNING, "DeprecationWarning"],
  ]);
});

test("isSqliteExperimentalWarning() recognises the warning as an Error object too", () => {
  const warning = Object.assign(new Error(SQLITE_EXPERIMENTAL_WARNING), { name: "ExperimentalWarning" });
  assert.equal(isSqliteExperimentalWarning(warning, undefined), true);
  assert.equal(isSqliteExperimentalWarning(new Error(SQLITE_EXPERIMENTAL_WARNING), undefined), false);
});
