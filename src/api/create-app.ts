/**
 * The HTTP API over one store: IODA-compatible routes under `/v2/`, Nightlight's own
 * under `/v1/`, and `/openapi.json` made from the same zod definitions that validate
 * the requests. Reads are GET (and HEAD, OPTIONS) and public; the few write routes
 * (write-routes.ts) take their method, a token (require-scope.ts) and a body up to their
 * own limit; any other method is 405. Every failure goes through
 * one `onError` into one JSON shape (render-error.ts). Layout and choices: docs/api.md.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { ApiError, badParameter } from "./api-error.ts";
import type { ApiDeps, ApiEnv } from "./api-env.ts";
import { iodaDatasourcesRoute } from "./ioda-datasources-route.ts";
import { iodaEntitiesRoute } from "./ioda-entities-route.ts";
import { iodaOutagesRoutes } from "./ioda-outages-routes.ts";
import { iodaSignalsRoute } from "./ioda-signals-route.ts";
import { ingestRoute } from "./ingest-route.ts";
import { validationHook } from "./params.ts";
import { asApiError, renderError } from "./render-error.ts";
import { chartRoutes } from "./chart-routes.ts";
import { dashboardRoutes } from "./dashboard-routes.ts";
import { v1EventRoutes } from "./v1-event-routes.ts";
import { v1Routes } from "./v1-routes.ts";
import { v1WriteRoutes } from "./v1-write-routes.ts";
import { writeRouteOf } from "./write-routes.ts";

/** Largest request body accepted by a read: reads take none, so anything beyond a little is refused. */
export const MAX_BODY_BYTES = 1024;
/** Longest path and query accepted, bytes (413 past it: the request is too large). */
export const MAX_URL_BYTES = 4096;

/** The version the OpenAPI document states. */
export const API_VERSION = "1.0.0";

/** Options of createApp beyond the dependencies. */
export interface AppOptions {
  /** Called with every failure that is not an ApiError (the server logs it). */
  readonly onInternalError?: (error: unknown) => void;
  /** Folder of the built dashboard to serve at `/` (see builtDashboard()); none when absent. */
  readonly dashboard?: string | undefined;
}

/** The API as a Hono app, to serve or to call in-process with `app.request()`. */
export function createApp(deps: ApiDeps, options: AppOptions = {}): OpenAPIHono<ApiEnv> {
  const now = deps.now ?? Date.now;
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  app.use("*", async (c, next) => {
    c.set("requestTime", now());
    const url = c.req.url;
    const pathAndQuery = url.slice(url.indexOf("/", url.indexOf("//") + 2));
    if (Buffer.byteLength(pathAndQuery) > MAX_URL_BYTES) {
      throw new ApiError("payload-too-large", `The request's path and query of ${Buffer.byteLength(pathAndQuery)} bytes exceed the limit of ${MAX_URL_BYTES}`);
    }
    const read = ["GET", "HEAD", "OPTIONS"].includes(c.req.method);
    const write = read ? undefined : writeRouteOf(c.req.method, c.req.path);
    if (!read && write === undefined) {
      throw new ApiError("method-not-allowed", `${c.req.method.slice(0, 20)} is not allowed on ${c.req.path.slice(0, 100)}: reads are GET; see /openapi.json for the few write routes`);
    }
    const limit = write?.maxBodyBytes ?? MAX_BODY_BYTES;
    // A body announced beyond the route's limit is refused before anything else.
    const length = Number(c.req.header("content-length") ?? "0");
    if (!(length <= limit)) throw new ApiError("payload-too-large", `The request body of ${c.req.header("content-length")?.slice(0, 20) ?? ""} bytes exceeds the limit of ${limit} for this route`);
    await bodyLimit({
      maxSize: limit,
      onError: () => {
        throw new ApiError("payload-too-large", `The request body exceeds the limit of ${limit} bytes for this route`);
      },
    })(c, next);
  });
  // Reads are public: any origin may read. Writes get no CORS headers (and a preflight
  // is told GET, HEAD and OPTIONS only), so no web page elsewhere can write.
  const readCors = cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"], exposeHeaders: ["ETag", "Content-Disposition"], maxAge: 3600 });
  app.use("*", async (c, next) => (["GET", "HEAD", "OPTIONS"].includes(c.req.method) ? readCors(c, next) : next()));
  iodaSignalsRoute(app, deps);
  iodaEntitiesRoute(app, deps);
  iodaDatasourcesRoute(app, deps);
  iodaOutagesRoutes(app, deps);
  v1Routes(app, deps);
  v1EventRoutes(app, deps);
  v1WriteRoutes(app, deps);
  ingestRoute(app, deps);
  chartRoutes(app, deps);
  if (options.dashboard !== undefined) dashboardRoutes(app, options.dashboard);
  app.get("/openapi.json", (c) => c.json(openApiDocument(app)));
  app.notFound((c) => renderError(c, new ApiError("not-found", `No route ${c.req.path.slice(0, 200)}: see /openapi.json`)));
  app.onError((error, c) => {
    // Hono's JSON validator says so when a body is not JSON at all.
    if (error instanceof HTTPException && error.status === 400) return renderError(c, badParameter("body", `The request body is not JSON: ${error.message.slice(0, 100)}`));
    if (error instanceof HTTPException && error.status === 415) return renderError(c, new ApiError("unsupported-media-type", "The request body must be JSON, sent with Content-Type: application/json", "body"));
    if (!(error instanceof ApiError)) options.onInternalError?.(error);
    return renderError(c, asApiError(error));
  });
  return app;
}

/** The OpenAPI document, with Hono's path patterns (`{entity{.+}}`) shown as plain parameters. */
function openApiDocument(app: OpenAPIHono<ApiEnv>): unknown {
  const doc = app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "Nightlight", version: API_VERSION, description: "Internet shutdown observatory: IODA-compatible /v2 and Nightlight's /v1. See docs/api.md." },
  });
  const paths = Object.fromEntries(Object.entries(doc.paths ?? {}).map(([p, item]) => [p.replace(/\{(\w+)\{[^}]*\}\}/g, "{$1}"), item]));
  return { ...doc, paths };
}
