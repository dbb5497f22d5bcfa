/**
 * The lab's BGP signal until Nightlight's own BGP speaker takes the collector session
 * (`nightlight collect`, issue 9): the collector namespace runs BIRD, peered with the
 * gateway, and BIRD writes its table as an MRT RIB dump every second (RFC 6396
 * TABLE_DUMP_V2). Each round, Nightlight's archive replay reads the newest dump made by
 * the end of the bin, as it reads a RIS bview, and commits the bin with the one BGP
 * writer, under its own source (`lab-bgp:lab-vantage`) whose method says so.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { EntityIndex } from "../../entities/entity-index.ts";
import { openInput } from "../../mrt/open-input.ts";
import { BlockAttribution } from "../../routing/block-attribution.ts";
import { replayBgp } from "../../routing/replay-bgp.ts";
import { BgpBinWriter } from "../../service/bgp-bin-writer.ts";
import { bgpSourceSpec } from "../../service/bgp-method.ts";
import type { BinCommitted } from "../../service/bin-committed.ts";
import type { Store } from "../../store/store.ts";

/** The collector's name in the lab. */
export const LAB_COLLECTOR = "lab-vantage";

/** BIRD's dump name: rib.YYYYMMDD.HHMMSS.mrt, in UTC (lab.sh runs BIRD with TZ=UTC). */
function dumpTime(name: string): number | null {
  const m = /^rib\.(\d{4})(\d{2})(\d{2})\.(\d{2})(\d{2})(\d{2})\.mrt$/.exec(name);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** Reads the collector's dumps into `bgp` bins. */
export class LabBgpStandIn {
  readonly #store: Store;
  readonly #dir: string;
  readonly #binMs: number;
  readonly #attribution: BlockAttribution;
  readonly #writer: BgpBinWriter;
  readonly #fullFeedV4: number;

  /** `fullFeedV4`: a peer with more routes is full-feed (the lab's world table has a few dozen). */
  constructor(store: Store, index: EntityIndex, options: { readonly mrtDir: string; readonly binMs: number; readonly fullFeedV4: number; readonly entityData: string }) {
    this.#store = store;
    this.#dir = options.mrtDir;
    this.#binMs = options.binMs;
    this.#fullFeedV4 = options.fullFeedV4;
    this.#attribution = BlockAttribution.fromIndex(index);
    const spec = bgpSourceSpec({
      collectors: [LAB_COLLECTOR], binMs: options.binMs, fullFeedV4: options.fullFeedV4, fullFeedV6: 1_000_000, visibleShare: 0.5,
      kinds: new Set(["country", "region", "asn", "country-asn"]), ingest: "lab-bgp", entityData: options.entityData,
    });
    const id = store.defineSource({
      ...spec,
      methods: Object.fromEntries(Object.entries(spec.methods).map(([signal, text]) => [signal, `${text}; in the shutdown lab: the table of a BIRD peered with the lab's gateway, dumped as MRT every second, the newest dump within two seconds of a bin's end standing for its end (a stand-in for nightlight collect)`])),
    });
    this.#writer = new BgpBinWriter(store, id, { binMs: options.binMs, kinds: new Set(["country", "region", "asn", "country-asn"]), index });
  }

  /** Commits the bin starting at `time` from the newest dump made by its end; older dumps are removed. */
  async commit(time: number): Promise<BinCommitted | undefined> {
    const end = time + this.#binMs;
    const dumps = readdirSync(this.#dir).map((name) => ({ name, at: dumpTime(name) })).filter((d): d is { name: string; at: number } => d.at !== null && d.at <= end).sort((a, b) => b.at - a.at);
    const newest = dumps[0];
    // The bin holds the state at its end: the newest dump stands for it when it was made
    // within the last two seconds of the bin (BIRD dumps every second); else no data.
    if (newest === undefined || newest.at < end - 2000) return undefined;
    let notice: BinCommitted | undefined;
    const path = join(this.#dir, newest.name);
    await replayBgp([{ collector: LAB_COLLECTOR, ribs: [{ collector: LAB_COLLECTOR, kind: "rib", path: newest.name, start: end, end }], updates: [] }], {
      from: time, until: end, binMs: this.#binMs, attribution: this.#attribution,
      visibility: { fullFeedV4: this.#fullFeedV4, fullFeedV6: 1_000_000, visibleShare: 0.5 },
      open: async () => ({ name: newest.name, chunks: await openInput(path) }),
      onBin: (bin) => {
        this.#writer.fileRead(newest.name);
        notice = this.#writer.commit(bin)?.notice;
      },
    });
    for (const d of dumps.slice(1)) rmSync(join(this.#dir, d.name), { force: true });
    return notice;
  }

  /** The store the bins go to. */
  get store(): Store {
    return this.#store;
  }
}
