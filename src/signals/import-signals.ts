/**
 * Import of signals measured elsewhere (IODA API JSON, IODA dashboard wide CSV, long
 * CSV) into points ready for the store: parsed, sorted, de-duplicated, rolled up.
 */
import type { EntityId, SignalName, SignalPoint } from "../model/signal.ts";
import type { LocatedPoint } from "./located-point.ts";
import { normalizePoints } from "./normalize-points.ts";
import { parseIodaJson } from "./parse-ioda-json.ts";
import { parseLongCsv, type LongCsvOptions } from "./parse-long-csv.ts";
import { parseWideCsv } from "./parse-wide-csv.ts";
import { rollUp } from "./roll-up.ts";

/** Input formats `importSignals` reads. */
export type ImportFormat = "ioda-json" | "wide-csv" | "long-csv";

/** Options of `importSignals`: the long-CSV column options apply to `long-csv` only. */
export interface ImportOptions extends Omit<LongCsvOptions, "entity"> {
  readonly format: ImportFormat;
  /** The entity (required for wide CSV; overrides the file's for the others). */
  readonly entity?: EntityId;
  /** Conflicting duplicates: `error` (default) or keep the `last`. */
  readonly duplicates?: "error" | "last";
}

/** What an import produced. */
export interface ImportResult {
  /** Sorted by (entity, signal, time); one point per key. */
  readonly points: SignalPoint[];
  /** Rows (CSV) or series (JSON) read. */
  readonly rows: number;
  /** Repeated (entity, signal, time) keys dropped, and of those how many had another value. */
  readonly duplicates: number;
  readonly conflicts: number;
  /** Rows that came before an earlier time of their series. */
  readonly reordered: number;
  /** Inputs skipped, with why (IODA series with non-numeric values). */
  readonly skipped: readonly string[];
  readonly entities: readonly EntityId[];
  readonly signals: readonly SignalName[];
}

/** Parses `text` (the content of `options.file`) into points. */
export function importSignals(text: string, options: ImportOptions): ImportResult {
  const { file } = options;
  let located: LocatedPoint[];
  let rows: number;
  let skipped: readonly string[] = [];
  let rollupsOf: ReadonlyMap<EntityId, readonly EntityId[]> = new Map();
  switch (options.format) {
    case "ioda-json": {
      const r = parseIodaJson(text, options.entity === undefined ? { file } : { file, entity: options.entity });
      ({ points: located, rows, skipped } = r);
      break;
    }
    case "wide-csv": {
      if (options.entity === undefined) throw new TypeError(`Cannot import the wide CSV ${file} without an entity: give one with --entity`);
      ({ points: located, rows } = parseWideCsv(text, { ...options, entity: options.entity }));
      break;
    }
    case "long-csv": {
      ({ points: located, rows, rollupsOf } = parseLongCsv(text, options));
      break;
    }
  }
  const normalized = normalizePoints(located, options.duplicates === undefined ? { file } : { file, duplicates: options.duplicates });
  const points = [...normalized.points, ...rollUp(normalized.points, { rollupsOf })];
  return {
    points,
    rows,
    duplicates: normalized.duplicates,
    conflicts: normalized.conflicts,
    reordered: normalized.reordered,
    skipped,
    entities: [...new Set(points.map((p) => p.entity))].sort(),
    signals: [...new Set(points.map((p) => p.signal))].sort(),
  };
}

/** The format of a file from its name and first line, for `nightlight import` without `--format`. */
export function guessFormat(file: string, text: string): ImportFormat {
  if (/\.json$/i.test(file) || text.trimStart().startsWith("{")) return "ioda-json";
  const header = (text.split(/\r?\n/, 1)[0] ?? "").toLowerCase().split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
  return header.includes("value") && (header.includes("entity") || header.includes("signal")) ? "long-csv" : "wide-csv";
}
