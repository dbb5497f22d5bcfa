/**
 * The event tracker's work on new data: each tracked entity touched is re-judged with
 * the one detection (`detectEntity`) over windows anchored on UTC days, and the events
 * found are reconciled with the stored ones (reconcile-events.ts): new events, their
 * transitions with the figures that caused them, and the alerts those transitions
 * queue, all in one transaction per entity and day (docs/events.md).
 *
 * Anchoring: the data of day D are judged over [D − 1 day, end of the data, at most
 * D + 1 day), with detection's four weeks of history before it. The window's start is
 * fixed for the whole day, so a judgement after each bin and one judgement at the end
 * of the day read the same history and, detection being causal, give the same steps:
 * the stored history does not depend on how often tracking ran. The day before the
 * anchor lets an event that recovered just before midnight close.
 */
import type { AlertsConfig } from "../alerts/alerts-config.ts";
import { currentState } from "../detect/current-state.ts";
import { DETECT_DEFAULTS } from "../detect/detect-options.ts";
import { entityKind } from "../detect/entity-scope.ts";
import type { SignalConfig } from "../model/baseline.ts";
import type { EntityId, SignalName } from "../model/signal.ts";
import type { Store } from "../store/store.ts";
import { type AlertTarget, targetsFor } from "./alert-targets.ts";
import { detectEntity } from "./detect-entity.ts";
import { reconcileEvents } from "./reconcile-events.ts";

const DAY = 86_400_000;

/** Settings of tracking, from `serve` or the CLI. */
export interface TrackOptions {
  /** Per-signal detection overrides (`signals` of the config). */
  readonly overrides?: Readonly<Record<SignalName, Partial<SignalConfig>>>;
  readonly mobileAsns?: ReadonlySet<number>;
  /** Who is told of what; none: transitions are stored, no alert is queued. */
  readonly targets?: readonly AlertTarget[];
  readonly alerts?: Pick<AlertsConfig, "historyAfterMs">;
  /** Wall clock for the alert horizon, ms UTC. Default Date.now. */
  readonly now?: () => number;
}

/** New data: the entities to judge and the span written. */
export interface TrackRequest {
  readonly entities: readonly EntityId[];
  /** Span of the new data, ms UTC, `until` exclusive. */
  readonly from: number;
  readonly until: number;
}

/** What a run did, for progress lines and tests. */
export interface TrackResult {
  readonly entities: number;
  /** Judgements made (entity × anchored day). */
  readonly judgements: number;
  readonly opened: number;
  readonly transitions: number;
  readonly alerts: number;
}

/** End of the entity's own data (the newest bin's end), ms UTC, or undefined. */
function ownDataEnd(store: Store, entity: EntityId): number | undefined {
  const own = store.listSignals(entity).filter((s) => s.entity === entity);
  return own.length === 0 ? undefined : Math.max(...own.map((s) => s.last + s.stepMs));
}

/** The UTC days whose data [from, until) touches. */
function anchorDays(from: number, until: number): number[] {
  const days: number[] = [];
  for (let d = Math.floor(from / DAY) * DAY; d < until; d += DAY) days.push(d);
  return days;
}

/** Judges `entity` for the data of the day starting at `day`; returns what changed. */
function judgeDay(store: Store, entity: EntityId, day: number, end: number, options: TrackOptions, now: number): Omit<TrackResult, "entities" | "judgements"> & { touched: number[] } {
  const from = day - DAY;
  const until = Math.min(day + DAY, end);
  const request = {
    entity, from, until,
    ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
    ...(options.mobileAsns === undefined ? {} : { mobileAsns: options.mobileAsns }),
  };
  // A first look at the entity's own series: the events are the same as with every
  // related series (they come from its own signals), at a fraction of the reads.
  const quick = detectEntity(store, { ...request, scope: "own" });
  const own = quick.baselines.get(entity) ?? [];
  const stored = store.events.overlapping(entity, from, until);
  let outcome = { opened: 0, transitions: 0, alerts: 0, touched: [] as number[] };
  const spans = quick.judgement.events.map((e) => ({ start: Date.parse(e.start), end: e.end === null ? undefined : Date.parse(e.end) }));
  store.transaction(() => {
    if (quick.judgement.events.length > 0 || stored.some((s) => s.state !== "closed")) {
      const full = detectEntity(store, request);
      outcome = reconcileEvents(store, {
        judged: full.judgement.events, reads: full.reads, own, stored, until,
        recoveryMs: DETECT_DEFAULTS.recoveryMs, historicalBefore: now - (options.alerts?.historyAfterMs ?? 3_600_000),
        enqueue: (event, seq, state) => {
          let n = 0;
          for (const t of targetsFor(options.targets ?? [], entity, state)) {
            store.events.enqueue({ event, seq, channel: t.channel, target: t.target, now });
            n++;
          }
          return n;
        },
      });
    }
    // After reconciling, an event not closed is the one the newest bin lies in.
    const state = currentState(own, spans);
    const eventId = state.state === "outage" ? (store.events.notClosed(entity).at(-1)?.id ?? null) : null;
    store.events.putState({ entity, ...state, eventId }, entityKind(entity));
  });
  return outcome;
}

/**
 * Re-judges the entities of `request` over the days its span touches, in entity then
 * day order, and then queues the one alert that an event still going on gets when
 * tracking reaches the present without having alerted it (a backfill's open events;
 * docs/events.md, "History and alerts").
 */
export function trackEvents(store: Store, request: TrackRequest, options: TrackOptions = {}): TrackResult {
  const now = (options.now ?? Date.now)();
  const horizon = now - (options.alerts?.historyAfterMs ?? 3_600_000);
  let judgements = 0;
  let opened = 0;
  let transitions = 0;
  let alerts = 0;
  const touched = new Set<number>();
  for (const entity of request.entities) {
    const end = ownDataEnd(store, entity);
    if (end === undefined) continue;
    for (const day of anchorDays(request.from, Math.min(request.until, end))) {
      const r = judgeDay(store, entity, day, end, options, now);
      judgements++;
      opened += r.opened;
      transitions += r.transitions;
      alerts += r.alerts;
      for (const id of r.touched) touched.add(id);
    }
  }
  // An event still going on when tracking reaches the present, never alerted (its
  // transitions were all history), alerts once with its latest transition.
  for (const id of touched) {
    const event = store.events.get(id);
    if (event === undefined || event.state === "closed" || event.judgedUntil < horizon || store.events.hasAlerts(id)) continue;
    store.transaction(() => {
      for (const t of targetsFor(options.targets ?? [], event.entity, "open")) {
        store.events.enqueue({ event: id, seq: event.lastSeq, channel: t.channel, target: t.target, now });
        alerts++;
      }
    });
  }
  return { entities: request.entities.length, judgements, opened, transitions, alerts };
}
