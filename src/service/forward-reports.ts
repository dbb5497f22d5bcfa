/**
 * Store and forward: sends a probe's pending reports (store/report-outbox.ts) to the
 * observatory's `POST /v1/ingest/bins`, oldest first, and marks each one the
 * observatory acknowledged. Nothing is dropped: a report the observatory refuses (a
 * 4xx other than auth) stays pending with the reason, and is tried again later;
 * network errors, 5xx and auth failures end the pass (the observatory cannot take any
 * report now) and leave everything pending.
 */
import type { ReportOutbox } from "../store/report-outbox.ts";
import { postJson, type PostOptions } from "./post-json.ts";

/** Where reports go. */
export interface ObservatoryEndpoint {
  /** Base URL, e.g. `http://observatory.example:8080`. */
  readonly url: string;
  /** A token with the `ingest` scope. */
  readonly token: string;
  readonly ca?: string | Buffer;
  readonly timeoutMs?: number;
}

/** What one pass did. */
export interface ForwardPass {
  readonly forwarded: number;
  /** Reports refused by the observatory (kept pending). */
  readonly refused: number;
  /** Why the pass stopped early (unreachable, 5xx, 401/403), if it did. */
  readonly stopped?: string;
  readonly pending: number;
}

/** The ingest route, under the observatory's base URL. */
export const INGEST_PATH = "/v1/ingest/bins";

/** Forwards pending reports until none is left or the observatory cannot take more. */
export async function forwardReports(outbox: ReportOutbox, endpoint: ObservatoryEndpoint, options: { readonly batch?: number; readonly now?: () => number } = {}): Promise<ForwardPass> {
  const now = options.now ?? Date.now;
  const url = `${endpoint.url.replace(/\/+$/, "")}${INGEST_PATH}`;
  const post: PostOptions = {
    headers: { authorization: `Bearer ${endpoint.token}` },
    timeoutMs: endpoint.timeoutMs ?? 10_000,
    ...(endpoint.ca === undefined ? {} : { ca: endpoint.ca }),
  };
  let forwarded = 0;
  let refused = 0;
  const skip = new Set<number>();
  for (;;) {
    const batch = outbox.pending(options.batch ?? 50).filter((r) => !skip.has(r.id));
    if (batch.length === 0) break;
    for (const report of batch) {
      let answer: Awaited<ReturnType<typeof postJson>>;
      try {
        answer = await postJson(url, report.body, post);
      } catch (error: unknown) {
        const why = `cannot reach ${endpoint.url}: ${error instanceof Error ? error.message : String(error)}`;
        outbox.markFailed(report.id, why);
        return { forwarded, refused, stopped: why, pending: outbox.counts().pending };
      }
      if (answer.status >= 200 && answer.status < 300) {
        outbox.markForwarded(report.id, now());
        forwarded++;
        continue;
      }
      const why = `${endpoint.url} answered ${answer.status}: ${answer.body.slice(0, 300)}`;
      outbox.markFailed(report.id, why);
      if (answer.status >= 500 || answer.status === 401 || answer.status === 403 || answer.status === 404 || answer.status === 408 || answer.status === 429) {
        return { forwarded, refused, stopped: why, pending: outbox.counts().pending };
      }
      refused++;
      skip.add(report.id);
    }
  }
  return { forwarded, refused, pending: outbox.counts().pending };
}
