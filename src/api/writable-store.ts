/**
 * The store a write route writes to (ApiDeps.writeStore), or 503 on a server that
 * serves its store read-only: annotations, webhooks and probers' reports alike.
 */
import type { Store } from "../store/store.ts";
import { ApiError } from "./api-error.ts";
import type { ApiDeps } from "./api-env.ts";

/** The writable store, or an ApiError "unavailable" (503). */
export function writableStore(deps: ApiDeps): Store {
  if (deps.writeStore === undefined) throw new ApiError("unavailable", "This server serves its store read-only: writes go to the process that owns it (nightlight serve)");
  return deps.writeStore;
}
