/**
 * The events the observatory keeps (docs/events.md): `/v1/events` lists them with
 * filters (JSON or CSV), `/v1/events/{id}` gives one in full with its history and
 * annotations, `/v1/state` the current state of each entity of a kind for the map.
 * Shapes from src/service/stored-events-json.ts, as `nightlight events --format json`.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { mapStates } from "../service/map-states.ts";
import { listStoredEvents, storedEventJson } from "../service/stored-events-json.ts";
import { ApiError } from "./api-error.ts";
import type { ApiDeps, ApiEnv } from "./api-env.ts";
import { boolParam, formatParam, intParam, timeParam } from "./params.ts";
import { csvResponse, responseFormat } from "./respond-format.ts";
import { toCsv } from "./to-csv.ts";
import { checkWindow, entityParam } from "./v1-routes.ts";

const DAY = 86_400_000;
/** Longest window of a list: ten years (a list reads the event table, not series). */
const MAX_LIST_MS = 3660 * DAY;
const iso = (t: number): string => new Date(t).toISOString().replace(".000Z", "Z");
const KINDS = ["country", "region", "county", "asn", "country-asn"] as const;

const listRoute = createRoute({
  method: "get",
  path: "/v1/events",
  summary: "The events the observatory keeps, newest first, with their state",
  tags: ["Nightlight"],
  request: {
    query: z.object({
      kind: z.enum(["total", "data-plane-cut", "route-withdrawal", "mobile-first", "regional", "international-cut", "whitelisting", "curfew", "partial", "unknown"]).optional(),
      entity: entityParam.optional(),
      within: entityParam.optional().openapi({ description: "The entity and everything within it (country/IR: its regions, counties and networks)" }),
      from: timeParam.optional().openapi({ description: "Only events overlapping [from, until)" }),
      until: timeParam.optional(),
      ongoing: boolParam.optional().openapi({ description: "true: only events not closed; false: only closed ones" }),
      limit: intParam(1000).optional().openapi({ description: "Default 100" }),
      page: intParam(100_000).optional(),
      format: formatParam,
    }),
  },
  responses: { 200: { description: "from, until, total, events: id, entity, entityName, kind, state, start, end, depth, score, signals, lastChange; or CSV" } },
});

const oneRoute = createRoute({
  method: "get",
  path: "/v1/events/{id}",
  summary: "One event in full: figures, phases, timeline, explanation, evidence, provenance, history, annotations",
  tags: ["Nightlight"],
  request: { params: z.object({ id: intParam(1e12) }) },
  responses: { 200: { description: "event" }, 404: { description: "no such event" } },
});

const stateRoute = createRoute({
  method: "get",
  path: "/v1/state",
  summary: "The current state of each entity of a kind, for a map",
  tags: ["Nightlight"],
  request: { query: z.object({ kind: z.enum(KINDS).optional().openapi({ description: "Default country" }), format: formatParam }) },
  responses: { 200: { description: "time, entities: id, name, state (outage, warning, normal, no-data), since, value, baseline, signal, eventId" } },
});

/** Registers the routes on `app`. */
export function v1EventRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  const { store } = deps;
  app.openapi(listRoute, (c) => {
    const q = c.req.valid("query");
    if (q.from !== undefined && q.until !== undefined) checkWindow(q.from, q.until, MAX_LIST_MS);
    const limit = q.limit ?? 100;
    const { events, total } = listStoredEvents(store, { ...q, limit, page: q.page ?? 0 });
    if (responseFormat(c, q.format) === "csv") {
      const rows = events.map((e) => [e.id, e.entity, e.entityName, e.kind, e.state, e.start, e.end, e.depth, e.score, e.signals.map((s) => s.signal).join(" "), e.lastChange]);
      return csvResponse(c, "events.csv", toCsv(["id", "entity", "entityName", "kind", "state", "start", "end", "depth", "score", "signals", "lastChange"], rows));
    }
    return c.json({ from: q.from === undefined ? null : iso(q.from), until: q.until === undefined ? null : iso(q.until), total, events }, 200);
  });
  app.openapi(oneRoute, (c) => {
    const { id } = c.req.valid("param");
    const event = storedEventJson(store, id);
    if (event === undefined) throw new ApiError("not-found", `No event ${id}`);
    return c.json({ event }, 200);
  });
  app.openapi(stateRoute, (c) => {
    const q = c.req.valid("query");
    const { time, entities } = mapStates(store, q.kind ?? "country");
    const rows = entities.map((e) => ({ ...e, since: e.since === null ? null : iso(e.since) }));
    if (responseFormat(c, q.format) === "csv") {
      return csvResponse(c, "state.csv", toCsv(["id", "name", "state", "since", "value", "baseline", "signal", "eventId"], rows.map((e) => [e.id, e.name, e.state, e.since, e.value, e.baseline, e.signal, e.eventId])));
    }
    return c.json({ time: time === null ? null : iso(time), kind: q.kind ?? "country", entities: rows }, 200);
  });
}
