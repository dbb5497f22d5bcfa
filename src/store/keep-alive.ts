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
 * WiseLibs/better-sqlite3#1515, closed without a fix for 12.x). A statement that is
 * never collected is never finalized by the GC, so the store prepares each statement
 * once and pins it here; the cost is a few KiB per opened store.
 * TODO(#3): drop this once Node 20 support ends and better-sqlite3 13 is the floor.
 */
const PINNED: unknown[] = [];

/** Returns `value`, kept reachable until the process exits. */
export function keepAlive<T>(value: T): T {
  PINNED.push(value);
  return value;
}
