/**
 * Live BGP sessions as a source of `nightlight serve` (the `live` section of the config):
 * the collector of live-bgp-source.ts in the thread that owns the writer, each committed
 * bin handed to the bin listeners (the event tracker), and each peer in the source
 * health registry as `bgp-peer:ADDRESS`: `live` while its session is established,
 * `unreachable` otherwise, with its prefixes and last message in `detail`.
 */
import type { LiveConfig } from "../live/live-config.ts";
import type { BgpEntityKind } from "../routing/bin-points.ts";
import { startLiveBgpSource, type LiveBgpSource } from "./live-bgp-source.ts";
import type { IngestSource } from "./run-ingest.ts";
import type { SourceReporter } from "./source-health.ts";

/** Ms between health refreshes of the peers' figures. */
const REFRESH_MS = 2000;

/** The ingest source of `config`'s sessions, writing `kinds`. */
export function liveIngest(config: LiveConfig, kinds: ReadonlySet<BgpEntityKind>): IngestSource {
  return {
    name: `live ${config.collector}`,
    async run(context) {
      const { health, signal, log } = context;
      const reporters = new Map<string, SourceReporter>();
      // Sessions change state while they start: the health is refreshed once `live` is set.
      let started: LiveBgpSource | undefined;
      const live = await startLiveBgpSource(context.store, config, kinds, {
        log: (line) => log(`live ${config.collector}: ${line}`),
        onState: () => {
          if (started !== undefined) refresh();
        },
        onBin: async (bin, committed) => {
          for (const r of reporters.values()) r.update({ lastBin: bin.time });
          if (committed !== undefined) await context.committed(committed);
        },
      });
      started = live;
      for (const p of config.peers) {
        const r = health.source(`bgp-peer:${p.address}`, "bgp-peer", live.source);
        r.phase("live");
        reporters.set(p.address, r);
      }
      function refresh(): void {
        for (const s of live.collector.status()) {
          const r = reporters.get(s.peer.address);
          if (r === undefined) continue;
          const detail = `AS${s.peer.asn} ${s.state}, ${s.prefixes.v4} IPv4 and ${s.prefixes.v6} IPv6 prefixes${s.stale > 0 ? ` (${s.stale} stale)` : ""}, ${s.updatesPerSecond.toFixed(1)} updates/s`;
          // A session not established is a peer unreachable: its routes are gone, and its
          // collector's bins have no data when no other peer is up.
          if (s.state === "Established") r.succeeded({ detail });
          else r.failed(s.lastError ?? `session ${s.state}`, null, { detail });
        }
      }
      refresh();
      const timer = setInterval(refresh, REFRESH_MS);
      try {
        await new Promise<void>((resolve) => {
          if (signal.aborted) resolve();
          else signal.addEventListener("abort", () => resolve(), { once: true });
        });
      } finally {
        clearInterval(timer);
        await live.stop();
        for (const r of reporters.values()) r.phase("stopped");
      }
    },
  };
}
