/**
 * What an alert says: the transition with its figures and the event as it stands,
 * as the JSON body of a webhook and as the subject and text of an e-mail
 * (docs/events.md, "Alerts").
 */
import { percent } from "../detect/format-numbers.ts";
import type { OutboxAlert } from "../model/stored-event.ts";
import type { Store } from "../store/store.ts";
import { type EventListItem, eventListItem, type TransitionJson, transitionJson } from "./stored-events-json.ts";

/** The JSON body of a webhook delivery. */
export interface AlertPayload {
  readonly type: "nightlight.event.transition";
  /** Unique per transition and target, the same on every retry (also the Nightlight-Delivery header). */
  readonly delivery: string;
  /** `EVENT.SEQ` (also the Nightlight-Transition header). */
  readonly transition: TransitionJson & { readonly id: string };
  readonly event: EventListItem & { readonly explanation: string; readonly evidence: string };
}

/** The delivery id of an outbox row. */
export function deliveryId(alert: Pick<OutboxAlert, "id" | "event" | "seq">): string {
  return `${alert.event}.${alert.seq}.${alert.id}`;
}

/** The payload of an alert, or undefined when its event or transition is gone. */
export function alertPayload(store: Store, alert: OutboxAlert): AlertPayload | undefined {
  const event = store.events.get(alert.event);
  const transition = store.events.getTransition(alert.event, alert.seq);
  if (event === undefined || transition === undefined) return undefined;
  return {
    type: "nightlight.event.transition",
    delivery: deliveryId(alert),
    transition: { id: `${alert.event}.${alert.seq}`, ...transitionJson(transition) },
    event: { ...eventListItem(store, event), explanation: event.explanation, evidence: event.evidence },
  };
}

const VERB: Readonly<Record<string, string>> = {
  opened: "outage opened", deeper: "outage deepened", recovering: "recovering", relapse: "outage again", recovered: "outage over",
  reopened: "outage reopened", withdrawn: "withdrawn: new data no longer show it", merged: "merged into an earlier event",
};

/** The e-mail of an alert: subject and plain text. */
export function alertEmail(p: AlertPayload): { subject: string; text: string } {
  const t = p.transition;
  const e = p.event;
  const subject = `[Nightlight] ${e.entityName} (${e.entity}): ${VERB[t.reason] ?? t.state}, ${percent(t.depth)} of ordinary levels`;
  const figure = (v: number | null): string => (v === null ? "none" : String(Number(v.toPrecision(4))));
  const readings = t.signals.map((s) => `  ${s.signal}: ${s.value === null ? "no data" : figure(s.value)} against a baseline of ${figure(s.baseline)} (${s.verdict}) in the bin of ${s.bin}`);
  const text = [
    `${e.entityName} (${e.entity}): ${VERB[t.reason] ?? t.state} at ${t.time}.`,
    t.historical ? "This event was found while catching up on older data; it is still going on." : "",
    "",
    `Event ${e.id}: ${e.kind}, since ${e.start}${e.end === null ? ", still going on" : `, ended ${e.end}`}; state ${e.state}; depth ${percent(e.depth)}.`,
    "",
    "Figures of this change:",
    ...readings,
    "",
    e.explanation,
    "",
    `Delivery ${p.delivery}, transition ${t.id}.`,
  ].filter((line, i, all) => line !== "" || all[i - 1] !== "");
  return { subject, text: `${text.join("\n")}\n` };
}
