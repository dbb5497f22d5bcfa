/**
 * `POST /v1/ingest/bins`: a prober or an inside probe reports bins (one round each,
 * usually) with a token of scope `ingest` (design note 0002, "API writes"). The body
 * is model/reported-bins.ts; service/commit-reported-bins.ts checks and stores it.
 * Each bin is stored once: resending a bin answers 200 with it counted as a duplicate,
 * so a probe that did not hear the answer simply sends it again.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { commitReportedBins, MAX_REPORTED_BINS, ReportError } from "../service/commit-reported-bins.ts";
import { ApiError } from "./api-error.ts";
import type { ApiDeps, ApiEnv, ApiToken } from "./api-env.ts";

/** The route's path. */
export const INGEST_ROUTE = "/v1/ingest/bins";
/** Largest report accepted: a round of a prober watching every /24 of a large country. */
export const MAX_INGEST_BYTES = 8 * 1024 * 1024;

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
  tags: ["Nightlight"],
  request: { body: { content: { "application/json": { schema: body } }, required: true } },
  responses: { 200: { description: "source, digest, stored, duplicates" } },
});

/** The token the request's `Authorization: Bearer` names, or a 401/403 ApiError. */
export function requireToken(c: Context<ApiEnv>, tokens: readonly ApiToken[], scope: string): ApiToken {
  const header = c.req.header("authorization") ?? "";
  const m = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header);
  if (m === null) throw new ApiError("unauthorized", `${c.req.method} ${c.req.path} needs Authorization: Bearer TOKEN with scope ${scope}`);
  const digest = createHash("sha256").update(m[1] ?? "").digest();
  const token = tokens.find((t) => {
    const known = Buffer.from(t.sha256, "hex");
    return known.length === digest.length && timingSafeEqual(known, digest);
  });
  if (token === undefined) throw new ApiError("unauthorized", "The token is not one this observatory knows");
  if (!token.scopes.includes(scope)) throw new ApiError("forbidden", `Token ${token.name} has no scope ${scope}`);
  return token;
}

/** Registers the route on `app` (when the app has tokens). */
export function ingestRoute(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  const tokens = deps.tokens ?? [];
  app.openapi(route, (c) => {
    requireToken(c, tokens, "ingest");
    const { entities, ...rest } = c.req.valid("json");
    const report = { ...rest, ...(entities === undefined ? {} : { entities }) };
    try {
      const result = commitReportedBins(deps.store, report, deps.now === undefined ? {} : { now: deps.now });
      if (result.notices.length > 0) deps.onBinsCommitted?.(result.notices);
      return c.json({ source: result.source, digest: result.digest, stored: result.stored, duplicates: result.duplicates }, 200);
    } catch (error: unknown) {
      if (error instanceof ReportError) throw new ApiError("bad-parameter", error.message, "body");
      throw error;
    }
  });
}
