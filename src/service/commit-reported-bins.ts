/**
 * Stores bins reported by a prober or an inside probe (model/reported-bins.ts): the one
 * writer behind `POST /v1/ingest/bins` and a probe's local `--db`. Each bin is stored
 * once: a bin the store already holds for the source is acknowledged as a duplicate
 * and left as it is, so a probe that forwards again after a lost answer never stores a
 * result twice.
 *
 * What a report may say is checked first, and a bad report changes nothing: the source
 * must be `probing:NAME` (signal `active-probing`) or `inside:NAME` (`inside-domestic`,
 * `inside-international`), so the ingest scope cannot write a BGP or an imported
 * series; entity ids follow the import rule; values are numbers ≥ 0 or null.
 */
import { createHash } from "node:crypto";
import type { ReportedBins } from "../model/reported-bins.ts";
import { checkEntityId } from "../signals/check-entity-id.ts";
import type { SourceSpec, Store } from "../store/store.ts";
import type { BinCommitted } from "./bin-committed.ts";

/** The signals each kind of reporting source may write. */
export const REPORTED_SIGNALS: Readonly<Record<string, readonly string[]>> = {
  probing: ["active-probing"],
  inside: ["inside-domestic", "inside-international"],
};

/** Most bins in one report, and values in one bin. */
export const MAX_REPORTED_BINS = 1000;
export const MAX_REPORTED_VALUES = 100_000;
const DAY = 86_400_000;
const NAME = /^(probing|inside):[A-Za-z0-9._-]{1,64}$/;

/** A report that cannot be stored, with the place and the reason. */
export class ReportError extends RangeError {
  override readonly name = "ReportError";
}

/** What a commit did. */
export interface ReportCommit {
  readonly source: string;
  readonly digest: string;
  /** Bins stored now, and bins the store already held (acknowledged, unchanged). */
  readonly stored: number;
  readonly duplicates: number;
  readonly notices: readonly BinCommitted[];
}

/** JSON with object keys sorted, so that the same parameters give the same digest. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The source a report writes: its name, the digest of its parameters, its method texts. */
export function reportedSourceSpec(report: ReportedBins): SourceSpec {
  const { name, parameters, methods } = report.source;
  const digest = `method:${createHash("sha256").update(canonical(parameters)).digest("hex").slice(0, 16)}`;
  return { name, digest, kind: "observatory", parameters, methods };
}

/** Throws ReportError naming the first thing wrong with `report`. */
export function checkReport(report: ReportedBins): void {
  const name = report.source.name;
  if (!NAME.test(name)) throw new ReportError(`source.name ${JSON.stringify(name.slice(0, 80))} must be probing:NAME or inside:NAME (letters, digits, '.', '_', '-')`);
  const allowed = REPORTED_SIGNALS[name.slice(0, name.indexOf(":"))] ?? [];
  for (const signal of Object.keys(report.source.methods)) {
    if (!allowed.includes(signal)) throw new ReportError(`source.methods: ${name} may describe ${allowed.join(", ")}, not ${JSON.stringify(signal.slice(0, 40))}`);
  }
  if (report.bins.length > MAX_REPORTED_BINS) throw new ReportError(`bins: ${report.bins.length} bins exceed the limit of ${MAX_REPORTED_BINS} per report`);
  report.bins.forEach((bin, b) => {
    if (!(Number.isSafeInteger(bin.stepMs) && bin.stepMs >= 1000 && bin.stepMs <= DAY)) throw new ReportError(`bins[${b}].stepMs ${bin.stepMs} must be a whole number of ms from 1 s to a day`);
    if (!(Number.isSafeInteger(bin.time) && bin.time >= 0 && bin.time % bin.stepMs === 0)) throw new ReportError(`bins[${b}].time ${bin.time} must be ms since 1970 on the bin's grid (a multiple of stepMs ${bin.stepMs})`);
    if (bin.values.length > MAX_REPORTED_VALUES) throw new ReportError(`bins[${b}].values: ${bin.values.length} values exceed the limit of ${MAX_REPORTED_VALUES}`);
    bin.values.forEach((v, k) => {
      const bad = checkEntityId(v.entity);
      if (bad !== undefined) throw new ReportError(`bins[${b}].values[${k}].entity: ${bad}`);
      if (!allowed.includes(v.signal)) throw new ReportError(`bins[${b}].values[${k}].signal: ${name} may write ${allowed.join(", ")}, not ${JSON.stringify(v.signal.slice(0, 40))}`);
      if (!(v.value === null || (Number.isFinite(v.value) && v.value >= 0))) throw new ReportError(`bins[${b}].values[${k}].value ${String(v.value)} must be a number ≥ 0 or null`);
    });
  });
}

/** Checks and stores `report`; refuses bins that another method of the same source name holds. */
export function commitReportedBins(store: Store, report: ReportedBins, options: { readonly now?: () => number } = {}): ReportCommit {
  checkReport(report);
  const spec = reportedSourceSpec(report);
  const now = options.now ?? Date.now;
  const times = report.bins.map((b) => b.time);
  if (times.length > 0) {
    const from = Math.min(...times);
    const until = Math.max(...report.bins.map((b) => b.time + b.stepMs));
    const others = store.otherMethods(spec.name, spec.digest, from, until);
    if (others.length > 0) {
      throw new ReportError(`${spec.name} already has ${others.map((o) => `${o.bins} bins by method ${o.source.digest}`).join(", ")} in ${new Date(from).toISOString()} – ${new Date(until).toISOString()}; a vantage point or probe that changed its method must report under another name`);
    }
  }
  const sourceId = store.defineSource(spec);
  const source = store.getSource(sourceId);
  if (source === undefined) throw new Error(`source ${sourceId} vanished`);
  let stored = 0;
  let duplicates = 0;
  const notices: BinCommitted[] = [];
  store.transaction(() => {
    if (report.entities !== undefined && report.entities.length > 0) {
      const entities = report.entities.filter((e) => checkEntityId(e.id) === undefined);
      store.putEntities(entities);
    }
    for (const bin of [...report.bins].sort((a, b) => a.time - b.time)) {
      if (store.hasBin(sourceId, bin.time)) {
        duplicates++;
        continue;
      }
      store.putBin(sourceId, { time: bin.time, stepMs: bin.stepMs, values: bin.values, provenance: bin.provenance, completedAt: now() });
      stored++;
      const entities = [...new Set(bin.values.map((v) => v.entity))];
      notices.push({ source, time: bin.time, stepMs: bin.stepMs, until: bin.time + bin.stepMs, entities });
    }
  });
  const last = report.bins.reduce((t, b) => Math.max(t, b.time + b.stepMs), 0);
  const step = report.bins[0]?.stepMs;
  if (step !== undefined && stored > 0) store.compact(sourceId, step, last);
  return { source: spec.name, digest: spec.digest, stored, duplicates, notices };
}
