/**
 * What every handler is given: the store (opened read-only by `nightlight serve`),
 * the mobile networks for "mobile-first", and the request's arrival time.
 */
import type { DetectionSettings } from "../detect/detect-options.ts";
import type { BinCommitted } from "../service/bin-committed.ts";
import type { Store } from "../store/store.ts";

/** A write token as the API checks it: a name, the SHA-256 (hex) of its text, its scopes (design note 0002). */
export interface ApiToken {
  readonly name: string;
  readonly sha256: string;
  readonly scopes: readonly string[];
}

/** The app's dependencies, injected so tests can run it in-process on any store. */
export interface ApiDeps {
  readonly store: Store;
  readonly mobileAsns?: ReadonlySet<number>;
  /** The observatory's detection settings (default: none, the defaults). */
  readonly detection?: DetectionSettings;
  /** Clock, ms UTC; default Date.now. */
  readonly now?: () => number;
  /**
   * Write tokens. With a token of scope `ingest` the app takes reports of probers and
   * inside probes (`POST /v1/ingest/bins`) into `store`, which must then be writable.
   */
  readonly tokens?: readonly ApiToken[];
  /** Told of every bin an ingest request committed (the event tracker, source health). */
  readonly onBinsCommitted?: (notices: readonly BinCommitted[]) => void;
}

/** Hono's environment of the app: per-request variables. */
export interface ApiEnv {
  Variables: {
    /** When the request arrived, ms UTC (IODA's metadata.requestTime). */
    requestTime: number;
  };
}
