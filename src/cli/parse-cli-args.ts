/** `node:util` parseArgs whose complaints (unknown flag, missing value) are usage errors. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../model/errors.ts";

/** Longest piece of the user's input echoed in a message: a 100 KB value is not repeated whole. */
const ECHO_MAX = 80;

/** `text` without control characters, cut to ECHO_MAX characters. */
export function echo(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return clean.length > ECHO_MAX ? `${clean.slice(0, ECHO_MAX)}…` : clean;
}

/** Node's parseArgs messages in Nightlight's words. */
function reword(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^']*)'/.exec(message)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option '${echo(option)}'`;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return `unexpected argument '${echo(/'([^']*)'/.exec(message)?.[1] ?? "")}'`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return `option '${echo(option.split(" ")[0] ?? option)}' needs a value`;
  return echo(message);
}

/** Parses like parseArgs; throws UsageError (exit status 2, usage shown) instead of TypeError. */
export function parseCliArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error: unknown) {
    throw new UsageError(reword(error));
  }
}
