/**
 * The view from inside: one round of an inside probe (every domestic and international
 * target measured at once) and its report to the observatory: the share (%) of each
 * list reached, as signals `inside-domestic` and `inside-international` of the
 * entities where the probe sits, with every target's result as provenance.
 */
import type { BinProvenance } from "../model/provenance.ts";
import type { ReportedBins } from "../model/reported-bins.ts";
import type { EntityId } from "../model/signal.ts";
import type { InsideTarget } from "./inside-config.ts";
import { measureTarget, type MeasureOptions, type TargetResult } from "./measure-target.ts";

/** The inside probe's signals. */
export const INSIDE_DOMESTIC_SIGNAL = "inside-domestic";
export const INSIDE_INTERNATIONAL_SIGNAL = "inside-international";

/** What decides an inside probe's figures. */
export interface InsideMethod {
  readonly name: string;
  readonly entities: readonly EntityId[];
  readonly roundMs: number;
  readonly timeoutMs: number;
  readonly resolver: string | null;
  readonly domestic: readonly InsideTarget[];
  readonly international: readonly InsideTarget[];
}

/** One round's results. */
export interface InsideRound {
  readonly start: number;
  readonly roundMs: number;
  readonly domestic: readonly TargetResult[];
  readonly international: readonly TargetResult[];
  readonly finishedAt: number;
}

/** Measures every target once, all at the same time. */
export async function runInsideRound(m: InsideMethod, start: number, options: Omit<MeasureOptions, "timeoutMs" | "resolver"> & { readonly clock?: () => number } = {}): Promise<InsideRound> {
  const measure: MeasureOptions = { ...options, timeoutMs: m.timeoutMs, ...(m.resolver === null ? {} : { resolver: m.resolver }) };
  const [domestic, international] = await Promise.all([
    Promise.all(m.domestic.map((t) => measureTarget(t, measure))),
    Promise.all(m.international.map((t) => measureTarget(t, measure))),
  ]);
  return { start, roundMs: m.roundMs, domestic, international, finishedAt: (options.clock ?? Date.now)() };
}

const share = (results: readonly TargetResult[]): number => (results.length === 0 ? 0 : (100 * results.filter((r) => r.reached).length) / results.length);

/** The source of an inside probe's reports. */
export function insideSource(m: InsideMethod): ReportedBins["source"] {
  const list = (targets: readonly InsideTarget[]) => targets.map((t) => ({ name: t.name, port: t.port ?? 443, path: t.path ?? "/", ...(t.address === undefined ? {} : { address: t.address }), ...(t.expect === undefined ? {} : { expect: t.expect }) }));
  const every = m.roundMs >= 60_000 ? `${m.roundMs / 60_000} min` : `${m.roundMs / 1000} s`;
  const how = (which: string, n: number) => `share (%) of ${n} ${which} targets reached from inside by probe ${m.name} every ${every}: DNS resolution, TCP connection and an HTTPS fetch of a known page each (reached: the page fetched); see docs/probing.md`;
  return {
    name: `inside:${m.name}`,
    parameters: {
      probe: m.name, entities: m.entities, roundSeconds: m.roundMs / 1000, timeoutSeconds: m.timeoutMs / 1000, resolver: m.resolver,
      domestic: list(m.domestic), international: list(m.international), value: "share of the list's targets reached, %",
    },
    methods: { [INSIDE_DOMESTIC_SIGNAL]: how("domestic", m.domestic.length), [INSIDE_INTERNATIONAL_SIGNAL]: how("international", m.international.length) },
  };
}

/** The report of one round. */
export function insideReport(m: InsideMethod, round: InsideRound): ReportedBins {
  const values = m.entities.flatMap((entity) => [
    { entity, signal: INSIDE_DOMESTIC_SIGNAL, value: share(round.domestic) },
    { entity, signal: INSIDE_INTERNATIONAL_SIGNAL, value: share(round.international) },
  ]);
  const provenance: BinProvenance = {
    collectors: [m.name],
    finishedAt: new Date(round.finishedAt).toISOString(),
    domestic: round.domestic,
    international: round.international,
  };
  return { source: insideSource(m), bins: [{ time: round.start, stepMs: round.roundMs, values, provenance }] };
}
