/**
 * `POST /v1/ingest/bins`: a prober or an inside probe reports bins (one round each,
 * usually) with a token of scope `ingest` (design note 0002, "API writes"). The body
 * is model/reported-bins.ts; service/commit-reported-bins.ts checks and stores it.
 * Each bin is stored once: resending a bin answers 200 with it counted as a duplicate,
 * so a probe that did not hear the answer simply sends it again.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { commitReportedBins, MAX_REPORTED_BINS, ReportError } from "../service/commit-reported-bins.ts";
import { ApiError } from "./api-error.ts";
import type { ApiDeps, ApiEnv } from "./api-env.ts";
import { requireScope } from "./require-scope.ts";
import { writableStore } from "./writable-store.ts";

/** The route's path (its body limit is in write-routes.ts). */
export const INGEST_ROUTE = "/v1/ingest/bins";

const value = z.object({ entity: z.string().max(200), signal: z.string().max(64), value: z.number().nullable() });
const body = z.object({
  source: z.object({
    name: z.string().max(80),
    parameters: z.record(z.string(), z.unknown()),
    methods: z.record(z.string().max(64), z.string().max(2000)),
  }),
  entities: z.array(z.object({
    id: z.string().max(200), kind: z.enum(["country", "region", "asn", "country-asn", "county"]),
    name: z.string().max(300).nullable(), parent: z.string().max(200).nullable(),
  })).max(100_000).optional(),
  bins: z.array(z.object({
    time: z.number().int(), stepMs: z.number().int(), values: z.array(value), provenance: z.record(z.string(), z.unknown()),
  })).max(MAX_REPORTED_BINS),
});

const route = createRoute({
  method: "post",
  path: INGEST_ROUTE,
  summary: "Report bins measured by a prober or an inside probe (token with scope ingest)",
  tags: ["Nightlight writes"],
  security: [{ bearer: [] }],
  request: { body: { content: { "application/json": { schema: body } }, required: true } },
  responses: { 200: { description: "source, digest, stored, duplicates" } },
});

/** Registers the route on `app`. */
export function ingestRoute(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  // The token, then whether this server writes at all, before the body is read.
  app.use(INGEST_ROUTE, async (c, next) => {
    if (c.req.method !== "POST") return next();
    return requireScope(deps.tokens, "ingest")(c, async () => {
      writableStore(deps);
      await next();
    });
  });
  app.openapi(route, (c) => {
    const store = writableStore(deps);
    const { entities, ...rest } = c.req.valid("json");
    const report = { ...rest, ...(entities === undefined ? {} : { entities }) };
    try {
      const result = commitReportedBins(store, report, deps.now === undefined ? {} : { now: deps.now });
      if (result.notices.length > 0) deps.onBinsCommitted?.(result.notices);
      return c.json({ source: result.source, digest: result.digest, stored: result.stored, duplicates: result.duplicates }, 200);
    } catch (error: unknown) {
      if (error instanceof ReportError) throw new ApiError("bad-parameter", error.message, "body");
      throw error;
    }
  });
}
