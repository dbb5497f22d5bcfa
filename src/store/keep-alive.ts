/**
 * Keeps better-sqlite3 objects reachable for the life of the process.
 *
 * Why: Node 24.19 made `node::ObjectWrap`'s destructor call
 * `RemoveEnvironmentCleanupHook`, which aborts the process (`Assertion failed:
 * (env) != nullptr`, SIGABRT) when V8 finalizes the wrapper from a GC that runs
 * outside any JS context. better-sqlite3 ≤ 12 wraps Database and Statement in raw
 * ObjectWrap (13 moved to Node-API but needs Node ≥ 22, and segfaults on Node 20),
 * so on Node 24 a garbage-collected Statement can kill a replay at a random moment
 * (seen here on Node 24.21 with better-sqlite3 12.11.1; upstream:
 * WiseLibs/better-sqlite3#1515, closed without a fix for 12.x). An object that is
 * never collected is never finalized by the GC, so better-sqlite3-driver.ts pins every
 * Database and Statement it creates here, and the store prepares its statements once
 * per open; the cost is a few KiB per opened store. node:sqlite (Node ≥ 22.13, the
 * default there) does not need this.
 * TODO(#3): drop this with the better-sqlite3 driver once Node 20 support ends.
 */
const PINNED: unknown[] = [];

/** Returns `value`, kept reachable until the process exits. */
export function keepAlive<T>(value: T): T {
  PINNED.push(value);
  return value;
}
