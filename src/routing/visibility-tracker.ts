/**
 * Visibility from one bin to the next without a full pass: when the full-feed peers and
 * thresholds are those of the previous computation, only the prefixes whose routes
 * changed since then (RoutingState.changes) can have changed, so only they are looked
 * at again; the rest is copied. Anything else — other full-feed peers (a peer's route
 * count crossing the threshold), other thresholds, a RIB load or session reset that
 * changed many prefixes — takes the full pass. The result is the same as
 * computeVisibility()'s in every case.
 */
import {
  computeVisibility,
  evaluatePrefixes,
  familyVisibility,
  visibilityInputs,
  type Visibility,
  type VisibilityInputs,
  type VisibilityOptions,
} from "./compute-visibility.ts";
import type { RoutingState } from "./routing-state.ts";

/** Above this share of changed prefixes, the full pass is taken. */
const MAX_CHANGED_SHARE = 0.25;

/** How the last computation was made, for logs and tests. */
export type VisibilityPass = "full" | "incremental";

/** Computes the visibility of one RoutingState bin after bin. */
export class VisibilityTracker {
  readonly state: RoutingState;
  #last: Visibility | null = null;
  #lastKey = "";
  #lastPass: VisibilityPass = "full";

  constructor(state: RoutingState) {
    this.state = state;
  }

  /** Whether the last compute() took the full pass or the incremental one. */
  get lastPass(): VisibilityPass {
    return this.#lastPass;
  }

  /** The visibility now, as computeVisibility(state, options) would give it. Each result is a new object. */
  compute(options: VisibilityOptions = {}): Visibility {
    const state = this.state;
    const inputs = visibilityInputs(state, options);
    const changes = state.changes;
    const last = this.#last;
    const n = state.prefixes.size;
    const from = last === null ? 0 : last.visible.length;
    const changed = changes.all ? n : changes.ids.length + (n - from);
    let result: Visibility;
    if (last === null || inputs.key !== this.#lastKey || changes.all || changed > MAX_CHANGED_SHARE * n) {
      result = computeVisibility(state, options);
      this.#lastPass = "full";
    } else {
      result = this.#update(last, inputs, from, n);
      this.#lastPass = "incremental";
    }
    changes.reset();
    this.#last = result;
    this.#lastKey = inputs.key;
    return result;
  }

  /** The previous result with the changed and new prefix ids evaluated again. */
  #update(last: Visibility, inputs: VisibilityInputs, from: number, n: number): Visibility {
    const prefixes = this.state.prefixes;
    const visible = new Uint8Array(n);
    visible.set(last.visible);
    const origin = new Uint32Array(n);
    origin.set(last.origin);
    // The lists are shared: a pass never changes a list it did not make.
    const moreOrigins = new Map(last.moreOrigins as Map<number, number[]>);
    // Ids from `from` on are new: clear already, and evaluated after the changed ones.
    const ids = this.state.changes.ids.filter((id) => id < from);
    for (let id = from; id < n; id++) ids.push(id);
    let visible4 = last.v4.visiblePrefixes;
    let visible6 = last.v6.visiblePrefixes;
    for (const id of ids) {
      if (visible[id] === 1) {
        if (prefixes.family(id) === 4) visible4--;
        else visible6--;
      }
      visible[id] = 0;
      origin[id] = 0;
      moreOrigins.delete(id);
    }
    const [added4, added6] = evaluatePrefixes(this.state, inputs, { visible, origin, moreOrigins }, ids, ids.length);
    return {
      v4: familyVisibility(inputs, 4, visible4 + added4),
      v6: familyVisibility(inputs, 6, visible6 + added6),
      visible,
      origin,
      moreOrigins,
    };
  }
}
