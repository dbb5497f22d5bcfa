/**
 * Reads one section of the config file (`--config FILE`) with its zod schema; an error
 * names the file and the key path. Used by `probe`, `inside` and `lab` for their own
 * sections (design note 0002, "Configuration"); the other sections of the file are
 * left to the commands that own them.
 * TODO(issue 8): once the one config loader (cli/nightlight-config.ts) is on main, read
 * the sections through it and remove this file.
 */
import { readFileSync, statSync } from "node:fs";
import type { z } from "zod";
import { UsageError } from "../model/errors.ts";
import { echo } from "./parse-cli-args.ts";

const MAX_BYTES = 1 << 20;

function keyPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
}

/** The section `key` of `file`, checked by `schema`. */
export function loadConfigSection<S extends z.ZodType>(file: string, key: string, schema: S): z.output<S> {
  let json: unknown;
  try {
    const size = statSync(file).size;
    if (size > MAX_BYTES) throw new Error(`${size} bytes is more than any config file (${MAX_BYTES} at most)`);
    json = JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  } catch (error: unknown) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(`--config ${echo(file)}: ${code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error)}`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new UsageError(`--config ${echo(file)}: expected a JSON object of sections`);
  const section = (json as Record<string, unknown>)[key];
  if (section === undefined) throw new UsageError(`--config ${echo(file)}: no "${key}" section`);
  const parsed = schema.safeParse(section);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 5).map((issue) => {
      const where = keyPath([key, ...issue.path]);
      if (issue.code === "unrecognized_keys") return `unknown key ${issue.keys.map((k) => `"${echo(k)}"`).join(", ")} in ${where}`;
      return `${where}: ${issue.message}`;
    });
    throw new UsageError(`--config ${echo(file)}: ${lines.join("; ")}`);
  }
  return parsed.data;
}

/** A secret of a section: the text, or the environment variable `{ env }` names. */
export function resolveSecret(value: string | { readonly env: string }, where: string): string {
  if (typeof value === "string") return value;
  const text = process.env[value.env];
  if (text === undefined || text === "") throw new UsageError(`${where}: environment variable ${value.env} is not set`);
  return text;
}
