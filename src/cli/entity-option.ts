/**
 * `--entity ID` for every command: any identifier the store can hold (the importers'
 * rule, src/signals/check-entity-id.ts), names with spaces included.
 */
import { UsageError } from "../model/errors.ts";
import { checkEntityId } from "../signals/check-entity-id.ts";
import { echoInput } from "../signals/echo-input.ts";

/** The entity id given, checked; UsageError naming the flag and the reason. */
export function entityOption(text: string | undefined, flag = "--entity"): string {
  if (text === undefined) throw new UsageError(`${flag} ID is required, e.g. ${flag} country/IR`);
  const reason = checkEntityId(text);
  if (reason !== undefined) throw new UsageError(`${flag} '${echoInput(text)}' is not an entity id: ${reason}`);
  return text;
}
