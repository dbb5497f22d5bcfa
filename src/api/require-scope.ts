/**
 * The token check of every write route (design note 0002, "API writes"): the request
 * carries `Authorization: Bearer TOKEN` (RFC 6750 §2.1), the SHA-256 of TOKEN is one
 * of `http.tokens`, and that entry grants the route's scope. No or an unknown token:
 * 401 with `WWW-Authenticate: Bearer` (RFC 6750 §3); a known token without the scope:
 * 403. Digests are compared in constant time. Probers' ingest routes use it with
 * scope `ingest`.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { HttpToken, TokenScope } from "../service/http-tokens-config.ts";
import { ApiError } from "./api-error.ts";
import type { ApiEnv } from "./api-env.ts";

/** The token entry whose digest is the SHA-256 of `token`, or undefined. */
export function findToken(tokens: readonly HttpToken[], token: string): HttpToken | undefined {
  const digest = createHash("sha256").update(token).digest();
  return tokens.find((t) => {
    const known = Buffer.from(t.sha256, "hex");
    return known.length === digest.length && timingSafeEqual(known, digest);
  });
}

/** Middleware that lets a request through only with a token granting `scope`; sets `tokenName`. */
export function requireScope(tokens: readonly HttpToken[] | undefined, scope: TokenScope): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/.exec(header);
    if (match === null) throw new ApiError("unauthorized", `This route needs a token with scope '${scope}': send Authorization: Bearer TOKEN`);
    const found = findToken(tokens ?? [], match[1] ?? "");
    if (found === undefined) throw new ApiError("unauthorized", "The token is not one this server knows");
    if (!found.scopes.includes(scope)) throw new ApiError("forbidden", `The token '${found.name}' does not grant scope '${scope}'`);
    c.set("tokenName", found.name);
    await next();
  };
}
