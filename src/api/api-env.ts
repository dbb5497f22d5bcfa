/**
 * What every handler is given: the store (opened read-only by `nightlight serve`),
 * the mobile networks for "mobile-first", and the request's arrival time.
 */
import type { DetectionSettings } from "../detect/detect-options.ts";
import type { BinCommitted } from "../service/bin-committed.ts";
import type { SourceHealth } from "../service/source-health.ts";
import type { HttpToken } from "../service/http-tokens-config.ts";
import type { Store } from "../store/store.ts";

/**
 * The app's dependencies, injected so tests can run it in-process on any store.
 * Reads go to `store`. Writes (annotations, webhooks, probers' reports) go to
 * `writeStore`: `serve`, the one process that owns the store file for writing, passes
 * its writable store as both; without it the write routes answer 503 (a read-only
 * server), as `nightlight serve` over a store another process writes.
 */
export interface ApiDeps {
  readonly store: Store;
  readonly writeStore?: Store;
  /** Tokens that may write (`http.tokens`, resolved); none: every write is 401. */
  readonly tokens?: readonly HttpToken[];
  /** Called after a write that changes whom alerts go to (a webhook added), e.g. to wake the dispatcher. */
  readonly onWrite?: (what: "annotation" | "webhook") => void;
  readonly mobileAsns?: ReadonlySet<number>;
  /** The observatory's detection settings (default: none, the defaults). */
  readonly detection?: DetectionSettings;
  /** The sources' health (serve's ingest); none when the store is only served. */
  readonly health?: () => readonly SourceHealth[];
  /** Clock, ms UTC; default Date.now. */
  readonly now?: () => number;
  /** Told of every bin an ingest request (`POST /v1/ingest/bins`, scope `ingest`) committed. */
  readonly onBinsCommitted?: (notices: readonly BinCommitted[]) => void;
}

/** Hono's environment of the app: per-request variables. */
export interface ApiEnv {
  Variables: {
    /** When the request arrived, ms UTC (IODA's metadata.requestTime). */
    requestTime: number;
    /** The name of the token a write was made with (set by requireScope). */
    tokenName: string;
  };
}
