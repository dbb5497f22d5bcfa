/**
 * `GET /v2/signals/raw/{entityType}/{entityCode}`, as IODA's SignalsController::lookup
 * (InetIntel/ioda-api src/Controller/SignalsController.php): `from` and `until` in
 * Unix seconds (required), `datasource`, `sourceParams` (accepted, unused),
 * `maxPoints`; data is one list of series per entity code (comma-separated), each
 * series as TimeSeriesNormalizer writes it. Nightlight adds `format=csv`.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { EntityId } from "../model/signal.ts";
import { iodaDatasourceOf, signalMatchesDatasource } from "../service/ioda-datasources.ts";
import { entityIdOf } from "../service/ioda-entity-ref.ts";
import { preferredSources } from "../service/read-entity-series.ts";
import { readSeriesWindow } from "../service/read-series-window.ts";
import type { SignalSummary, Store } from "../store/store.ts";
import { badParameter } from "./api-error.ts";
import type { ApiDeps, ApiEnv } from "./api-env.ts";
import { iodaDatasourceNames } from "./ioda-datasources-route.ts";
import { iodaEntityJson } from "./ioda-entity-json.ts";
import { iodaEnvelope } from "./ioda-envelope.ts";
import { intParam, formatParam, textParam } from "./params.ts";
import { csvResponse, responseFormat } from "./respond-format.ts";
import { seriesCache } from "./series-cache.ts";
import { rethrowUsage } from "./rethrow-usage.ts";
import { toCsv } from "./to-csv.ts";

/** IODA's longest query: "Time range for a single query must be less than 100 days". */
export const IODA_MAX_RANGE_S = 100 * 86_400;

/**
 * IODA's down-sampling steps (SignalsService::ALLOWED_STEPS), seconds. Nightlight uses
 * those that are whole multiples of a series' native step, so that each bin averages
 * whole stored bins.
 */
export const ALLOWED_STEPS: readonly number[] = [60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400, 172800, 604800, 1209600, 2419200, 31536000, 63072000, 315360000];

/** One series as IODA's TimeSeriesNormalizer writes it. */
export interface IodaSeriesJson {
  readonly entityType: string;
  readonly entityCode: string;
  readonly entityName: string;
  readonly entityFqid: string;
  readonly datasource: string;
  readonly subtype: string;
  readonly from: number;
  readonly until: number;
  readonly step: number;
  readonly nativeStep: number;
  readonly values: readonly (number | null)[];
}

/**
 * IODA's SignalsService::calculateStep: without maxPoints the native step, else the
 * smallest allowed step that keeps the range within maxPoints (the largest when none does).
 */
export function iodaStep(rangeS: number, nativeStep: number, maxPoints: number | undefined): number {
  if (maxPoints === undefined) return nativeStep;
  let step = nativeStep;
  for (const s of ALLOWED_STEPS) {
    if (s < nativeStep || s % nativeStep !== 0) continue;
    step = s;
    if (rangeS / s <= maxPoints) break;
  }
  return step;
}

const query = z.object({
  from: intParam(2 ** 31 - 1).openapi({ description: "Unix seconds, start of the first bin", example: "1573862400" }),
  until: intParam(2 ** 31 - 1).openapi({ description: "Unix seconds, end of the last bin (exclusive)", example: "1573948800" }),
  datasource: textParam.optional().openapi({ description: "bgp, ping-slash24, merit-nt, gtr, mozilla, or a Nightlight signal (bgp6, ipobs, …)" }),
  sourceParams: textParam.optional().openapi({ description: "Accepted for IODA clients; unused" }),
  maxPoints: intParam(1_000_000).optional().openapi({ description: "Most points per series: picks a coarser step from IODA's allowed steps" }),
  format: formatParam,
});

const route = createRoute({
  method: "get",
  path: "/v2/signals/raw/{entityType}/{entityCode{.+}}",
  summary: "Time series of an entity (IODA-compatible)",
  tags: ["IODA-compatible"],
  request: {
    params: z.object({
      entityType: z.enum(["country", "region", "county", "asn", "geoasn"]),
      entityCode: textParam.openapi({ description: "IR, IR-09, 44244, 44244-IR; several separated by commas" }),
    }),
    query,
  },
  responses: { 200: { description: "IODA envelope; data is a list (one per entity) of lists of series. Or CSV." } },
});

/** The stored summaries of `entity` itself, one per signal: the source the one reader reads. */
function ownSignals(store: Store, entity: EntityId): SignalSummary[] {
  return preferredSources(store.listSignals(entity).filter((s) => s.entity === entity));
}

/** Registers the route on `app`. */
export function iodaSignalsRoute(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  const { store } = deps;
  app.openapi(route, (c) => {
    const started = performance.now();
    const { entityType, entityCode } = c.req.valid("param");
    const q = c.req.valid("query");
    if (q.from > q.until) throw badParameter("until", `from (${q.from}) must be earlier than until (${q.until})`);
    if (q.until - q.from > IODA_MAX_RANGE_S) throw badParameter("until", "Time range for a single query must be less than 100 days");
    const names = iodaDatasourceNames(store);
    if (q.datasource !== undefined && !names.includes(q.datasource)) {
      throw badParameter("datasource", `invalid datasource ${q.datasource} (must be one of the following [${names.join(", ")}])`);
    }
    const entities = entityCode.split(",").map((code) => ({ code, id: entityIdOf(entityType, code) }));
    const known = entities.filter((e): e is { code: string; id: EntityId } => e.id !== undefined && (ownSignals(store, e.id).length > 0 || store.getEntity(e.id) !== undefined || entityType === "asn"));
    if (known.length === 0) throw badParameter("entityCode", `cannot find corresponding metadata entity ${entityType}/${entityCode}`);
    const data = known.map(({ id }) => {
      const entity = iodaEntityJson(store, id);
      return ownSignals(store, id)
        .filter((s) => q.datasource === undefined || signalMatchesDatasource(s.signal, q.datasource))
        .flatMap((s): IodaSeriesJson[] => {
          const nativeStep = s.stepMs / 1000;
          const step = iodaStep(q.until - q.from, nativeStep, q.maxPoints);
          // Bins on the series' own grid (hourly imports fall at :30), the first one
          // holding `from`, where IODA rounds `from` down to a multiple of the step.
          const from0 = (q.from - step + nativeStep) * 1000;
          const read = rethrowUsage("maxPoints", () => readSeriesWindow(store, { entity: id, signal: s.signal, from: from0, until: q.until * 1000, stepMs: step * 1000 }));
          if (read === undefined) return [];
          const from = Math.floor(read.series.start / 1000);
          const { datasource, subtype } = iodaDatasourceOf(s.signal);
          return [{
            entityType: entity.type, entityCode: entity.code, entityName: entity.name, entityFqid: id, datasource, subtype,
            from, until: from + read.series.values.length * step, step, nativeStep, values: read.series.values,
          }];
        });
    });
    const format = responseFormat(c, q.format);
    const { headers, notModified } = seriesCache(c, data, format);
    if (notModified !== undefined) return notModified;
    if (format === "csv") {
      const rows = data.flat().flatMap((s) => s.values.map((v, i) => [s.entityType, s.entityCode, s.datasource, s.subtype, s.from + i * s.step, v]));
      return csvResponse(c, "signals.csv", toCsv(["entityType", "entityCode", "datasource", "subtype", "time", "value"], rows), headers);
    }
    const perf = [{ datasource: q.datasource ?? "all", backend: "nightlight-store", timeUsed: (performance.now() - started) / 1000 }];
    const requestParameters = { from: q.from, until: q.until, datasource: q.datasource ?? null, sourceParams: q.sourceParams ?? null, maxPoints: q.maxPoints ?? null };
    return c.json(iodaEnvelope("signals", requestParameters, { data, perf }, c.get("requestTime")), 200, headers);
  });
}
