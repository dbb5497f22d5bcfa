/**
 * Loading `node:sqlite` without its ExperimentalWarning.
 *
 * Node 22.13+ prints "ExperimentalWarning: SQLite is an experimental feature and might
 * change at any time" the first time node:sqlite is loaded (lib/sqlite.js calls
 * emitExperimentalWarning("SQLite"), which goes through process.emitWarning); Node
 * 24.21 no longer does. A user of `nightlight replay` cannot act on it, so it is
 * dropped; every other warning still goes through.
 */

/** The text Node emits, without the "ExperimentalWarning: " prefix. */
export const SQLITE_EXPERIMENTAL_WARNING = "SQLite is an experimental feature and might change at any time";

/** Whether process.emitWarning() arguments are the SQLite ExperimentalWarning. */
export function isSqliteExperimentalWarning(warning: unknown, type: unknown): boolean {
  if (warning instanceof Error) return warning.name === "ExperimentalWarning" && warning.message === SQLITE_EXPERIMENTAL_WARNING;
  const name = typeof type === "string" ? type : (type as { type?: unknown } | undefined)?.type;
  return name === "ExperimentalWarning" && warning === SQLITE_EXPERIMENTAL_WARNING;
}

/**
 * Runs synchronous `load` with process.emitWarning() dropping the SQLite
 * ExperimentalWarning and passing every other warning on; restores it afterwards.
 */
export function withoutSqliteWarning<T>(load: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]): void {
    if (isSqliteExperimentalWarning(warning, rest[0])) return;
    Reflect.apply(emitWarning, process, [warning, ...rest]);
  } as typeof process.emitWarning;
  try {
    return load();
  } finally {
    process.emitWarning = emitWarning;
  }
}
