/**
 * Import of signals measured elsewhere (IODA API JSON, IODA dashboard wide CSV, long
 * CSV) into points ready for the store: parsed, sorted, de-duplicated, rolled up.
 */
import { SourceError } from "../model/errors.ts";
import type { EntityId, SignalName, SignalPoint } from "../model/signal.ts";
import { checkEntityId } from "./check-entity-id.ts";
import { checkSignalName } from "./check-signal-name.ts";
import { echoInput } from "./echo-input.ts";
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

/** `text` without a UTF-8 byte-order mark, which some editors write before CSV and JSON. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** TypeError (a usage problem) when the entity or signal given as an option breaks the rules. */
function checkOptions(options: ImportOptions): void {
  const badEntity = options.entity === undefined ? undefined : checkEntityId(options.entity);
  if (badEntity !== undefined) throw new TypeError(`The entity '${echoInput(options.entity ?? "")}' is refused: ${badEntity}`);
  const badSignal = options.signal === undefined ? undefined : checkSignalName(options.signal);
  if (badSignal !== undefined) throw new TypeError(`The signal '${echoInput(options.signal ?? "")}' is refused: ${badSignal}`);
}

/**
 * Parses `text` (the content of `options.file`) into points. A file without a single
 * value (only gaps, or no rows) is refused: marked as imported it would hide that
 * nothing was measured.
 */
export function importSignals(input: string, options: ImportOptions): ImportResult {
  const { file } = options;
  checkOptions(options);
  const text = withoutBom(input);
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
  if (!located.some((p) => p.value !== null)) {
    const gaps = located.length === 0 ? "no points" : `all ${located.length} points are gaps`;
    throw new SourceError(file, `no values: ${gaps} in ${rows} ${options.format === "ioda-json" ? "series" : "rows"}${skipped.length > 0 ? ` (skipped: ${skipped.join("; ")})` : ""}`);
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
export function guessFormat(file: string, input: string): ImportFormat {
  const text = withoutBom(input);
  if (/\.json$/i.test(file) || text.trimStart().startsWith("{")) return "ioda-json";
  const header = (text.split(/\r?\n/, 1)[0] ?? "").toLowerCase().split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
  return header.includes("value") && (header.includes("entity") || header.includes("signal")) ? "long-csv" : "wide-csv";
}
