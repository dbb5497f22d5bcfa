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
 * `gtr-sarima`, …) are skipped and counted.
 */
import { InputSyntaxError, SourceError } from "../model/errors.ts";
import type { EntityId } from "../model/signal.ts";
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

/** Every series object in IODA's nested `data` list. */
function* seriesObjects(data: Json | undefined): Generator<{ [key: string]: Json }> {
  if (Array.isArray(data)) for (const item of data) yield* seriesObjects(item);
  else if (isObject(data)) yield data;
}

/** Reads an IODA v2 raw-signals response. */
export function parseIodaJson(text: string, options: IodaJsonOptions): IodaJsonResult {
  const { file } = options;
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (error: unknown) {
    if (!(error instanceof SyntaxError)) throw error;
    // V8 names the position or the line in some messages only (it varies by version).
    const position = /position (\d+)/.exec(error.message)?.[1];
    const line = /line (\d+)/.exec(error.message)?.[1];
    const at = position !== undefined ? lineAt(text, Number(position)) : line !== undefined ? Number(line) : 1;
    throw new InputSyntaxError(file, at, undefined, `not JSON: ${error.message}`);
  }
  if (!isObject(root) || !("data" in root)) {
    throw new InputSyntaxError(file, 1, "data", "not an IODA v2 response: no top-level 'data'");
  }
  const apiError = root["error"];
  if (apiError !== null && apiError !== undefined) throw new SourceError(file, `IODA returned an error: ${JSON.stringify(apiError)}`);
  const points: LocatedPoint[] = [];
  const skipped: string[] = [];
  let rows = 0;
  for (const s of seriesObjects(root["data"])) {
    rows++;
    const { entityType, entityCode, datasource, subtype, from, step, values } = s;
    const name = `${String(entityType)}/${String(entityCode)} ${String(datasource)}${subtype ? ` ${String(subtype)}` : ""}`;
    if (typeof datasource !== "string" || typeof from !== "number" || typeof step !== "number" || step <= 0 || !Array.isArray(values)) {
      throw new InputSyntaxError(file, 1, `data[${rows - 1}]`, `series ${name} lacks datasource, from, step or values`);
    }
    if (values.some((v) => v !== null && typeof v !== "number")) {
      skipped.push(`${name}: values are not plain numbers`);
      continue;
    }
    const entity = options.entity ?? `${String(entityType)}/${String(entityCode)}`;
    const signal = iodaSignalName(datasource, typeof subtype === "string" ? subtype : "");
    values.forEach((v, i) => {
      points.push({ time: (from + i * step) * 1000, entity, signal, value: typeof v === "number" ? v : null, line: 1 });
    });
  }
  return { points, rows, skipped };
}
