/** `node:util` parseArgs whose complaints (unknown flag, missing value) are usage errors. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../model/errors.ts";
import { echoInput } from "../signals/echo-input.ts";

/** The user's input as messages quote it: cut, control characters replaced (one rule, src/signals/echo-input.ts). */
export const echo = echoInput;

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
