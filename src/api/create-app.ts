/**
 * The HTTP API over one store: IODA-compatible routes under `/v2/`, Nightlight's own
 * under `/v1/`, and `/openapi.json` made from the same zod definitions that validate
 * the requests. Read-only: GET (and HEAD, OPTIONS) only. Every failure goes through
 * one `onError` into one JSON shape (render-error.ts). Layout and choices: docs/api.md.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { ApiError } from "./api-error.ts";
import type { ApiDeps, ApiEnv } from "./api-env.ts";
import { iodaDatasourcesRoute } from "./ioda-datasources-route.ts";
import { iodaEntitiesRoute } from "./ioda-entities-route.ts";
import { iodaOutagesRoutes } from "./ioda-outages-routes.ts";
import { iodaSignalsRoute } from "./ioda-signals-route.ts";
import { INGEST_ROUTE, ingestRoute, MAX_INGEST_BYTES } from "./ingest-route.ts";
import { validationHook } from "./params.ts";
import { asApiError, renderError } from "./render-error.ts";
import { v1Routes } from "./v1-routes.ts";

/** Largest request body accepted: the API reads none, so anything beyond a little is refused. */
export const MAX_BODY_BYTES = 1024;
/** Longest path and query accepted, bytes (413 past it: the request is too large). */
export const MAX_URL_BYTES = 4096;

/** The version the OpenAPI document states. */
export const API_VERSION = "1.0.0";

/** Options of createApp beyond the dependencies. */
export interface AppOptions {
  /** Called with every failure that is not an ApiError (the server logs it). */
  readonly onInternalError?: (error: unknown) => void;
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
    // The API reads no body but the ingest route's; one announced beyond the limit is refused before anything else.
    const ingest = c.req.method === "POST" && c.req.path === INGEST_ROUTE && (deps.tokens ?? []).length > 0;
    const limit = ingest ? MAX_INGEST_BYTES : MAX_BODY_BYTES;
    const length = Number(c.req.header("content-length") ?? "0");
    if (!(length <= limit)) throw new ApiError("payload-too-large", `The request body of ${c.req.header("content-length")?.slice(0, 20) ?? ""} bytes exceeds the limit of ${limit}${ingest ? "" : "; the API reads no body"}`);
    if (!ingest && !["GET", "HEAD", "OPTIONS"].includes(c.req.method)) {
      throw new ApiError("method-not-allowed", `${c.req.method.slice(0, 20)} is not allowed: the API is read-only (GET, HEAD, OPTIONS)`);
    }
    await next();
  });
  const smallBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError("payload-too-large", `The request body exceeds the limit of ${MAX_BODY_BYTES} bytes; the API reads no body`);
    },
  });
  const ingestBody = bodyLimit({
    maxSize: MAX_INGEST_BYTES,
    onError: () => {
      throw new ApiError("payload-too-large", `The request body exceeds the limit of ${MAX_INGEST_BYTES} bytes`);
    },
  });
  app.use("*", (c, next) => (c.req.path === INGEST_ROUTE ? ingestBody(c, next) : smallBody(c, next)));
  // Reads are public: any origin may read, none may write (there is nothing to write).
  app.use("*", cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"], exposeHeaders: ["ETag", "Content-Disposition"], maxAge: 3600 }));
  iodaSignalsRoute(app, deps);
  iodaEntitiesRoute(app, deps);
  iodaDatasourcesRoute(app, deps);
  iodaOutagesRoutes(app, deps);
  v1Routes(app, deps);
  if ((deps.tokens ?? []).length > 0) ingestRoute(app, deps);
  app.get("/openapi.json", (c) => c.json(openApiDocument(app)));
  app.notFound((c) => renderError(c, new ApiError("not-found", `No route ${c.req.path.slice(0, 200)}: see /openapi.json`)));
  app.onError((error, c) => {
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
