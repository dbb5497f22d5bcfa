/** `node:util` parseArgs whose complaints (unknown flag, missing value) are usage errors. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../model/errors.ts";

/** Parses like parseArgs; throws UsageError (exit status 2, usage shown) instead of TypeError. */
export function parseCliArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error: unknown) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
