/**
 * The entity charts: `GET /v1/charts/{entity}` (the data the dashboard draws them from)
 * and `GET /charts/{entityType}/{entityCode}.png` (the same drawing as a PNG to share:
 * the signal against its baseline, the events shaded and labelled, the source line;
 * or the "who fell first" timeline of one event). Every parameter is validated, sizes
 * are capped, and the image carries caching headers and an ETag.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { entityTimeZone } from "../chart/country-time-zone.ts";
import { signalFigure, timelineFigure } from "../chart/entity-figures.ts";
import { renderPng } from "../chart/render-png.ts";
import { isTimeZone } from "../chart/zone-offset.ts";
import type { EntityChartData } from "../model/entity-chart-data.ts";
import { UsageError } from "../model/errors.ts";
import { entityChartData } from "../service/entity-chart-data.ts";
import { entityIdOf } from "../service/ioda-entity-ref.ts";
import type { Store } from "../store/store.ts";
import { ApiError, badParameter } from "./api-error.ts";
import type { ApiDeps, ApiEnv } from "./api-env.ts";
import { intParam, textParam, timeParam } from "./params.ts";
import { seriesEtag } from "./series-cache.ts";

const DAY = 86_400_000;
/** Longest window drawn: detection's limit (IODA's 100 days). */
export const MAX_CHART_MS = 100 * DAY;
/** Image sizes accepted, pixels. */
export const CHART_SIZE = { width: [400, 2400], height: [240, 1600] } as const;
/** A PNG may be reused for five minutes: a new bin every five minutes at most changes it. */
export const CHART_CACHE_CONTROL = "public, max-age=300";
/** Rasterising takes ~0.2 s of CPU: the last PNGs are kept, by their drawing's ETag. */
const PNG_CACHE_SIZE = 32;
const ENTITY = /^(country|region|county|asn|country-asn)\/[^/\s]{1,80}(\/[^/\s]{1,80}){0,2}$/;

const iso = (t: number): string => new Date(t).toISOString().replace(".000Z", "Z");

const windowQuery = {
  from: timeParam.optional().openapi({ description: "Default: 7 days before until" }),
  until: timeParam.optional().openapi({ description: "Default: after the entity's newest stored bin" }),
};

const dataRoute = createRoute({
  method: "get",
  path: "/v1/charts/{entity{.+}}",
  summary: "What an entity's charts are drawn from: each signal with its baseline and levels, provenance, events",
  tags: ["Nightlight"],
  request: {
    params: z.object({ entity: textParam.regex(ENTITY, "must be an entity id such as country/IR, region/IR-09 or asn/44244") }),
    query: z.object(windowQuery),
  },
  responses: { 200: { description: "entity, name, from, until, verdict, summary, signals (values, baseline, warning, critical, source, method, bins), events, names" } },
});

const pngRoute = createRoute({
  method: "get",
  path: "/charts/{entityType}/{entityCode{.+}}",
  summary: "A signal's chart (or an event's 'who fell first' timeline) as a PNG to share",
  tags: ["Nightlight"],
  request: {
    params: z.object({
      entityType: z.enum(["country", "region", "county", "asn", "geoasn"]),
      entityCode: textParam.regex(/^[^\s]{1,160}\.png$/, "must be an entity code followed by .png, such as IR.png"),
    }),
    query: z.object({
      ...windowQuery,
      signal: textParam.regex(/^[a-z0-9][a-z0-9._-]*$/i, "must be a signal name such as bgp").optional().openapi({ description: "Default: the first signal with an event, else the first" }),
      chart: z.enum(["signal", "timeline"]).optional().openapi({ description: "signal (default) or timeline (who fell first)" }),
      event: intParam(999).optional().openapi({ description: "The event (1 = the first in the window) whose timeline to draw; default 1" }),
      theme: z.enum(["light", "dark"]).optional(),
      lang: z.enum(["en", "fa"]).optional(),
      tz: textParam.max(64).optional().openapi({ description: "utc (default), local (the entity's country's zone) or an IANA zone such as Asia/Tehran" }),
      width: intParam(CHART_SIZE.width[1]).optional().openapi({ description: `Pixels, ${CHART_SIZE.width.join("–")}; default 1200` }),
      height: intParam(CHART_SIZE.height[1]).optional().openapi({ description: `Pixels, ${CHART_SIZE.height.join("–")}; default 600` }),
    }),
  },
  responses: { 200: { description: "image/png" } },
});

/** The chart data of `entity` over the window asked, with a 404 when the store holds none of it. */
export function loadChartData(store: Store, entity: string, window: { from?: number | undefined; until?: number | undefined }, mobileAsns?: ReadonlySet<number>): EntityChartData {
  const held = store.listSignals(entity).filter((s) => s.entity === entity);
  if (held.length === 0) throw new ApiError("not-found", `The store holds no series of ${entity}`);
  const until = window.until ?? held.reduce((t, s) => Math.max(t, s.last + s.stepMs), Number.NEGATIVE_INFINITY);
  const from = window.from ?? until - 7 * DAY;
  if (until <= from) throw badParameter("until", `until ${iso(until)} must be after from ${iso(from)}`);
  if (until - from > MAX_CHART_MS) throw badParameter("until", `the window of ${Math.round((until - from) / DAY)} days exceeds the limit of ${MAX_CHART_MS / DAY} days`);
  try {
    return entityChartData(store, { entity, from, until, ...(mobileAsns === undefined ? {} : { mobileAsns }) });
  } catch (error: unknown) {
    // The service's message names the store file: say it without the path.
    if (error instanceof UsageError) throw new ApiError("not-found", `The store holds no data of ${entity} from ${iso(from)} until ${iso(until)}`);
    throw error;
  }
}

function size(value: number | undefined, [min]: readonly [number, number], name: string): number | undefined {
  if (value !== undefined && value < min) throw badParameter(name, `Invalid request parameter '${name}': must be at least ${min}`);
  return value;
}

/** Registers the routes on `app`. */
export function chartRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  const pngs = new Map<string, Uint8Array>();
  const rasterise = (svg: string, etag: string): Uint8Array => {
    let png = pngs.get(etag);
    if (png === undefined) {
      png = renderPng(svg);
      if (pngs.size >= PNG_CACHE_SIZE) pngs.delete(pngs.keys().next().value ?? "");
    } else {
      pngs.delete(etag);
    }
    pngs.set(etag, png);
    return png;
  };
  app.openapi(dataRoute, (c) => {
    const { entity } = c.req.valid("param");
    return c.json(loadChartData(deps.store, entity, c.req.valid("query"), deps.mobileAsns), 200);
  });

  app.openapi(pngRoute, (c) => {
    const { entityType, entityCode } = c.req.valid("param");
    const q = c.req.valid("query");
    const entity = entityIdOf(entityType, entityCode.slice(0, -4));
    if (entity === undefined || !ENTITY.test(entity)) throw badParameter("entityCode", `Invalid request parameter 'entityCode': no ${entityType} ${entityCode.slice(0, 80)}`);
    const width = size(q.width, CHART_SIZE.width, "width");
    const height = size(q.height, CHART_SIZE.height, "height");
    const timeZone = q.tz === undefined || q.tz.toLowerCase() === "utc" ? "UTC" : q.tz === "local" ? (entityTimeZone(entity) ?? "UTC") : q.tz;
    if (!isTimeZone(timeZone)) throw badParameter("tz", `Invalid request parameter 'tz': '${timeZone.slice(0, 64)}' is not utc, local or an IANA time zone`);
    const data = loadChartData(deps.store, entity, q, deps.mobileAsns);
    const requestTime = c.get("requestTime");
    const options = {
      timeZone, clock: () => new Date(requestTime),
      ...(q.lang === undefined ? {} : { lang: q.lang }), ...(q.theme === undefined ? {} : { theme: q.theme }),
      ...(width === undefined ? {} : { width }), ...(height === undefined ? {} : { height }),
    };
    let svg: string | undefined;
    if (q.chart === "timeline") {
      const index = (q.event ?? 1) - 1;
      svg = timelineFigure(data, index, options);
      if (svg === undefined) throw new ApiError("not-found", `${entity} has no event ${index + 1} with a timeline from ${data.from} until ${data.until} (${data.events.length} events)`);
    } else {
      const signal = q.signal ?? data.events[0]?.signals[0]?.signal ?? data.signals[0]?.signal ?? "";
      svg = signalFigure(data, signal, options);
      if (svg === undefined) throw new ApiError("not-found", `${entity} has no ${signal} data from ${data.from} until ${data.until}; it has ${data.signals.map((s) => s.signal).join(", ") || "none"}`);
    }
    const etag = seriesEtag(svg, "png");
    const headers = {
      "Content-Type": "image/png",
      "Cache-Control": CHART_CACHE_CONTROL,
      ETag: etag,
      "Content-Disposition": `inline; filename="nightlight-${entity.replaceAll("/", "-")}-${data.from.slice(0, 10)}.png"`,
    };
    if (c.req.header("if-none-match")?.split(",").some((t) => t.trim() === etag) === true) return c.body(null, 304, headers);
    return c.body(rasterise(svg, etag) as Uint8Array<ArrayBuffer>, 200, headers);
  });
}
