/**
 * What every handler is given: the store (opened read-only by `nightlight serve`),
 * the mobile networks for "mobile-first", and the request's arrival time.
 */
import type { SourceHealth } from "../service/source-health.ts";
import type { Store } from "../store/store.ts";

/** The app's dependencies, injected so tests can run it in-process on any store. */
export interface ApiDeps {
  readonly store: Store;
  readonly mobileAsns?: ReadonlySet<number>;
  /** The sources' health (serve's ingest); none when the store is only served. */
  readonly health?: () => readonly SourceHealth[];
  /** Clock, ms UTC; default Date.now. */
  readonly now?: () => number;
}

/** Hono's environment of the app: per-request variables. */
export interface ApiEnv {
  Variables: {
    /** When the request arrived, ms UTC (IODA's metadata.requestTime). */
    requestTime: number;
  };
}
