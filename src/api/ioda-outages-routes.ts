/**
 * `GET /v2/outages/events` and `/v2/outages/summary`, as IODA's OutagesController
 * with IODA's parameters (from, until as Unix seconds; datasource, includeAlerts,
 * format codf|ioda, limit default 500, page, relatedTo, entityType, entityCode,
 * orderBy attr[/asc|desc], overall, ignoreMethods, extendWindow). Events are
 * Nightlight's (`detectEntity`, as `nightlight detect`), one per outage of an entity
 * across its signals, written in IODA's shapes (OutagesEventNormalizer,
 * OutagesSummary). Nightlight adds `format=csv` to the events.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { signalConfig } from "../detect/signal-config.ts";
import type { OutageEvent } from "../model/outage-event.ts";
import { detectEntities, MAX_ENTITIES_JUDGED } from "../service/detect-entities.ts";
import { signalAlerts } from "../service/signal-alerts.ts";
import { iodaDatasourceOf, signalMatchesDatasource } from "../service/ioda-datasources.ts";
import { entityIdOf } from "../service/ioda-entity-ref.ts";
import { searchEntities } from "../service/search-entities.ts";
import type { Store } from "../store/store.ts";
import { badParameter } from "./api-error.ts";
import type { ApiDeps, ApiEnv } from "./api-env.ts";
import { iodaDatasourceNames } from "./ioda-datasources-route.ts";
import { kindOfType, relatedEntity } from "./ioda-entities-route.ts";
import { iodaEntityJson, type IodaEntityJson } from "./ioda-entity-json.ts";
import { iodaEnvelope } from "./ioda-envelope.ts";
import { IODA_MAX_RANGE_S } from "./ioda-signals-route.ts";
import { boolParam, intParam, textParam } from "./params.ts";
import { csvResponse, responseFormat } from "./respond-format.ts";
import { rethrowUsage } from "./rethrow-usage.ts";
import { toCsv } from "./to-csv.ts";

/** OutagesController::parseTimestampParameter: digits up to SQL's largest integer. */
const timestamp = z.string().max(40).optional();

const common = {
  from: timestamp.openapi({ description: "Unix seconds", example: "1573862400" }),
  until: timestamp.openapi({ description: "Unix seconds (exclusive)", example: "1574467200" }),
  limit: intParam(100_000).optional(),
  page: intParam(1_000_000).optional(),
  relatedTo: textParam.optional(),
  entityType: z.enum(["country", "region", "county", "asn", "geoasn"]).optional(),
  entityCode: textParam.optional(),
  orderBy: textParam.optional().openapi({ description: "time, score or name, then /asc or /desc" }),
  ignoreMethods: textParam.optional().openapi({ description: "Accepted; Nightlight's events are not split by method" }),
  extendWindow: intParam(2 ** 31 - 1).optional().openapi({ description: "Accepted; Nightlight always reads at least 28 days of history" }),
};

const eventsQuery = z.object({
  ...common,
  datasource: textParam.optional(),
  includeAlerts: boolParam.optional(),
  format: z.enum(["codf", "ioda", "csv"]).optional(),
  overall: boolParam.optional(),
});

const summaryQuery = z.object(common);

const alertsQuery = z.object({ ...common, datasource: textParam.optional() });
const alertsRoute = createRoute({
  method: "get", path: "/v2/outages/alerts", summary: "Level changes of each signal (IODA-compatible)", tags: ["IODA-compatible"],
  request: { query: alertsQuery }, responses: { 200: { description: "IODA envelope; data lists alerts: datasource, entity, time, level, condition, value, historyValue, method" } },
});

const eventsRoute = createRoute({
  method: "get", path: "/v2/outages/events", summary: "Outage events (IODA-compatible)", tags: ["IODA-compatible"],
  request: { query: eventsQuery }, responses: { 200: { description: "IODA envelope; data lists events (codf or ioda format), or CSV" } },
});
const summaryRoute = createRoute({
  method: "get", path: "/v2/outages/summary", summary: "Outage scores per entity (IODA-compatible)", tags: ["IODA-compatible"],
  request: { query: summaryQuery }, responses: { 200: { description: "IODA envelope; data lists scores, event_cnt, entity" } },
});

/** One Nightlight event of one entity, in IODA's terms. */
interface IodaEvent {
  readonly entity: IodaEntityJson;
  readonly from: number;
  readonly until: number;
  readonly score: number;
  readonly datasource: string;
  readonly method: string;
  readonly overlaps: boolean;
  readonly event: OutageEvent;
}

/** OutagesController::parseTimestampParameter, then its "must be set" check. */
function seconds(name: "from" | "until", text: string | undefined): number {
  const value = text !== undefined && /^\d{1,10}$/.test(text) && Number(text) <= 2_147_483_647 ? Number(text) : undefined;
  if (value === undefined) throw badParameter(name, `'${name}' timestamp must be set (Unix seconds, at most 2147483647)`);
  return value;
}

/** OutagesController::parseOrderBy. */
function orderBy(text: string | undefined, fallback: [string, string]): [string, string] {
  if (text === undefined || text === "") return fallback;
  const parts = text.split("/");
  if (parts.length > 2) throw badParameter("orderBy", "orderBy parameter must be in the form 'attr[/[asc|desc]]'");
  const [attr = "", order = "asc"] = parts;
  if (!["time", "score", "name"].includes(attr)) throw badParameter("orderBy", "orderBy attribute must be in ['time', 'score', 'name']");
  if (!["asc", "desc"].includes(order)) throw badParameter("orderBy", "orderBy order must be asc or desc");
  return [attr, order];
}

/** The common checks of OutagesController::sanitizeInputs, and the window. */
function window(q: z.infer<typeof summaryQuery>): { from: number; until: number } {
  const from = seconds("from", q.from);
  const until = seconds("until", q.until);
  if (until <= from) throw badParameter("until", `until (${until}) must be after from (${from})`);
  if (until - from > IODA_MAX_RANGE_S) throw badParameter("until", "Time range for a single query must be less than 100 days");
  if (q.limit !== undefined && q.limit <= 0) throw badParameter("limit", "limit must be greater than 0");
  if (q.page !== undefined && q.limit === undefined) throw badParameter("page", "limit also needs to be set if page is set");
  return { from, until };
}

/** The entities a query names (entityType, entityCode, relatedTo), at most MAX_ENTITIES_JUDGED. */
function selectEntities(store: Store, q: z.infer<typeof summaryQuery>): string[] {
  const type = q.entityType;
  const ids = q.entityCode === undefined || q.entityCode === "" || type === undefined
    ? undefined
    : q.entityCode.split(",").map((code) => entityIdOf(type, code)).filter((id) => id !== undefined);
  return searchEntities(store, { kinds: type === undefined ? undefined : [kindOfType(type)], ids, within: relatedEntity(q.relatedTo) }).map((e) => e.id);
}

/** The events of the entities a query names, judged over its window. */
function findEvents(store: Store, deps: ApiDeps, q: z.infer<typeof summaryQuery>, w: { from: number; until: number }): IodaEvent[] {
  const entities = selectEntities(store, q);
  const judgements = rethrowUsage("entityCode", () => {
    try {
      return detectEntities(store, entities, { from: w.from * 1000, until: w.until * 1000, ...(deps.mobileAsns === undefined ? {} : { mobileAsns: deps.mobileAsns }), ...(deps.detection === undefined ? {} : { detection: deps.detection }) });
    } catch (error: unknown) {
      if (error instanceof RangeError) throw badParameter("entityType", `${error.message}; narrow the query with entityType, entityCode or relatedTo`);
      throw error;
    }
  });
  return judgements.flatMap((j) => j.events.map((event): IodaEvent => {
    const from = Math.floor(Date.parse(event.start) / 1000);
    const until = event.end === null ? w.until : Math.ceil(Date.parse(event.end) / 1000);
    // The signals that dropped (a score above 0: some drop × minutes); all of them when none did.
    const fell = event.signals.filter((x) => x.score > 0).map((x) => x.signal);
    const signals = [...new Set(fell.length > 0 ? fell : event.signals.map((s) => s.signal))];
    const datasources = [...new Set(signals.map((s) => iodaDatasourceOf(s).datasource))];
    const methods = [...new Set(signals.map((s) => signalConfig(s).method))];
    return {
      entity: iodaEntityJson(store, j.entity), from, until, score: event.score, event,
      datasource: datasources.length === 1 ? (datasources[0] ?? "unknown") : "overall",
      method: methods.length === 1 ? (methods[0] ?? "unknown") : "multiple",
      overlaps: from < w.from || event.end === null || until > w.until,
    };
  }));
}

/** OutagesEventsService's ordering, then the page. */
function orderAndPage<T>(items: T[], [attr, order]: [string, string], key: (t: T) => { time: number; score: number; name: string }, limit: number, page: number): T[] {
  const sorted = [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return attr === "score" ? ka.score - kb.score : attr === "name" ? ka.name.localeCompare(kb.name) : ka.time - kb.time;
  });
  if (order === "desc") sorted.reverse();
  return sorted.slice(limit * page, limit * page + limit);
}

/** OutagesEventNormalizer's "codf" form. */
function codf(e: IodaEvent): Record<string, unknown> {
  return {
    location: `${e.entity.type}/${e.entity.code}`, start: e.from, duration: e.until - e.from, uncertainty: null,
    method: e.method, datasource: e.datasource, status: 0, fraction: null, score: e.score,
    location_name: e.entity.name, overlaps_window: e.overlaps,
  };
}

/** OutagesEventNormalizer's "ioda" form (alerts only with includeAlerts; Nightlight serves none yet). */
function iodaForm(e: IodaEvent, includeAlerts: boolean): Record<string, unknown> {
  return { entity: e.entity, from: e.from, until: e.until, score: e.score, ...(includeAlerts ? { alerts: [] } : {}), datasource: e.datasource, method: e.method };
}

/** Registers the routes on `app`. */
export function iodaOutagesRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  const { store } = deps;
  app.openapi(eventsRoute, (c) => {
    const q = c.req.valid("query");
    const w = window(q);
    const names = iodaDatasourceNames(store);
    if (q.datasource !== undefined && !names.includes(q.datasource)) {
      throw badParameter("datasource", `invalid datasource ${q.datasource} (must be one of the following [${names.join(", ")}])`);
    }
    const events = findEvents(store, deps, q, w).filter((e) => q.datasource === undefined || e.event.signals.some((s) => signalMatchesDatasource(s.signal, q.datasource ?? "")));
    const paged = orderAndPage(events, orderBy(q.orderBy, ["time", "asc"]), (e) => ({ time: e.from, score: e.score, name: e.entity.name }), q.limit ?? 500, q.page ?? 0);
    const format = q.format === "csv" ? "csv" : q.format === undefined ? responseFormat(c, undefined) : "json";
    if (format === "csv") {
      const rows = paged.map((e) => [e.entity.type, e.entity.code, e.entity.name, e.from, e.until, e.datasource, e.method, e.score, e.overlaps, e.event.kind, e.event.depth]);
      return csvResponse(c, "events.csv", toCsv(["entityType", "entityCode", "entityName", "from", "until", "datasource", "method", "score", "overlaps_window", "kind", "depth"], rows));
    }
    const includeAlerts = q.includeAlerts ?? false;
    const data = paged.map((e) => (q.format === "ioda" ? iodaForm(e, includeAlerts) : codf(e)));
    const requestParameters = {
      from: q.from ?? null, until: q.until ?? null, datasource: q.datasource ?? null, includeAlerts, format: q.format ?? "codf",
      limit: q.limit ?? 500, page: q.page ?? null, relatedTo: q.relatedTo ?? null, entityType: q.entityType ?? null, entityCode: q.entityCode ?? null,
      orderBy: q.orderBy ?? null, overall: q.overall ?? false, ignoreMethods: q.ignoreMethods ?? null, extendWindow: q.extendWindow ?? 1_209_600,
    };
    return c.json(iodaEnvelope("outages.events", requestParameters, { data }, c.get("requestTime")), 200);
  });
  app.openapi(alertsRoute, (c) => {
    const q = c.req.valid("query");
    const w = window(q);
    const names = iodaDatasourceNames(store);
    if (q.datasource !== undefined && !names.includes(q.datasource)) {
      throw badParameter("datasource", `invalid datasource ${q.datasource} (must be one of the following [${names.join(", ")}])`);
    }
    const ids = selectEntities(store, q);
    if (ids.length > MAX_ENTITIES_JUDGED) throw badParameter("entityType", `Cannot judge ${ids.length} entities in one request: the limit is ${MAX_ENTITIES_JUDGED}; narrow the query with entityType, entityCode or relatedTo`);
    const extend = q.extendWindow ?? 0;
    const alerts = ids.flatMap((id) => signalAlerts(store, id, { from: (w.from - extend) * 1000, until: (w.until + extend) * 1000 }).map((a) => ({ a, entity: iodaEntityJson(store, id) })))
      .filter(({ a }) => q.datasource === undefined || signalMatchesDatasource(a.signal, q.datasource))
      .sort((x, y) => x.a.time - y.a.time || x.a.entity.localeCompare(y.a.entity));
    const limit = q.limit ?? 500;
    const page = q.page ?? 0;
    // OutagesAlertNormalizer: datasource, entity, time, level, condition, value, historyValue, method.
    const data = alerts.slice(limit * page, limit * page + limit).map(({ a, entity }) => ({
      datasource: iodaDatasourceOf(a.signal).datasource, entity, time: Math.floor(a.time / 1000), level: a.level, condition: a.condition,
      value: a.value, historyValue: a.baseline, method: a.method,
    }));
    const requestParameters = {
      from: q.from ?? null, until: q.until ?? null, datasource: q.datasource ?? null, limit, page: q.page ?? null, relatedTo: q.relatedTo ?? null,
      entityType: q.entityType ?? null, entityCode: q.entityCode ?? null, ignoreMethods: q.ignoreMethods ?? null, extendWindow: extend,
    };
    return c.json(iodaEnvelope("outages.alerts", requestParameters, { data }, c.get("requestTime")), 200);
  });
  app.openapi(summaryRoute, (c) => {
    const q = c.req.valid("query");
    const w = window(q);
    const byEntity = new Map<string, IodaEvent[]>();
    for (const e of findEvents(store, deps, q, w)) {
      const key = `${e.entity.type}/${e.entity.code}`;
      byEntity.set(key, [...(byEntity.get(key) ?? []), e]);
    }
    // OutagesEventsService::computeSummaryScores: per "datasource.method" the sum of its scores, and "overall".
    const summaries = [...byEntity.values()].map((events) => {
      const scores: Record<string, number> = {};
      for (const e of events) {
        for (const s of e.event.signals.filter((x) => x.score > 0)) {
          const key = `${iodaDatasourceOf(s.signal).datasource}.${signalConfig(s.signal).method}`;
          scores[key] = (scores[key] ?? 0) + s.score;
        }
      }
      scores["overall"] = events.reduce((sum, e) => sum + e.score, 0);
      return { scores, event_cnt: events.length, entity: events[0]?.entity ?? null };
    });
    const [attr, order] = orderBy(q.orderBy, ["score", "desc"]);
    const data = orderAndPage(summaries, [attr === "time" ? "score" : attr, order], (s) => ({ time: 0, score: s.scores["overall"] ?? 0, name: s.entity?.name ?? "" }), q.limit ?? 500, q.page ?? 0);
    const requestParameters = {
      from: q.from ?? null, until: q.until ?? null, limit: q.limit ?? 500, page: q.page ?? null, relatedTo: q.relatedTo ?? null,
      entityType: q.entityType ?? null, entityCode: q.entityCode ?? null, orderBy: q.orderBy ?? null, ignoreMethods: q.ignoreMethods ?? null, extendWindow: q.extendWindow ?? 1_209_600,
    };
    return c.json(iodaEnvelope("outages.summary", requestParameters, { data }, c.get("requestTime")), 200);
  });
}
