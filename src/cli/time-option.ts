/**
 * `--from` and `--until` of every command: an ISO 8601 date (midnight UTC) or date-time
 * with its zone (`Z` or an offset). A date-time without a zone is refused rather than
 * guessed: the same text means different instants in Tehran and in London.
 */
import { UsageError } from "../model/errors.ts";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Milliseconds since the epoch of a time option; UsageError names the flag and the text. */
export function timeOption(flag: string, text: string | undefined): number {
  if (text === undefined) throw new UsageError(`${flag} is required (ISO 8601 UTC, e.g. 2019-11-16 or 2019-11-16T14:00Z)`);
  const t = DATE.test(text) || ZONED.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(t)) {
    throw new UsageError(`${flag} '${text}' is not an ISO 8601 UTC time such as 2019-11-16 or 2019-11-16T14:00Z (a time needs its zone)`);
  }
  return t;
}
