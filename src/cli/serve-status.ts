/**
 * The terminal side of serve's source health: a status line of every source (on a
 * terminal), and a lasting line whenever a source changes state (everywhere: in logs
 * too), with the figures the registry holds — the same ones /v1/sources gives.
 */
import type { SourceHealth, SourceHealthRegistry } from "../service/source-health.ts";
import type { Progress } from "./progress.ts";

const hhmm = (t: number | null): string => (t === null ? "?" : `${new Date(t).toISOString().slice(11, 16)} UTC`);
const name = (h: SourceHealth): string => h.id.replace(/^archive:/, "");

/** A source in a few words: `rrc00 backfilling 120/300 bins`, `rrc26 unreachable since 12:03 UTC (retry 12:08 UTC)`. */
export function healthWords(h: SourceHealth): string {
  if (h.state === "unreachable") return `${name(h)} unreachable since ${hhmm(h.since)} (retry ${hhmm(h.nextRetry)})`;
  if (h.state === "backfilling") return `${name(h)} backfilling ${h.backfill === null ? "" : `${h.backfill.done}/${h.backfill.total} bins`}`.trimEnd();
  if (h.state === "behind") return `${name(h)} ${h.binsBehind ?? "?"} bins behind`;
  if (h.state === "live") return `${name(h)} live${h.lastBin === null ? "" : `, last bin ${hhmm(h.lastBin)}`}`;
  return `${name(h)} stopped`;
}

/** The lasting line of a state change. */
function changeLine(h: SourceHealth): string {
  const prefix = `nightlight serve: ${h.id}`;
  if (h.state === "unreachable") return `${prefix}: unreachable since ${hhmm(h.since)}: ${h.lastError?.message ?? "no answer"}; next retry ${hhmm(h.nextRetry)}`;
  if (h.state === "backfilling") return `${prefix}: backfilling${h.feeds === null ? "" : ` ${h.feeds}`}${h.backfill === null ? "" : `, ${h.backfill.done} of ${h.backfill.total} bins done`}`;
  if (h.state === "behind") return `${prefix}: ${h.binsBehind ?? "?"} bins behind`;
  if (h.state === "live") return `${prefix}: live${h.lastBin === null ? "" : ` (last bin ${hhmm(h.lastBin)})`}`;
  return `${prefix}: stopped${h.detail === null ? "" : `: ${h.detail}`}`;
}

/** Shows `registry` on `progress` until the returned function is called. */
export function showHealth(registry: SourceHealthRegistry, progress: Progress): () => void {
  const seen = new Map<string, SourceHealth["state"]>();
  const first = new Set<string>();
  return registry.onChange((h) => {
    if (seen.get(h.id) !== h.state) {
      seen.set(h.id, h.state);
      progress.note(changeLine(h));
    }
    const feeds = h.feeds ?? h.id;
    if (h.lastBin !== null && !first.has(feeds)) {
      first.add(feeds);
      progress.note(`nightlight serve: ${feeds}: first bin stored (${new Date(h.lastBin).toISOString().replace(":00.000Z", "Z")}); the API serves its figures`);
    }
    progress.show(registry.list().map(healthWords).join(" · "));
  });
}
