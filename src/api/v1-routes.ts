/**
 * Nightlight's own API, versioned under `/v1/`: a series with its source, method and
 * per-bin provenance; entities; sources; and the verdict of detection on demand (the
 * stored events are in v1-event-routes.ts). Field names
 * follow `nightlight signals --format json` and `nightlight detect --format json`.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { healthJson } from "../service/health-json.ts";
import { judgementJson } from "../service/judgement-json.ts";
import { detectEntities } from "../service/detect-entities.ts";
import { readSeriesWindow } from "../service/read-series-window.ts";
import { searchEntities } from "../service/search-entities.ts";
import { isoGrid } from "../signals/format-time.ts";
import { ApiError, badParameter } from "./api-error.ts";
import type { ApiDeps, ApiEnv } from "./api-env.ts";
import { formatParam, intParam, textParam, timeParam } from "./params.ts";
import { csvResponse, responseFormat } from "./respond-format.ts";
import { rethrowUsage } from "./rethrow-usage.ts";
import { seriesCache } from "./series-cache.ts";
import { toCsv } from "./to-csv.ts";

const DAY = 86_400_000;
/** Longest window of one request: a year of series, 100 days of detection (IODA's limit). */
const MAX_SERIES_MS = 366 * DAY;
const MAX_EVENTS_MS = 100 * DAY;
/** Longest window whose per-bin provenance records one request lists (`detail=bins`): 31 days of 5-minute bins are ~9 000. */
const MAX_DETAIL_MS = 31 * DAY;
/** Entity ids: kind, then one to three code parts. */
export const ENTITY = /^(country|region|county|asn|country-asn)\/[^/\s]{1,80}(\/[^/\s]{1,80}){0,2}$/;

export const entityParam = textParam.regex(ENTITY, "must be an entity id such as country/IR, region/IR-09, asn/44244 or country-asn/IR/44244");

/** ISO 8601 UTC without milliseconds when they are zero. */
const iso = (t: number): string => new Date(t).toISOString().replace(".000Z", "Z");

/** `from` before `until`, and the window within `max` ms. */
export function checkWindow(from: number, until: number, max: number): void {
  if (until <= from) throw badParameter("until", `until ${iso(until)} must be after from ${iso(from)}`);
  if (until - from > max) throw badParameter("until", `the window of ${Math.round((until - from) / DAY)} days exceeds the limit of ${max / DAY} days`);
}

const seriesRoute = createRoute({
  method: "get",
  path: "/v1/series/{entity{.+}}/{signal}",
  summary: "A series with its source, method and per-bin provenance",
  tags: ["Nightlight"],
  request: {
    params: z.object({ entity: entityParam, signal: textParam.regex(/^[a-z0-9][a-z0-9._-]*$/i, "must be a signal name such as bgp") }),
    query: z.object({
      from: timeParam.optional().openapi({ description: "Default: a day before until" }),
      until: timeParam.optional().openapi({ description: "Default: after the newest stored bin" }),
      step: intParam(366 * 86_400).optional().openapi({ description: "Bin length, seconds: the native step (default) or a whole multiple of it" }),
      detail: z.enum(["bins"]).optional().openapi({ description: `bins: also each bin's own provenance record (windows up to ${MAX_DETAIL_MS / DAY} days)` }),
      source: textParam.optional().openapi({ description: "The source to read, by name (e.g. import:iran.csv); default the store's preferred one (the observatory's own first)" }),
      format: formatParam,
    }),
  },
  responses: { 200: { description: "entity, signal, from, until, stepMs, nativeStepMs, source, methods, points, provenance (the window's bins summed up), and with detail=bins each bin's record; or CSV time,entity,signal,value" } },
});

const entitiesRoute = createRoute({
  method: "get",
  path: "/v1/entities",
  summary: "Entities the store holds series of",
  tags: ["Nightlight"],
  request: {
    query: z.object({
      search: textParam.optional(),
      kind: z.enum(["country", "region", "county", "asn", "country-asn"]).optional(),
      within: entityParam.optional(),
      limit: intParam(100_000).optional(),
      page: intParam(1_000_000).optional(),
    }),
  },
  responses: { 200: { description: "entities: id, kind, name, parent, signals" } },
});

const sourcesRoute = createRoute({
  method: "get", path: "/v1/sources", summary: "Sources and how each computes its signals", tags: ["Nightlight"],
  responses: { 200: { description: "sources: id, name, digest, kind, parameters, methods; health: per ingest source (collector, peer…) its state (backfilling, live, behind, unreachable, stopped) since when, last success, last error, next retry, backfill progress, bins behind (docs/api.md)" } },
});

const verdictRoute = createRoute({
  method: "get",
  path: "/v1/verdict",
  summary: "Detection on demand: the verdict and events of an entity over a window (as nightlight detect)",
  tags: ["Nightlight"],
  request: { query: z.object({ entity: entityParam, from: timeParam, until: timeParam, format: formatParam }) },
  responses: { 200: { description: "entity, from, until, verdict, summary, coverage, events; or CSV of the events" } },
});

/** Registers the routes on `app`. */
export function v1Routes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  const { store } = deps;
  app.openapi(seriesRoute, (c) => {
    const { entity, signal } = c.req.valid("param");
    const q = c.req.valid("query");
    const all = store.listSignals(entity).filter((s) => s.entity === entity && s.signal === signal);
    if (all.length === 0) throw new ApiError("not-found", `The store holds no ${signal} series of ${entity}`);
    const sources = [...new Set(all.map((s) => s.source.name))];
    const held = all.filter((s) => q.source === undefined || s.source.name === q.source);
    if (held.length === 0) throw new ApiError("not-found", `The store holds no ${signal} series of ${entity} from source '${q.source ?? ""}'; it holds one from ${sources.map((x) => `'${x}'`).join(", ")}`, "source");
    const newest = held.reduce((t, s) => Math.max(t, s.last + s.stepMs), Number.NEGATIVE_INFINITY);
    const until = q.until ?? newest;
    const from = q.from ?? until - DAY;
    checkWindow(from, until, MAX_SERIES_MS);
    if (q.detail === "bins" && until - from > MAX_DETAIL_MS) {
      throw badParameter("detail", `detail=bins lists each bin's record for windows up to ${MAX_DETAIL_MS / DAY} days; this one has ${Math.round((until - from) / DAY)}`);
    }
    const read = rethrowUsage("step", () => readSeriesWindow(store, { entity, signal, from, until, stepMs: q.step === undefined ? undefined : q.step * 1000, provenance: true, bins: q.detail === "bins", source: q.source }));
    if (read === undefined) throw new ApiError("not-found", `The store holds no ${signal} series of ${entity}`);
    const { series, summary, methods, bins, provenance } = read;
    const times = isoGrid(series.start, series.stepMs, series.values.length);
    const format = responseFormat(c, q.format);
    const text = format === "csv"
      ? toCsv(["time", "entity", "signal", "value"], series.values.map((v, i) => [times[i] ?? "", entity, signal, v]))
      : JSON.stringify({
        entity, signal, from: iso(from), until: iso(until), stepMs: series.stepMs, nativeStepMs: read.nativeStepMs,
        source: summary.source, sources, methods,
        points: series.values.map((value, i) => ({ time: times[i] ?? "", value })),
        provenance: provenance ?? null,
        ...(q.detail === "bins" ? { bins: bins.map((b) => ({ time: iso(b.time), completedAt: iso(b.completedAt), ...b.provenance })) } : {}),
      });
    const { headers, notModified } = seriesCache(c, text, format);
    if (notModified !== undefined) return notModified;
    if (format === "csv") return csvResponse(c, "series.csv", text, headers);
    return c.body(text, 200, { ...headers, "Content-Type": "application/json" });
  });

  app.openapi(entitiesRoute, (c) => {
    const q = c.req.valid("query");
    const found = searchEntities(store, { kinds: q.kind === undefined ? [...["country", "region", "county", "asn", "country-asn"]] : [q.kind], search: q.search, within: q.within, limit: q.limit ?? 1000, page: q.page });
    const entities = found.map((e) => ({
      id: e.id, kind: e.kind, name: e.name, parent: e.parent,
      signals: e.signals.map((s) => ({ signal: s.signal, source: s.source.name, sourceKind: s.source.kind, stepMs: s.stepMs, first: iso(s.first), last: iso(s.last) })),
    }));
    return c.json({ entities }, 200);
  });

  app.openapi(sourcesRoute, (c) => {
    const methods = store.getMethods();
    const sources = store.listSources().map((s) => ({
      ...s, methods: methods.filter((m) => m.source === s.name && m.digest === s.digest).map((m) => ({ signal: m.signal, description: m.description })),
    }));
    const health = (deps.health?.() ?? []).map(healthJson);
    return c.json({ sources, health }, 200);
  });

  app.openapi(verdictRoute, (c) => {
    const q = c.req.valid("query");
    checkWindow(q.from, q.until, MAX_EVENTS_MS);
    const [judgement] = rethrowUsage("entity", () => detectEntities(store, [q.entity], { from: q.from, until: q.until, ...(deps.mobileAsns === undefined ? {} : { mobileAsns: deps.mobileAsns }), ...(deps.detection === undefined ? {} : { detection: deps.detection }) }));
    if (judgement === undefined) throw new Error("detectEntities returned no judgement");
    const body = judgementJson(judgement);
    if (responseFormat(c, q.format) === "csv") {
      const rows = body.events.map((e) => [e.entity, e.start, e.end, e.kind, e.depth, e.score, e.signals.map((s) => s.signal).join(" "), e.evidence]);
      return csvResponse(c, "events.csv", toCsv(["entity", "start", "end", "kind", "depth", "score", "signals", "evidence"], rows));
    }
    return c.json(body, 200);
  });
}
