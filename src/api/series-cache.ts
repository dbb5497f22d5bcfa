/**
 * Caching of series: a weak ETag of what the response holds (not of the envelope's
 * clock or timings, which change on every request), Cache-Control, and 304 when the
 * client's If-None-Match names it (RFC 9110 §13.1.2: weak comparison for GET).
 */
import { createHash } from "node:crypto";
import type { Context } from "hono";

/**
 * How long a client may reuse a series without asking: the store is read-only to the
 * server but a replay may add bins beside it, so a minute, then revalidation.
 */
export const SERIES_CACHE_CONTROL = "public, max-age=60, must-revalidate";

/**
 * The ETag of `content` in `format`: a string is hashed as it is (the response text, so
 * it is serialised once), anything else as its JSON.
 */
export function seriesEtag(content: unknown, format: string): string {
  const text = typeof content === "string" ? content : JSON.stringify(content);
  return `W/"${createHash("sha256").update(format).update("\u0000").update(text).digest("base64url").slice(0, 27)}"`;
}

/** Caching headers of a series response, and a 304 when the client already holds it. */
export function seriesCache(c: Context, content: unknown, format: string): { headers: Record<string, string>; notModified: Response | undefined } {
  const etag = seriesEtag(content, format);
  const headers = { ETag: etag, "Cache-Control": SERIES_CACHE_CONTROL, Vary: "Accept" };
  const match = c.req.header("if-none-match");
  const tags = match === undefined ? [] : match.split(",").map((t) => t.trim().replace(/^W\//, ""));
  const hit = match?.trim() === "*" || tags.includes(etag.replace(/^W\//, ""));
  return { headers, notModified: hit ? c.body(null, 304, headers) : undefined };
}
