/**
 * Long CSV: one row per (time, entity, signal, value), with the columns named by
 * options. Entities come from a column, a fixed `entity`, or a template over several
 * columns; `rollups` name the larger entities each row also belongs to (a county's
 * province and country), which importSignals() averages.
 */
import { InputSyntaxError } from "../model/errors.ts";
import type { EntityId, SignalName } from "../model/signal.ts";
import { checkEntityId } from "./check-entity-id.ts";
import { checkSignalName } from "./check-signal-name.ts";
import { checkTime } from "./check-time.ts";
import { echoInput } from "./echo-input.ts";
import { compileTemplate, type FilledTemplate } from "./fill-template.ts";
import type { LocatedPoint } from "./located-point.ts";
import { parseCsv } from "./parse-csv.ts";
import { parseTime, type ParseTimeOptions } from "./parse-time.ts";
import { parseValue } from "./parse-value.ts";

/** Options of `parseLongCsv`. */
export interface LongCsvOptions extends ParseTimeOptions {
  /** Name of the input, for errors. */
  readonly file: string;
  /** Default `time`. */
  readonly timeColumn?: string;
  /** Default `entity`; unused when `entity` or `entityTemplate` is given. */
  readonly entityColumn?: string;
  /** Entity from several columns, e.g. `county/IR/{name_1}/{name_2}`. */
  readonly entityTemplate?: string;
  /** One entity for every row. */
  readonly entity?: EntityId;
  /** Default `signal`; unused when `signal` is given. */
  readonly signalColumn?: string;
  /** One signal name for every row. */
  readonly signal?: SignalName;
  /** Default `value`. */
  readonly valueColumn?: string;
  /** Templates of the larger entities each row also belongs to: `region/IR/{name_1}`, `country/IR`. */
  readonly rollups?: readonly string[];
}

/** Points read, and for each entity the larger ones it rolls up into. */
export interface LongCsvResult {
  readonly points: LocatedPoint[];
  readonly rollupsOf: ReadonlyMap<EntityId, readonly EntityId[]>;
  readonly rows: number;
}

function column(header: readonly string[], name: string, what: string, file: string): number {
  const i = header.indexOf(name);
  if (i < 0) {
    throw new TypeError(`Cannot find the ${what} column '${echoInput(name)}' in ${file}; its columns are: ${echoInput(header.join(", "))}`);
  }
  return i;
}

/** The entity cell as written (a `kind/code` identifier, kept whole). */
function entityCell(index: number, header: readonly string[], file: string): FilledTemplate {
  return (cells, line) => {
    const e = (cells[index] ?? "").trim();
    if (e === "") throw new InputSyntaxError(file, line, header[index], "the entity is empty");
    return e;
  };
}

/** `entity`, or an error naming the line when it breaks checkEntityId()'s rule. */
function checkedEntity(entity: EntityId, file: string, line: number): EntityId {
  const bad = checkEntityId(entity);
  if (bad !== undefined) throw new InputSyntaxError(file, line, undefined, `entity '${echoInput(entity)}': ${bad}`);
  return entity;
}

/** Reads a long CSV. */
export function parseLongCsv(text: string, options: LongCsvOptions): LongCsvResult {
  const { file } = options;
  const [head, ...records] = parseCsv(text, { file });
  if (head === undefined) return { points: [], rollupsOf: new Map(), rows: 0 };
  const header = head.cells.map((c) => c.trim());
  const timeName = options.timeColumn ?? "time";
  const valueName = options.valueColumn ?? "value";
  const timeAt = column(header, timeName, "time", file);
  const valueAt = column(header, valueName, "value", file);
  const entityOf: FilledTemplate =
    options.entityTemplate !== undefined
      ? compileTemplate(options.entityTemplate, header, file)
      : options.entity !== undefined
        ? ((e) => () => e)(options.entity)
        : entityCell(column(header, options.entityColumn ?? "entity", "entity", file), header, file);
  const signalAt = options.signal === undefined ? column(header, options.signalColumn ?? "signal", "signal", file) : -1;
  const rollups = (options.rollups ?? []).map((r) => compileTemplate(r, header, file));
  const rollupsOf = new Map<EntityId, EntityId[]>();
  const points: LocatedPoint[] = [];
  for (const { line, cells } of records) {
    if (cells.length !== header.length) {
      throw new InputSyntaxError(file, line, undefined, `${cells.length} cells where the header has ${header.length}`);
    }
    const timeText = cells[timeAt] ?? "";
    const time = parseTime(timeText, options);
    if (time === undefined) throw new InputSyntaxError(file, line, timeName, `'${echoInput(timeText)}' is not a time`);
    const early = checkTime(time);
    if (early !== undefined) throw new InputSyntaxError(file, line, timeName, `'${echoInput(timeText)}' is ${early}`);
    const entity = checkedEntity(entityOf(cells, line), file, line);
    const signal = options.signal ?? (cells[signalAt] ?? "").trim();
    if (signal === "") throw new InputSyntaxError(file, line, header[signalAt], "the signal name is empty");
    const badSignal = checkSignalName(signal);
    if (badSignal !== undefined) throw new InputSyntaxError(file, line, header[signalAt] ?? "signal", `'${echoInput(signal)}': ${badSignal}`);
    const value = parseValue(cells[valueAt] ?? "", { file, line, column: valueName });
    points.push({ time, entity, signal, value, line });
    if (rollups.length > 0) {
      const parents = rollups.map((r) => checkedEntity(r(cells, line), file, line));
      const known = rollupsOf.get(entity);
      if (known === undefined) rollupsOf.set(entity, parents);
      else if (known.join("\n") !== parents.join("\n")) {
        throw new InputSyntaxError(file, line, undefined, `${echoInput(entity)} rolls up into ${echoInput(parents.join(", "))} here but into ${echoInput(known.join(", "))} on an earlier line`);
      }
    }
  }
  return { points, rollupsOf, rows: records.length };
}
