/**
 * The `http.tokens` key of the config file: who may write through the API. A token is
 * never stored: its SHA-256 (hex) is, with a name (an annotation's author) and the
 * scopes it grants: `write` (annotate an event, add a webhook), `ingest` (probers
 * posting results). Design note 0002, "API writes". The composing loader adds it under
 * `http`; the API's token check (src/api/require-scope.ts) reads the parsed list.
 */
import { z } from "zod";
import { resolveSecret, secretSchema } from "../alerts/secret-config.ts";

/** The scopes a token may grant. */
export const TOKEN_SCOPES = ["write", "ingest"] as const;

/** One scope. */
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** One token: `sha256` is the hex SHA-256 of the token's text (e.g. `printf %s TOKEN | sha256sum`), or `{ env }`. */
export const httpTokenSchema = z.object({
  name: z.string().regex(/^[\w .@-]{1,60}$/, "must be a short name"),
  sha256: z.union([z.string().regex(/^[0-9a-f]{64}$/i, "must be 64 hex digits (the SHA-256 of the token)"), secretSchema]),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1),
}).strict();

/** The `http.tokens` list. */
export const httpTokensSchema = z.array(httpTokenSchema).default([]);

/** A token entry as written. */
export type HttpTokenConfig = z.infer<typeof httpTokenSchema>;

/** A token entry with its digest resolved, as the API checks it. */
export interface HttpToken {
  readonly name: string;
  /** Lower-case hex SHA-256 of the token. */
  readonly sha256: string;
  readonly scopes: readonly TokenScope[];
}

/** The tokens with `{ env }` digests read from `env`; TypeError naming the entry when one is not 64 hex digits. */
export function resolveHttpTokens(tokens: readonly HttpTokenConfig[], env: NodeJS.ProcessEnv = process.env): HttpToken[] {
  return tokens.map((t, i) => {
    const digest = typeof t.sha256 === "string" ? t.sha256 : resolveSecret(t.sha256, env);
    if (!/^[0-9a-f]{64}$/i.test(digest)) throw new TypeError(`http.tokens[${i}] (${t.name}): sha256 must be 64 hex digits, the SHA-256 of the token`);
    return { name: t.name, sha256: digest.toLowerCase(), scopes: t.scopes };
  });
}
