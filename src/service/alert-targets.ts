/**
 * Who is told of which transition: the channels of the config's subscriptions and the
 * webhooks added through the API, each with the entities it follows (and, with
 * `within`, what lies within them) and the states it wants.
 */
import type { AlertsConfig } from "../alerts/alerts-config.ts";
import { DEFAULT_ALERT_STATES } from "../alerts/alerts-config.ts";
import { isWithin } from "../detect/entity-scope.ts";
import type { EntityId } from "../model/signal.ts";
import type { EventState, SubscriptionScope } from "../model/stored-event.ts";
import type { Store } from "../store/store.ts";

/** One channel and one of the scopes it is subscribed with. */
export interface AlertTarget {
  readonly channel: "webhook" | "email";
  /** The outbox's target name: `webhook:NAME`, `email:NAME`, `api-webhook:ID`. */
  readonly target: string;
  readonly scope: SubscriptionScope;
}

/** The targets of the config's subscriptions and of the store's API webhooks. */
export function alertTargets(store: Store, config: AlertsConfig | undefined): AlertTarget[] {
  const fromConfig = (config?.subscriptions ?? []).flatMap((s) => s.channels.map((target): AlertTarget => ({
    channel: target.startsWith("email:") ? "email" : "webhook",
    target,
    scope: { entities: [s.entity], within: s.within, states: s.states },
  })));
  const fromApi = store.events.webhooks().map((w): AlertTarget => ({ channel: "webhook", target: `api-webhook:${w.id}`, scope: w }));
  return [...fromConfig, ...fromApi];
}

/** Whether a scope follows `entity`. */
export function follows(scope: SubscriptionScope, entity: EntityId): boolean {
  return scope.entities.some((e) => e === entity || (scope.within && isWithin(entity, e)));
}

/** The distinct (channel, target) pairs following `entity` that want `state`. */
export function targetsFor(targets: readonly AlertTarget[], entity: EntityId, state: EventState): AlertTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    if (!follows(t.scope, entity) || !t.scope.states.includes(state) || seen.has(t.target)) return false;
    seen.add(t.target);
    return true;
  });
}

/** The states alerted when a webhook names none. */
export const DEFAULT_STATES: readonly EventState[] = DEFAULT_ALERT_STATES;
