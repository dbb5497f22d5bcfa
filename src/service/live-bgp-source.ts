/**
 * The live BGP source of the service: the collector of our own sessions
 * (src/live/live-collector.ts) whose bins are committed by the one BGP bin writer,
 * under the source a replay of its recording writes (`bgp:COLLECTOR`, the same
 * method), so that replaying the recording and running live give the same series.
 * `nightlight collect` runs it alone; `serve` runs it beside the archive ingest.
 */
import { loadEntityIndex } from "../entities/load-entity-index.ts";
import { LiveCollector, type LiveCollectorOptions } from "../live/live-collector.ts";
import type { LiveConfig } from "../live/live-config.ts";
import { BlockAttribution } from "../routing/block-attribution.ts";
import type { BgpEntityKind } from "../routing/bin-points.ts";
import { DEFAULT_VISIBILITY } from "../routing/compute-visibility.ts";
import type { ReplayBin } from "../routing/replay-bgp.ts";
import type { Store } from "../store/store.ts";
import type { BinCommitted } from "./bin-committed.ts";
import { BgpBinWriter } from "./bgp-bin-writer.ts";
import { bgpSourceSpec, type BgpMethod } from "./bgp-method.ts";

/** What a caller hears. */
export interface LiveSourceHooks {
  readonly log: (line: string) => void;
  /** A session changed state. */
  readonly onState?: LiveCollectorOptions["onState"];
  /** Each bin closed; `committed` when it was stored (a bin without data is not). */
  readonly onBin?: (bin: ReplayBin, committed: BinCommitted | undefined) => void | Promise<void>;
}

/** A running live BGP source. */
export interface LiveBgpSource {
  readonly collector: LiveCollector;
  /** `bgp:live…`. */
  readonly source: string;
  readonly method: BgpMethod;
  stop(): Promise<void>;
}

/** The method of a live configuration: the same digest as a replay of its recording with these settings. */
export function liveMethod(config: LiveConfig, kinds: ReadonlySet<BgpEntityKind>): BgpMethod {
  const v = config.visibility;
  return {
    collectors: [config.collector], binMs: config.binSeconds * 1000, kinds,
    fullFeedV4: v.fullFeedV4 ?? DEFAULT_VISIBILITY.fullFeedV4, fullFeedV6: v.fullFeedV6 ?? DEFAULT_VISIBILITY.fullFeedV6,
    visibleShare: v.visibleShare ?? DEFAULT_VISIBILITY.visibleShare,
  };
}

/** Starts the sessions of `config` and commits their bins into `store`. */
export async function startLiveBgpSource(store: Store, config: LiveConfig, kinds: ReadonlySet<BgpEntityKind>, hooks: LiveSourceHooks): Promise<LiveBgpSource> {
  const method = liveMethod(config, kinds);
  const spec = bgpSourceSpec(method);
  const sourceId = store.defineSource(spec);
  const index = await loadEntityIndex({ regions: kinds.has("region") });
  const writer = new BgpBinWriter(store, sourceId, { binMs: method.binMs, kinds, index });
  const listen = config.listen;
  const collector = new LiveCollector({
    collector: config.collector, binMs: method.binMs, attribution: BlockAttribution.fromIndex(index),
    visibility: { fullFeedV4: method.fullFeedV4, fullFeedV6: method.fullFeedV6, visibleShare: method.visibleShare },
    ...(config.mrtDir === undefined ? {} : { mrtDir: config.mrtDir }),
    speaker: {
      localAs: config.localAs, routerId: config.routerId ?? listen?.address ?? "0.0.0.0",
      ...(listen === undefined ? {} : { listen }),
      connectRetryMs: config.connectRetrySeconds * 1000, restartTime: config.restartTime,
      peers: config.peers.map((p) => ({
        address: p.address, asn: p.asn, active: p.connect === "active",
        ...(p.port === undefined ? {} : { port: p.port }), ...(p.localAddress === undefined ? {} : { localAddress: p.localAddress }),
        ...(p.holdTime === undefined ? {} : { holdTime: p.holdTime }), ...(p.addPath === undefined ? {} : { addPath: p.addPath }),
        ...(p.name === undefined ? {} : { name: p.name }),
      })),
    },
    log: hooks.log,
    ...(hooks.onState === undefined ? {} : { onState: hooks.onState }),
    problem: (text) => writer.problem(text),
    onBin: async (bin) => {
      const commit = writer.commit(bin);
      await hooks.onBin?.(bin, commit?.notice);
    },
  });
  await collector.start();
  return { collector, source: spec.name, method, stop: () => collector.stop() };
}
