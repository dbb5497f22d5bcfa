/**
 * JSON or CSV: `?format=csv|json` decides, else the Accept header (text/csv before
 * application/json only when it names text/csv), else JSON.
 */
import type { Context } from "hono";

/** The representations a series or event list is served in. */
export type ResponseFormat = "json" | "csv";

/** The format a request asks for. */
export function responseFormat(c: Context, format: string | undefined): ResponseFormat {
  if (format === "csv" || format === "json") return format;
  const accept = c.req.header("accept") ?? "";
  return /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept) ? "csv" : "json";
}

/** A CSV response, as a download named `name`. */
export function csvResponse(c: Context, name: string, text: string, headers: Readonly<Record<string, string>> = {}): Response {
  return c.body(text, 200, { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `inline; filename="${name}"` });
}
