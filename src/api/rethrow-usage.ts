/**
 * The service layer says "bad request" with UsageError (its messages name CLI flags);
 * here it becomes a 400 naming the request parameter instead.
 */
import { UsageError } from "../model/errors.ts";
import { badParameter } from "./api-error.ts";

/** Runs `fn`; a UsageError becomes a 400 on `parameter`, its `--flag` words made parameter names. */
export function rethrowUsage<T>(parameter: string, fn: () => T): T {
  try {
    return fn();
  } catch (error: unknown) {
    if (error instanceof UsageError) throw badParameter(parameter, error.message.replace(/--(step)\b/g, "$1"));
    throw error;
  }
}
