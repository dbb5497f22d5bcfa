/**
 * A probing round as a report to the observatory (model/reported-bins.ts): the up /24s
 * per entity under signal `active-probing`, with the round's provenance, and the source
 * the prober writes: `probing:VANTAGE` with the parameters that decide its figures.
 */
import type { Entity } from "../model/entity.ts";
import type { BinProvenance } from "../model/provenance.ts";
import type { ReportedBins } from "../model/reported-bins.ts";
import type { EntityId } from "../model/signal.ts";
import { countUpBlocks } from "./count-up-blocks.ts";
import type { ProbeRoundResult } from "./run-probe-round.ts";
import { BELIEF_DOWN, BELIEF_MAX, BELIEF_MIN, BELIEF_UP } from "./trinocular-belief.ts";

/** The signal a prober writes: /24s up per entity (IODA's `ping-slash24`). */
export const ACTIVE_PROBING_SIGNAL = "active-probing";

/** What decides a prober's figures. */
export interface ProbingMethod {
  /** The vantage point's name (the source is `probing:NAME`). */
  readonly vantage: string;
  readonly roundMs: number;
  readonly slices: number;
  readonly budget: number;
  readonly method: "icmp-echo" | "tcp-syn";
  readonly tcpPort?: number;
  readonly minAddresses: number;
  readonly minAvailability: number;
  /** The target list: its SHA-256, blocks in it and eligible blocks. */
  readonly targets: { readonly sha256: string; readonly blocks: number; readonly eligible: number };
  readonly controls: number;
  /** The IP-to-entity data (packages and versions, or an entity table's digest). */
  readonly entityData: string;
}

/** The source of a prober's reports. */
export function probingSource(m: ProbingMethod): ReportedBins["source"] {
  const parameters = {
    model: "Trinocular (Quan, Heidemann, Pradkin, SIGCOMM 2013) as IODA runs it",
    vantage: m.vantage, roundSeconds: m.roundMs / 1000, slices: m.slices, budget: m.budget,
    probe: m.method === "tcp-syn" ? `tcp-syn port ${m.tcpPort ?? 80}` : "icmp-echo",
    eligibility: { minAddresses: m.minAddresses, minAvailability: m.minAvailability },
    belief: { min: BELIEF_MIN, max: BELIEF_MAX, up: BELIEF_UP, down: BELIEF_DOWN },
    targets: m.targets, controls: m.controls, entityData: m.entityData,
    binValue: "blocks up at the end of the round, labelled with its start",
  };
  const every = m.roundMs >= 60_000 ? `${m.roundMs / 60_000} min` : `${m.roundMs / 1000} s`;
  return {
    name: `probing:${m.vantage}`,
    parameters,
    methods: {
      [ACTIVE_PROBING_SIGNAL]: `/24s up from vantage point ${m.vantage}: Trinocular's belief (> ${BELIEF_UP}) over ${m.targets.eligible} eligible blocks (≥ ${m.minAddresses} ever-responsive addresses, availability ≥ ${m.minAvailability}), one ${parameters.probe} probe per block every ${every} plus up to ${m.budget - 1} adaptive ones; see docs/probing.md`,
    },
  };
}

/**
 * The report of one round. A round from a vantage point that was itself cut off holds
 * no values (no data, never zero) and says so in its provenance.
 */
export function probeReport(m: ProbingMethod, round: ProbeRoundResult, blockEntities: readonly (readonly EntityId[])[], named: (ids: readonly EntityId[]) => Entity[]): ReportedBins {
  const counts = countUpBlocks(blockEntities, round.statuses);
  const cutOff = round.vantage.cutOff === true;
  const country = counts.filter((c) => c.entity.startsWith("country/"));
  const provenance: BinProvenance = {
    collectors: [m.vantage],
    probes: round.probes, controlProbes: round.controlProbes, unroutable: round.unroutable, lost: round.lost,
    blocks: {
      watched: round.statuses.length,
      up: round.statuses.filter((s) => s === 0).length,
      down: round.statuses.filter((s) => s === 1).length,
      uncertain: round.statuses.filter((s) => s === 2).length,
    },
    vantage: round.vantage,
    finishedAt: new Date(round.finishedAt).toISOString(),
    entityData: m.entityData,
    problems: cutOff ? [`vantage point ${m.vantage} cut off: none of its ${round.vantage.controls} control addresses answered (${round.vantage.answeredAtStart} at the start, ${round.vantage.answeredAtEnd} at the end); the round is not evidence about its targets`] : [],
    countries: country.map((c) => ({ entity: c.entity, up: c.up, down: c.down, uncertain: c.uncertain })),
  };
  const values = cutOff ? [] : counts.map((c) => ({ entity: c.entity, signal: ACTIVE_PROBING_SIGNAL, value: c.up }));
  return {
    source: probingSource(m),
    entities: named(counts.map((c) => c.entity)),
    bins: [{ time: round.start, stepMs: round.roundMs, values, provenance }],
  };
}
