/**
 * The BGP signal's method as a store source: the settings that decide its figures
 * (collectors, full-feed thresholds, visible share, entity kinds, bin length, the
 * IP-to-entity data), their digest, and the method text each signal shows. Every
 * writer of BGP bins (archive replay, the serve ingest loop, live sessions) defines
 * its source here, so the same settings give the same source.
 */
import { createHash } from "node:crypto";
import { lookBackMs } from "../detect/look-back.ts";
import { signalConfig } from "../detect/signal-config.ts";
import { entityDataVersion } from "../entities/entity-data-version.ts";
import { BGP_SIGNAL, type BgpEntityKind } from "../routing/bin-points.ts";
import type { SourceSpec } from "../store/store.ts";

/** What decides a BGP bin's figures. */
export interface BgpMethod {
  /** Collector (or live peer group) names, sorted. */
  readonly collectors: readonly string[];
  readonly binMs: number;
  readonly fullFeedV4: number;
  readonly fullFeedV6: number;
  readonly visibleShare: number;
  readonly kinds: ReadonlySet<BgpEntityKind>;
  /** Ingest name prefix: `bgp` for archives (`bgp:rrc00+…`); live sources name their own. */
  readonly ingest?: string;
  /** The IP-to-entity data when it is not the packaged one (an entity table's digest). */
  readonly entityData?: string;
}

/** The method's parameters as stored with the source; their hash is the digest. */
function methodParameters(m: BgpMethod): Record<string, unknown> {
  return {
    collectors: m.collectors, binMinutes: m.binMs / 60_000, fullFeedV4: m.fullFeedV4, fullFeedV6: m.fullFeedV6,
    visibleShare: m.visibleShare, kinds: [...m.kinds], blocks: { 4: "/24", 6: "/48" },
    origin: "last ASN of the AS path; a final AS_SET counts only when it holds one ASN", binValue: "state at the end of the bin, labelled with its start",
  };
}

/** The source a BGP writer writes: its ingest name and its method's digest (entity data included). */
export function bgpSourceSpec(m: BgpMethod): SourceSpec {
  const parameters = { ...methodParameters(m), entityData: m.entityData ?? entityDataVersion() };
  const digest = `method:${createHash("sha256").update(JSON.stringify(parameters)).digest("hex").slice(0, 16)}`;
  const within = `at least ${m.visibleShare * 100} % of full-feed peer ASNs`;
  return {
    name: `${m.ingest ?? "bgp"}:${m.collectors.join("+")}`, digest, kind: "observatory", parameters,
    methods: {
      [BGP_SIGNAL[4]]: `visible /24s: a /24 counts once when a prefix covering it is seen by ${within} (more than ${m.fullFeedV4} IPv4 routes) of ${m.collectors.join(", ")}; see docs/bgp-signal.md`,
      [BGP_SIGNAL[6]]: `visible /48s: a /48 counts once when a prefix covering it is seen by ${within} (more than ${m.fullFeedV6} IPv6 routes) of ${m.collectors.join(", ")}; see docs/bgp-signal.md`,
    },
  };
}

/**
 * How long an entity keeps "seen" status: within this time after its last bin with
 * visible blocks, a bin without any gets 0 (the routes are gone); later, no value.
 * The longest look-back of the BGP signals' detection settings.
 */
export function bgpZeroWithinMs(): number {
  return Math.max(lookBackMs(signalConfig(BGP_SIGNAL[4])), lookBackMs(signalConfig(BGP_SIGNAL[6])));
}
