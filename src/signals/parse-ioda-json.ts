/**
 * IODA v2 API responses, `GET /v2/signals/raw/{entityType}/{entityCode}`:
 *
 *   { "type": "signals.raw", "error": null, "data": [[ {
 *       "entityType": "country", "entityCode": "IR", "datasource": "ping-slash24",
 *       "subtype": "", "from": 1573862400, "until": 1573948800, "step": 600,
 *       "nativeStep": 600, "values": [1234, 1229, null, …] }, … ]] }
 *
 * `values[i]` is the bin starting at `from + i × step` seconds; `null` is a gap.
 * Datasources whose values are objects rather than numbers (`ping-slash24-loss`,
 * `gtr-sarima`, …) are skipped and counted. JSON carries no line per series, so errors
 * name the series by its place in `data` (`data[3]`, counting series in order).
 */
import { InputSyntaxError, SourceError } from "../model/errors.ts";
import type { EntityId } from "../model/signal.ts";
import { checkEntityId } from "./check-entity-id.ts";
import { checkSignalName } from "./check-signal-name.ts";
import { checkTime } from "./check-time.ts";
import { echoInput } from "./echo-input.ts";
import { iodaSignalName } from "./ioda-signal-name.ts";
import type { LocatedPoint } from "./located-point.ts";

/** Options of `parseIodaJson`. */
export interface IodaJsonOptions {
  readonly file: string;
  /** Entity for every series, instead of IODA's `entityType/entityCode`. */
  readonly entity?: EntityId;
}

/** Points read, series read, and the series skipped with why. */
export interface IodaJsonResult {
  readonly points: LocatedPoint[];
  readonly rows: number;
  readonly skipped: readonly string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The 1-based line of character `position` in `text`. */
function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Lists in lists that `data` may hold around its series: IODA nests them two deep
 * (`[[{…}]]`). A bound keeps a hostile file from exhausting the stack.
 */
const MAX_DEPTH = 16;

/** Every series object in IODA's nested `data` list; `tooDeep` when lists nest beyond MAX_DEPTH. */
function* seriesObjects(data: Json | undefined, tooDeep: () => never, depth = 0): Generator<{ [key: string]: Json }> {
  if (Array.isArray(data)) {
    if (depth >= MAX_DEPTH) tooDeep();
    for (const item of data) yield* seriesObjects(item, tooDeep, depth + 1);
  } else if (isObject(data)) yield data;
}

/** The entity of a series: IODA's `entityType/entityCode`, checked by checkEntityId(). */
function seriesEntity(type: Json | undefined, code: Json | undefined, fail: (reason: string) => Error): EntityId {
  if (typeof type !== "string" || type === "" || (typeof code !== "string" && typeof code !== "number") || code === "") {
    throw fail("has no entityType and entityCode (give the entity with --entity)");
  }
  const entity = `${type}/${String(code)}`;
  const bad = checkEntityId(entity);
  if (bad !== undefined) throw fail(`entity '${echoInput(entity)}': ${bad}`);
  return entity;
}

/** Reads an IODA v2 raw-signals response. */
export function parseIodaJson(text: string, options: IodaJsonOptions): IodaJsonResult {
  const { file } = options;
  // A UTF-8 byte-order mark is not JSON, but editors on Windows write one.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let root: Json;
  try {
    root = JSON.parse(json) as Json;
  } catch (error: unknown) {
    if (!(error instanceof SyntaxError)) throw error;
    // V8 names the position or the line in some messages only (it varies by version).
    const position = /position (\d+)/.exec(error.message)?.[1];
    const line = /line (\d+)/.exec(error.message)?.[1];
    const at = position !== undefined ? lineAt(text, Number(position)) : line !== undefined ? Number(line) : 1;
    throw new InputSyntaxError(file, at, undefined, `not JSON: ${echoInput(error.message)}`);
  }
  if (!isObject(root) || !("data" in root)) {
    throw new InputSyntaxError(file, 1, "data", "not an IODA v2 response: no top-level 'data'");
  }
  const apiError = root["error"];
  if (apiError !== null && apiError !== undefined) throw new SourceError(file, `IODA returned an error: ${echoInput(JSON.stringify(apiError))}`);
  const points: LocatedPoint[] = [];
  const skipped: string[] = [];
  let rows = 0;
  const tooDeep = (): never => {
    throw new InputSyntaxError(file, 1, "data", `lists are too deeply nested (more than ${MAX_DEPTH}) to be an IODA response`);
  };
  for (const s of seriesObjects(root["data"], tooDeep)) {
    rows++;
    const place = `data[${rows - 1}]`;
    const fail = (reason: string): InputSyntaxError => new InputSyntaxError(file, 1, place, `the series ${reason}`);
    const { entityType, entityCode, datasource, subtype, from, step, values } = s;
    const name = echoInput(`${String(entityType)}/${String(entityCode)} ${String(datasource)}${subtype ? ` ${String(subtype)}` : ""}`);
    if (typeof datasource !== "string" || typeof from !== "number" || typeof step !== "number" || step <= 0 || !Array.isArray(values)) {
      throw fail(`${name} lacks datasource, from, step or values`);
    }
    if (checkSignalName(datasource) !== undefined) throw fail(`has the datasource '${echoInput(datasource)}': ${checkSignalName(datasource) ?? ""}`);
    const entity = options.entity ?? seriesEntity(entityType, entityCode, fail);
    if (values.some((v) => v !== null && typeof v !== "number")) {
      skipped.push(`${name}: values are not plain numbers`);
      continue;
    }
    const signal = iodaSignalName(datasource, typeof subtype === "string" ? subtype : "");
    const badSignal = checkSignalName(signal);
    if (badSignal !== undefined) throw fail(`gives the signal '${echoInput(signal)}': ${badSignal}`);
    for (const t of [from * 1000, (from + Math.max(0, values.length - 1) * step) * 1000]) {
      const bad = checkTime(t);
      if (bad !== undefined) throw fail(`has a time ${bad}: from ${from}, step ${step}, ${values.length} values`);
    }
    values.forEach((v, i) => {
      points.push({ time: (from + i * step) * 1000, entity, signal, value: typeof v === "number" ? v : null, line: 1 });
    });
  }
  return { points, rows, skipped };
}
