/**
 * How each source of the observatory is doing, in one in-memory registry (design note
 * 0002, "Source health"): archive collectors, live BGP peers, RIS Live, probers all
 * report here; `/v1/sources`, the dashboard and the terminal show the same figures.
 *
 * A source has a phase (what it is doing: backfilling, live, behind, stopped) and a
 * reachability; its state is its phase unless its last attempt failed, when it is
 * `unreachable` since the first failure in a row, with the last error and the next retry.
 */
import type { Clock } from "./clock.ts";

/** What a source is doing. */
export type SourcePhase = "backfilling" | "live" | "behind" | "stopped";

/** Its phase, or `unreachable` while its attempts fail. */
export type SourceState = SourcePhase | "unreachable";

/** One source's health. Times are ms UTC. */
export interface SourceHealth {
  /** `archive:rrc00`, `bgp-peer:192.0.2.1`, `ris-live`, … unique in the registry. */
  readonly id: string;
  /** `archive`, `bgp-peer`, `ris-live`, `prober`, … */
  readonly kind: string;
  /** The store source it writes, e.g. `bgp:rrc00+route-views2`, when there is one. */
  readonly feeds: string | null;
  readonly state: SourceState;
  /** Since when the state holds. */
  readonly since: number;
  /** Last time something was received (a file fetched, a message read). */
  readonly lastSuccess: number | null;
  readonly lastError: { readonly at: number; readonly message: string } | null;
  /** When the next attempt is due, while unreachable. */
  readonly nextRetry: number | null;
  /** Bins of the backfill done and in all, while backfilling (and after, as done = total). */
  readonly backfill: { readonly done: number; readonly total: number } | null;
  /** Bins whose data should be there by now and are not yet computed. */
  readonly binsBehind: number | null;
  /** Start of the newest bin computed, when any. */
  readonly lastBin: number | null;
  /** Bytes fetched so far, when the source downloads. */
  readonly bytes: number | null;
  /** One line on what it waits for or did last, e.g. `waiting for rrc00/2026.12/updates.20261207.1205.gz`. */
  readonly detail: string | null;
}

/** What a source may change of its entry. */
export type HealthPatch = Partial<Pick<SourceHealth, "backfill" | "binsBehind" | "lastBin" | "bytes" | "detail" | "feeds">>;

/** The handle one source reports through. */
export class SourceReporter {
  readonly #registry: SourceHealthRegistry;
  readonly #clock: Clock;
  #entry: SourceHealth;
  #phase: SourcePhase;

  constructor(registry: SourceHealthRegistry, clock: Clock, entry: SourceHealth) {
    this.#registry = registry;
    this.#clock = clock;
    this.#entry = entry;
    this.#phase = entry.state === "unreachable" ? "backfilling" : entry.state;
  }

  /** The entry as it stands. */
  get health(): SourceHealth {
    return this.#entry;
  }

  /** Sets what the source is doing; its state follows unless it is unreachable. */
  phase(phase: SourcePhase, patch: HealthPatch = {}): void {
    this.#phase = phase;
    const state = this.#entry.state === "unreachable" && phase !== "stopped" ? "unreachable" : phase;
    this.#set({ ...patch, state });
  }

  /** Something was received: reachable again (its phase), last success now. */
  succeeded(patch: HealthPatch = {}): void {
    this.#set({ ...patch, state: this.#phase, lastSuccess: this.#clock.now(), nextRetry: null });
  }

  /** An attempt failed: unreachable (since the first failure in a row), the error, the next attempt. */
  failed(message: string, nextRetry: number | null, patch: HealthPatch = {}): void {
    const at = this.#clock.now();
    this.#set({ ...patch, state: this.#phase === "stopped" ? "stopped" : "unreachable", lastError: { at, message }, nextRetry });
  }

  /** An attempt failed but the source retries before it counts as unreachable: the error only. */
  retrying(message: string, nextRetry: number | null): void {
    this.#set({ lastError: { at: this.#clock.now(), message }, nextRetry });
  }

  /** Changes figures only. */
  update(patch: HealthPatch): void {
    this.#set(patch);
  }

  #set(patch: Partial<SourceHealth>): void {
    const before = this.#entry;
    const next = { ...before, ...patch };
    if (next.state !== before.state) next.since = this.#clock.now();
    this.#entry = next;
    this.#registry.changed(this.#entry);
  }
}

/** Every source's health; listeners hear each change. */
export class SourceHealthRegistry {
  readonly #clock: Clock;
  readonly #entries = new Map<string, SourceHealth>();
  readonly #listeners = new Set<(entry: SourceHealth) => void>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Registers a source (or takes over its entry again after a restart of the source) and returns its handle. */
  source(id: string, kind: string, feeds: string | null = null): SourceReporter {
    const entry: SourceHealth = this.#entries.get(id) ?? {
      id, kind, feeds, state: "backfilling", since: this.#clock.now(), lastSuccess: null, lastError: null, nextRetry: null,
      backfill: null, binsBehind: null, lastBin: null, bytes: null, detail: null,
    };
    this.#entries.set(id, entry);
    this.changed(entry);
    return new SourceReporter(this, this.#clock, entry);
  }

  /** Every entry, in registration order. */
  list(): SourceHealth[] {
    return [...this.#entries.values()];
  }

  /** Replaces every entry with `entries` (a mirror of a registry in another thread). */
  replace(entries: readonly SourceHealth[]): void {
    this.#entries.clear();
    for (const e of entries) this.#entries.set(e.id, e);
    for (const e of entries) for (const l of this.#listeners) l(e);
  }

  /** Calls `listener` with each entry that changed; returns a function that stops it. */
  onChange(listener: (entry: SourceHealth) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stores a changed entry and tells the listeners (called by the reporters). */
  changed(entry: SourceHealth): void {
    this.#entries.set(entry.id, entry);
    for (const l of this.#listeners) l(entry);
  }
}
