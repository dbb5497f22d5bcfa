/**
 * The provenance of a window of bins in a few figures: which collectors, how many
 * full-feed peers, how many files, which problems. What a report prints under a chart.
 */
import type { BinProvenance, BinsProvenance } from "../model/provenance.ts";

const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === "string") : []);

/** Sums up the provenance records of the bins of one source in a window. */
export function summarizeBins(records: readonly { readonly provenance: BinProvenance }[]): BinsProvenance {
  const collectors = new Set<string>();
  const entityData = new Set<string>();
  const problems = new Map<string, number>();
  let files = 0;
  let peers: { v4: [number, number]; v6: [number, number] } | null = null;
  for (const { provenance: p } of records) {
    for (const c of strings(p.collectors)) collectors.add(c);
    files += strings(p.files).length;
    for (const m of new Set(strings(p.problems))) problems.set(m, (problems.get(m) ?? 0) + 1);
    if (typeof p.entityData === "string") entityData.add(p.entityData);
    const f = p.fullFeedPeers;
    if (f !== undefined) {
      peers ??= { v4: [f.v4, f.v4], v6: [f.v6, f.v6] };
      peers.v4 = [Math.min(peers.v4[0], f.v4), Math.max(peers.v4[1], f.v4)];
      peers.v6 = [Math.min(peers.v6[0], f.v6), Math.max(peers.v6[1], f.v6)];
    }
  }
  return {
    bins: records.length, collectors: [...collectors].sort(), fullFeedPeers: peers, files,
    problems: [...problems].map(([message, bins]) => ({ message, bins })), entityData: [...entityData],
  };
}

/**
 * The summary of several disjoint stretches of bins as one, in the order given: what
 * {@link summarizeBins} gives over all their records at once (problems and entity data
 * in order of first appearance).
 */
export function mergeBinsProvenance(parts: readonly BinsProvenance[]): BinsProvenance {
  const collectors = new Set<string>();
  const entityData = new Set<string>();
  const problems = new Map<string, number>();
  let bins = 0;
  let files = 0;
  let peers: { v4: [number, number]; v6: [number, number] } | null = null;
  for (const p of parts) {
    bins += p.bins;
    files += p.files;
    for (const c of p.collectors) collectors.add(c);
    for (const e of p.entityData) entityData.add(e);
    for (const { message, bins: n } of p.problems) problems.set(message, (problems.get(message) ?? 0) + n);
    const f = p.fullFeedPeers;
    if (f === null) continue;
    peers ??= { v4: [f.v4[0], f.v4[1]], v6: [f.v6[0], f.v6[1]] };
    peers.v4 = [Math.min(peers.v4[0], f.v4[0]), Math.max(peers.v4[1], f.v4[1])];
    peers.v6 = [Math.min(peers.v6[0], f.v6[0]), Math.max(peers.v6[1], f.v6[1])];
  }
  return {
    bins, collectors: [...collectors].sort(), fullFeedPeers: peers, files,
    problems: [...problems].map(([message, n]) => ({ message, bins: n })), entityData: [...entityData],
  };
}
