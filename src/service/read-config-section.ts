/**
 * One section of the JSON config file, validated by its zod schema, with errors that
 * name the file and the key path (`nightlight.json: alerts.webhooks.0.url: must be an
 * http:// or https:// URL`). A stand-in until the composing loader of the config (design
 * note 0002, "Configuration") is merged: that loader parses every section with the
 * same schemas.
 */
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { UsageError } from "../model/errors.ts";

/** The parsed section `key` of `file` (undefined when the file has no such key). */
export function readConfigSection<S extends z.ZodType>(file: string, key: string, schema: S): z.output<S> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error: unknown) {
    throw new UsageError(`--config ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new UsageError(`--config ${file}: expected a JSON object of sections`);
  const value = (json as Record<string, unknown>)[key];
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = [key, ...(issue?.path ?? []).map(String)].join(".");
  throw new UsageError(`--config ${file}: ${path}: ${issue?.message ?? "invalid"}`);
}
