/**
 * A BGP writer's window may hold bins of the same collectors made by another method
 * (other thresholds, other entity data). Without `replace` that is refused (a store
 * never mixes two methods' figures under one name silently); with it, the other
 * method's bins and values in the window are removed in one transaction.
 */
import { UsageError } from "../model/errors.ts";
import type { SourceSpec, Store } from "../store/store.ts";

/** What the caller allows, and where to say what was replaced. */
export interface SettleOptions {
  readonly from: number;
  readonly until: number;
  readonly replace: boolean;
  /** The store's file name, for the message. */
  readonly db: string;
  /** The flag or setting that allows replacing, for the message; default `--replace`. */
  readonly replaceFlag?: string;
}

/** Refuses (UsageError) or clears the other methods' bins; the number of bins removed. */
export function settleOtherMethods(store: Store, spec: SourceSpec, options: SettleOptions): number {
  const { from, until } = options;
  const others = store.otherMethods(spec.name, spec.digest, from, until);
  if (others.length === 0) return 0;
  const held = others.map((o) => `${o.bins} bins by ${o.source.digest} (${JSON.stringify(o.source.parameters)})`).join("; ");
  if (!options.replace) {
    throw new UsageError(
      `${options.db} already holds ${spec.name} in this window made with another method: ${held}. ` +
        `Re-run with ${options.replaceFlag ?? "--replace"} to replace them with this method's (${spec.digest}), or name another --db`,
    );
  }
  return store.replaceOtherMethods(spec.name, spec.digest, from, until);
}
