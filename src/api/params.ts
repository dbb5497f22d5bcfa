/**
 * Request parameters shared by routes, as zod schemas (the same definitions validate
 * requests and make /openapi.json), and the hook that turns a failed validation into
 * an ApiError naming the parameter.
 */
import { z } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import { badParameter } from "./api-error.ts";

/** Longest text parameter accepted (a search term, a list of codes). */
export const MAX_TEXT = 200;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
/** Latest time accepted, 9999-12-31: beyond it Date cannot print the time back. */
const MAX_SECONDS = 253_402_214_400;

/**
 * A time: Unix seconds (IODA's form), an ISO 8601 date (midnight UTC) or a date-time
 * with its zone. Without a zone it is refused, as by the CLI: the same text means
 * different instants in Tehran and in London. Parsed to ms UTC.
 */
export const timeParam = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    const seconds = /^\d{1,12}$/.test(text) ? Number(text) : Number.NaN;
    const ms = seconds <= MAX_SECONDS ? seconds * 1000 : DATE.test(text) || ZONED.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(ms) || ms > MAX_SECONDS * 1000) {
      ctx.addIssue({ code: "custom", message: `'${text}' is not a time: give Unix seconds, or ISO 8601 UTC such as 2019-11-16 or 2019-11-16T14:00Z` });
      return z.NEVER;
    }
    return ms;
  })
  .openapi({ type: "string", example: "2019-11-16T00:00Z", description: "Unix seconds, or ISO 8601 (a date-time needs its zone)" });

/** A non-negative integer in decimal digits, as IODA's integer parameters. */
export function intParam(max: number) {
  return z
    .string()
    .regex(/^\d{1,10}$/, "must be a non-negative integer")
    .transform(Number)
    .pipe(z.number().max(max, `must be at most ${max}`))
    .openapi({ type: "integer", minimum: 0, maximum: max });
}

/** IODA's boolean (Symfony ParameterBag::getBoolean; a bare `&name` is true). */
export const boolParam = z
  .enum(["", "1", "0", "true", "false", "on", "off", "yes", "no"])
  .transform((v) => ["", "1", "true", "on", "yes"].includes(v))
  .openapi({ type: "boolean" });

/** `json` or `csv`. */
export const formatParam = z.enum(["json", "csv"]).optional().openapi({ description: "json (default) or csv; or send Accept: text/csv" });

/** A short text. */
export const textParam = z.string().max(MAX_TEXT);

/** The `defaultHook` of every route: the first issue, as a 400 naming its parameter. */
export function validationHook(result: { success: boolean; error?: ZodError }): void {
  if (result.success || result.error === undefined) return;
  const issue = result.error.issues[0];
  // A field of a JSON body not in its schema names itself (zod's unrecognized_keys has no path).
  const unknown = issue?.code === "unrecognized_keys" ? (issue as { keys?: string[] }).keys?.[0] : undefined;
  if (unknown !== undefined) throw badParameter(unknown.slice(0, 100), `Unknown field '${unknown.slice(0, 100)}' in the request body`);
  const parameter = String(issue?.path[0] ?? "request");
  const missing = issue?.code === "invalid_type" && /received undefined/.test(issue.message);
  if (missing) throw badParameter(parameter, `Missing required request parameter '${parameter}'`);
  const repeated = issue?.code === "invalid_type" && /received array/.test(issue.message);
  throw badParameter(parameter, repeated ? `Request parameter '${parameter}' is given more than once` : `Invalid request parameter '${parameter}': ${issue?.message ?? "invalid"}`);
}
