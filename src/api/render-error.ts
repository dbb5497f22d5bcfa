/**
 * The one shape of every error response: `error` (the message), `code` (stable, see
 * API_ERROR_STATUS) and `parameter` (or null). Under `/v2/` the same fields sit in
 * IODA's envelope, whose `error` is a message string too (Envelope::setError), so IODA
 * clients read it as they read IODA's. A failure that is not an ApiError is logged by
 * the caller and answered as `internal` without its message: no stack, no path.
 */
import type { Context } from "hono";
import { ApiError } from "./api-error.ts";
import type { ApiEnv } from "./api-env.ts";
import { iodaEnvelope } from "./ioda-envelope.ts";

/** IODA's envelope `type` per path, for errors under `/v2/`. */
function iodaType(path: string): string {
  if (path.startsWith("/v2/signals")) return "signals";
  if (path.startsWith("/v2/entities")) return "entities.lookup";
  if (path.startsWith("/v2/datasources")) return "datasources";
  const outages = /^\/v2\/outages\/(\w+)/.exec(path);
  return outages === null ? "error" : `outages.${outages[1] ?? ""}`;
}

/** The ApiError a thrown value stands for (`internal` unless it is one). */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError("internal", "Internal error: the request could not be answered; the server's log has the details");
}

/** The JSON response of an error. */
export function renderError(c: Context<ApiEnv>, error: ApiError): Response {
  const fields = { code: error.code, parameter: error.parameter };
  const path = c.req.path;
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  // RFC 6750 §3: a 401 says which scheme it wants.
  if (error.code === "unauthorized") headers["WWW-Authenticate"] = 'Bearer realm="nightlight"';
  if (path.startsWith("/v2/")) {
    const requestTime = c.get("requestTime") ?? Date.now();
    const query = Object.fromEntries(Object.entries(c.req.query()).map(([k, v]) => [k.slice(0, 100), v.slice(0, 200)]));
    return c.json({ ...iodaEnvelope(iodaType(path), query, { error: error.message }, requestTime), ...fields }, error.status, headers);
  }
  return c.json({ error: error.message, ...fields }, error.status, headers);
}
