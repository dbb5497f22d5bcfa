/**
 * A bin's figures from the routing state at its end: visibility (incremental from one
 * bin to the next, VisibilityTracker) and the visible blocks per entity. Archive replay
 * and live feeds compute their bins through it, so both give the same figures for the
 * same state.
 */
import type { BlockAttribution } from "./block-attribution.ts";
import type { Visibility, VisibilityOptions } from "./compute-visibility.ts";
import { countVisibleBlocks, type BlockCounts } from "./count-visible-blocks.ts";
import { PrefixOrder } from "./prefix-order.ts";
import type { ReplayBin } from "./replay-bgp.ts";
import type { RoutingState } from "./routing-state.ts";
import { VisibilityTracker, type VisibilityPass } from "./visibility-tracker.ts";

/** What the figures depend on besides the routes. */
export interface BinComputerOptions {
  readonly visibility?: Omit<VisibilityOptions, "collectors">;
  readonly attribution: BlockAttribution;
}

/** Computes the bins of one routing state, in time order. */
export class BinComputer {
  readonly state: RoutingState;
  readonly #options: BinComputerOptions;
  readonly #order = new PrefixOrder();
  readonly #tracker: VisibilityTracker;

  constructor(state: RoutingState, options: BinComputerOptions) {
    this.state = state;
    this.#options = options;
    this.#tracker = new VisibilityTracker(state);
  }

  /** The bin starting at `time`, from the peers of `collectors` (those with data); no counts without any. */
  compute(time: number, collectors: readonly string[]): ReplayBin {
    let visibility: Visibility | null = null;
    let visibilityPass: VisibilityPass | null = null;
    let v4: BlockCounts | null = null;
    let v6: BlockCounts | null = null;
    const started = performance.now();
    if (collectors.length > 0) {
      const state = this.state;
      this.#order.update(state.prefixes);
      visibility = this.#tracker.compute({ ...this.#options.visibility, collectors: new Set(collectors) });
      visibilityPass = this.#tracker.lastPass;
      const context = { order: this.#order, origins: state.origins, attribution: this.#options.attribution };
      if (visibility.v4.threshold > 0) v4 = countVisibleBlocks(visibility, 4, context);
      if (visibility.v6.threshold > 0) v6 = countVisibleBlocks(visibility, 6, context);
    }
    return { time, collectors, v4, v6, visibility, visibilityPass, computeMs: performance.now() - started, state: this.state };
  }
}
