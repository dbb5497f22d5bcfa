/**
 * A source's health as `/v1/sources` gives it (and the dashboard reads it): the
 * registry's entry with its times as ISO 8601 UTC, null where there is none.
 */
import type { SourceHealth } from "./source-health.ts";

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/** The JSON of one entry. */
export function healthJson(h: SourceHealth): Record<string, unknown> {
  return {
    id: h.id, kind: h.kind, feeds: h.feeds, state: h.state, since: iso(h.since), lastSuccess: iso(h.lastSuccess),
    lastError: h.lastError === null ? null : { at: iso(h.lastError.at), message: h.lastError.message },
    nextRetry: iso(h.nextRetry), backfill: h.backfill, binsBehind: h.binsBehind, lastBin: iso(h.lastBin), bytes: h.bytes, detail: h.detail,
  };
}
