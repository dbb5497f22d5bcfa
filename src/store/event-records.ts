/**
 * The event lifecycle's tables (schema 4): events, their transitions, the alert
 * outbox, annotations, webhooks added through the API, the tracking cursor and each
 * entity's current state. Reached as `store.events`; the only SQL of these tables.
 * The service decides what to write (src/service/track-events.ts); this file keeps it.
 */
import type {
  AlertStatus, EntityState, EventAnnotation, EventState, EventTransition, OutboxAlert, StoredEvent, StoredWebhook,
  SubscriptionScope, TransitionFigures, TransitionReason,
} from "../model/stored-event.ts";
import type { EntityId } from "../model/signal.ts";
import type { SqliteDatabase, SqliteStatement, SqliteValue } from "./sqlite-driver.ts";

/** The fields of an event the tracker writes (everything but id, state and sequence). */
export type EventFields = Omit<StoredEvent, "id" | "state" | "lastSeq" | "lastChange">;

/** Which events to list; every field narrows. */
export interface EventFilter {
  /** These entities exactly. */
  readonly entities?: readonly EntityId[];
  /** Or entities whose id starts with one of these (what lies within an entity). */
  readonly prefixes?: readonly string[];
  readonly kind?: string;
  /** Events overlapping [from, until), ms UTC. */
  readonly from?: number;
  readonly until?: number;
  /** Only events not closed. */
  readonly ongoing?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

/** A transition to append. */
export interface NewTransition {
  readonly state: EventState;
  readonly reason: TransitionReason;
  readonly time: number;
  readonly figures: TransitionFigures;
  readonly historical: boolean;
}

/** A transition with the entity of its event, for lists across events. */
export interface TransitionListing extends EventTransition {
  readonly entity: EntityId;
}

interface EventRow {
  id: number; entity: string; kind: string; state: string; start: number; end: number | null; depth: number; band: number;
  score: number; signals: string; explanation: string; evidence: string; phases: string; timeline: string; provenance: string;
  last_change: number; judged_until: number; last_seq: number;
}
interface TransitionRow { event: number; seq: number; state: string; reason: string; time: number; figures: string; historical: number; entity?: string }
interface OutboxRow {
  id: number; event: number; seq: number; channel: string; target: string; status: string; attempts: number;
  next_attempt: number; last_error: string | null; created_at: number; sent_at: number | null;
}
interface WebhookRow { id: number; url: string; secret: string; entities: string; within: number; states: string; created_at: number; created_by: string }
interface StateRow { entity: string; kind: string; state: string; since: number; time: number; signal: string | null; value: number | null; baseline: number | null; event: number | null }

function toEvent(r: EventRow): StoredEvent {
  return {
    id: r.id, entity: r.entity, kind: r.kind as StoredEvent["kind"], state: r.state as EventState, start: r.start, end: r.end,
    depth: r.depth, band: r.band, score: r.score, signals: JSON.parse(r.signals) as StoredEvent["signals"], explanation: r.explanation,
    evidence: r.evidence, phases: JSON.parse(r.phases) as StoredEvent["phases"], timeline: JSON.parse(r.timeline) as StoredEvent["timeline"],
    provenance: JSON.parse(r.provenance) as StoredEvent["provenance"], lastChange: r.last_change, judgedUntil: r.judged_until, lastSeq: r.last_seq,
  };
}

function toTransition(r: TransitionRow): EventTransition {
  return {
    event: r.event, seq: r.seq, state: r.state as EventState, reason: r.reason as TransitionReason, time: r.time,
    figures: JSON.parse(r.figures) as TransitionFigures, historical: r.historical === 1,
  };
}

function toAlert(r: OutboxRow): OutboxAlert {
  return {
    id: r.id, event: r.event, seq: r.seq, channel: r.channel === "email" ? "email" : "webhook", target: r.target, status: r.status as AlertStatus,
    attempts: r.attempts, nextAttempt: r.next_attempt, lastError: r.last_error, createdAt: r.created_at, sentAt: r.sent_at,
  };
}

function toWebhook(r: WebhookRow): StoredWebhook {
  return {
    id: r.id, url: r.url, secret: r.secret, entities: JSON.parse(r.entities) as EntityId[], within: r.within === 1,
    states: JSON.parse(r.states) as EventState[], createdAt: r.created_at, createdBy: r.created_by,
  };
}

/** The event lifecycle's records in one store file. */
export class EventRecords {
  readonly #db: SqliteDatabase;
  readonly #q: Record<string, SqliteStatement>;

  /** Used by Store, which has opened and migrated the file. */
  constructor(db: SqliteDatabase) {
    this.#db = db;
    const p = (sql: string): SqliteStatement => db.prepare(sql);
    this.#q = {
      event: p(`SELECT * FROM event WHERE id = ?`),
      overlapping: p(`SELECT * FROM event WHERE entity = ? AND start < ? AND (end IS NULL OR end > ?) ORDER BY start, id`),
      notClosed: p(`SELECT * FROM event WHERE entity = ? AND state <> 'closed' ORDER BY start, id`),
      insertEvent: p(`INSERT INTO event (entity, kind, state, start, end, depth, band, score, signals, explanation, evidence, phases, timeline,
        provenance, last_change, judged_until, last_seq) VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id`),
      updateEvent: p(`UPDATE event SET kind = ?, start = ?, end = ?, depth = ?, band = ?, score = ?, signals = ?, explanation = ?, evidence = ?,
        phases = ?, timeline = ?, provenance = ?, judged_until = ? WHERE id = ?`),
      insertTransition: p(`INSERT INTO event_transition (event, seq, state, reason, time, figures, historical) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      advance: p(`UPDATE event SET state = ?, last_seq = ?, last_change = ? WHERE id = ?`),
      transitions: p(`SELECT * FROM event_transition WHERE event = ? ORDER BY seq`),
      transition: p(`SELECT * FROM event_transition WHERE event = ? AND seq = ?`),
      enqueue: p(`INSERT INTO alert_outbox (event, seq, channel, target, status, attempts, next_attempt, created_at)
        VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (event, seq, channel, target) DO NOTHING`),
      due: p(`SELECT * FROM alert_outbox WHERE status IN ('pending', 'sending') AND next_attempt <= ? ORDER BY next_attempt, id LIMIT ?`),
      nextDue: p(`SELECT min(next_attempt) AS t FROM alert_outbox WHERE status IN ('pending', 'sending')`),
      sending: p(`UPDATE alert_outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?`),
      sent: p(`UPDATE alert_outbox SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ?`),
      retry: p(`UPDATE alert_outbox SET status = 'pending', next_attempt = ?, last_error = ? WHERE id = ?`),
      failed: p(`UPDATE alert_outbox SET status = 'failed', last_error = ? WHERE id = ?`),
      outboxOf: p(`SELECT * FROM alert_outbox WHERE event = ? ORDER BY seq, id`),
      alertsOf: p(`SELECT count(*) AS n FROM alert_outbox WHERE event = ?`),
      allOutbox: p(`SELECT * FROM alert_outbox ORDER BY id`),
      annotate: p(`INSERT INTO annotation (event, time, author, text) VALUES (?, ?, ?, ?) RETURNING id`),
      annotations: p(`SELECT * FROM annotation WHERE event = ? ORDER BY time, id`),
      addWebhook: p(`INSERT INTO webhook (url, secret, entities, within, states, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
      webhooks: p(`SELECT * FROM webhook WHERE deleted_at IS NULL ORDER BY id`),
      webhook: p(`SELECT * FROM webhook WHERE id = ? AND deleted_at IS NULL`),
      deleteWebhook: p(`UPDATE webhook SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`),
      cursor: p(`SELECT until FROM tracking_cursor WHERE source = ?`),
      cursors: p(`SELECT source, until FROM tracking_cursor ORDER BY source`),
      setCursor: p(`INSERT INTO tracking_cursor (source, until) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET until = max(until, excluded.until)`),
      putState: p(`INSERT OR REPLACE INTO entity_state (entity, kind, state, since, time, signal, value, baseline, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      state: p(`SELECT * FROM entity_state WHERE entity = ?`),
      states: p(`SELECT * FROM entity_state WHERE kind = ? ORDER BY entity`),
    };
  }

  #stmt(name: string): SqliteStatement {
    const s = this.#q[name];
    if (s === undefined) throw new TypeError(`no statement ${name}`);
    return s;
  }

  // ---- events -------------------------------------------------------------------

  /** One event, or undefined. */
  get(id: number): StoredEvent | undefined {
    const row = this.#stmt("event").get(id) as EventRow | undefined;
    return row === undefined ? undefined : toEvent(row);
  }

  /** Events of `entity` overlapping [from, until), in start order. */
  overlapping(entity: EntityId, from: number, until: number): StoredEvent[] {
    return (this.#stmt("overlapping").all(entity, until, from) as EventRow[]).map(toEvent);
  }

  /** Events of `entity` that are not closed, in start order. */
  notClosed(entity: EntityId): StoredEvent[] {
    return (this.#stmt("notClosed").all(entity) as EventRow[]).map(toEvent);
  }

  /** Events matching `filter`, newest start first, and how many match without the page. */
  list(filter: EventFilter = {}): { events: StoredEvent[]; total: number } {
    const where: string[] = [];
    const params: SqliteValue[] = [];
    const scope: string[] = [];
    for (const e of filter.entities ?? []) {
      scope.push("entity = ?");
      params.push(e);
    }
    for (const prefix of filter.prefixes ?? []) {
      scope.push("(entity >= ? AND entity < ?)");
      params.push(prefix, `${prefix}\uffff`);
    }
    if (filter.entities !== undefined || filter.prefixes !== undefined) where.push(scope.length === 0 ? "0" : `(${scope.join(" OR ")})`);
    if (filter.kind !== undefined) {
      where.push("kind = ?");
      params.push(filter.kind);
    }
    if (filter.until !== undefined) {
      where.push("start < ?");
      params.push(filter.until);
    }
    if (filter.from !== undefined) {
      where.push("(end IS NULL OR end > ?)");
      params.push(filter.from);
    }
    if (filter.ongoing === true) where.push("state <> 'closed'");
    if (filter.ongoing === false) where.push("state = 'closed'");
    const clause = where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`;
    const total = (this.#db.prepare(`SELECT count(*) AS n FROM event ${clause}`).get(...params) as { n: number }).n;
    const rows = this.#db.prepare(`SELECT * FROM event ${clause} ORDER BY start DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...params, filter.limit ?? -1, filter.offset ?? 0) as EventRow[];
    return { events: rows.map(toEvent), total };
  }

  /** Stores a new event (state `open`, no transition yet); returns its id. */
  insert(fields: EventFields): number {
    const row = this.#stmt("insertEvent").get(fields.entity, ...this.#values(fields), fields.start, fields.judgedUntil) as { id: number };
    return row.id;
  }

  /** Rewrites an event's figures from a new judgement; its state and history stay. */
  update(id: number, fields: EventFields): void {
    this.#stmt("updateEvent").run(...this.#values(fields), fields.judgedUntil, id);
  }

  #values(f: EventFields): SqliteValue[] {
    return [
      f.kind, f.start, f.end, f.depth, f.band, f.score, JSON.stringify(f.signals), f.explanation, f.evidence,
      JSON.stringify(f.phases), JSON.stringify(f.timeline), JSON.stringify(f.provenance),
    ];
  }

  /** Appends a transition and moves the event to its state; returns its sequence number. */
  transition(event: StoredEvent, t: NewTransition): number {
    const seq = event.lastSeq + 1;
    this.#stmt("insertTransition").run(event.id, seq, t.state, t.reason, t.time, JSON.stringify(t.figures), t.historical ? 1 : 0);
    this.#stmt("advance").run(t.state, seq, t.time, event.id);
    return seq;
  }

  /** An event's transitions, in order. */
  history(event: number): EventTransition[] {
    return (this.#stmt("transitions").all(event) as TransitionRow[]).map(toTransition);
  }

  /** One transition, or undefined. */
  getTransition(event: number, seq: number): EventTransition | undefined {
    const row = this.#stmt("transition").get(event, seq) as TransitionRow | undefined;
    return row === undefined ? undefined : toTransition(row);
  }

  /** Transitions in [from, until) of events matching `filter`'s entities and kind, in time order. */
  transitionsIn(from: number, until: number, filter: Pick<EventFilter, "entities" | "prefixes" | "kind"> = {}): TransitionListing[] {
    const { events } = this.list({ ...filter });
    const ids = new Map(events.map((e) => [e.id, e.entity]));
    const rows = this.#db.prepare(`SELECT t.*, e.entity FROM event_transition t JOIN event e ON e.id = t.event
      WHERE t.time >= ? AND t.time < ? ORDER BY t.time, t.event, t.seq`).all(from, until) as TransitionRow[];
    return rows.filter((r) => ids.has(r.event)).map((r) => ({ ...toTransition(r), entity: r.entity ?? "" }));
  }

  // ---- alert outbox ---------------------------------------------------------------

  /** Queues one alert per (transition, channel, target); a second time does nothing. */
  enqueue(alert: { event: number; seq: number; channel: "webhook" | "email"; target: string; now: number }): void {
    this.#stmt("enqueue").run(alert.event, alert.seq, alert.channel, alert.target, alert.now, alert.now);
  }

  /** Alerts due at `now` (pending, or left `sending` by a process that stopped), oldest first. */
  due(now: number, limit = 100): OutboxAlert[] {
    return (this.#stmt("due").all(now, limit) as OutboxRow[]).map(toAlert);
  }

  /** The earliest next attempt of an undelivered alert, or undefined. */
  nextDue(): number | undefined {
    return (this.#stmt("nextDue").get() as { t: number | null }).t ?? undefined;
  }

  /** Marks an attempt begun (counted before it is made, so a crash during it still counts). */
  markSending(id: number): void {
    this.#stmt("sending").run(id);
  }

  /** Marks an alert delivered. */
  markSent(id: number, at: number): void {
    this.#stmt("sent").run(at, id);
  }

  /** Puts an alert back for another attempt at `next`. */
  markRetry(id: number, next: number, error: string): void {
    this.#stmt("retry").run(next, error.slice(0, 500), id);
  }

  /** Gives an alert up. */
  markFailed(id: number, error: string): void {
    this.#stmt("failed").run(error.slice(0, 500), id);
  }

  /** The alerts of one event, or of every event. */
  outbox(event?: number): OutboxAlert[] {
    const rows = event === undefined ? this.#stmt("allOutbox").all() : this.#stmt("outboxOf").all(event);
    return (rows as OutboxRow[]).map(toAlert);
  }

  /** Whether any alert was ever queued for an event. */
  hasAlerts(event: number): boolean {
    return (this.#stmt("alertsOf").get(event) as { n: number }).n > 0;
  }

  // ---- annotations and webhooks -----------------------------------------------------

  /** Adds a note to an event; returns it. */
  annotate(event: number, note: { time: number; author: string; text: string }): EventAnnotation {
    const { id } = this.#stmt("annotate").get(event, note.time, note.author, note.text) as { id: number };
    return { id, event, ...note };
  }

  /** An event's notes, oldest first. */
  annotations(event: number): EventAnnotation[] {
    return (this.#stmt("annotations").all(event) as EventAnnotation[]).map((r) => ({ id: r.id, event: r.event, time: r.time, author: r.author, text: r.text }));
  }

  /** Stores a webhook; returns it. */
  addWebhook(hook: SubscriptionScope & { url: string; secret: string; createdAt: number; createdBy: string }): StoredWebhook {
    const { id } = this.#stmt("addWebhook").get(hook.url, hook.secret, JSON.stringify(hook.entities), hook.within ? 1 : 0, JSON.stringify(hook.states), hook.createdAt, hook.createdBy) as { id: number };
    return { id, url: hook.url, secret: hook.secret, entities: hook.entities, within: hook.within, states: hook.states, createdAt: hook.createdAt, createdBy: hook.createdBy };
  }

  /** Webhooks not deleted, in id order. */
  webhooks(): StoredWebhook[] {
    return (this.#stmt("webhooks").all() as WebhookRow[]).map(toWebhook);
  }

  /** One webhook not deleted, or undefined. */
  webhook(id: number): StoredWebhook | undefined {
    const row = this.#stmt("webhook").get(id) as WebhookRow | undefined;
    return row === undefined ? undefined : toWebhook(row);
  }

  /** Deletes a webhook (its row stays, marked, so its past alerts still name it); false when there was none. */
  deleteWebhook(id: number, at: number): boolean {
    return this.#stmt("deleteWebhook").run(at, id).changes > 0;
  }

  // ---- tracking ---------------------------------------------------------------------

  /** How far a source's data have been tracked (exclusive end, ms UTC), or undefined. */
  cursor(source: number): number | undefined {
    return (this.#stmt("cursor").get(source) as { until: number } | undefined)?.until;
  }

  /** Every source's cursor. */
  cursors(): { source: number; until: number }[] {
    return (this.#stmt("cursors").all() as { source: number; until: number }[]).map((r) => ({ source: r.source, until: r.until }));
  }

  /** Moves a source's cursor forward (never back). */
  advanceCursor(source: number, until: number): void {
    this.#stmt("setCursor").run(source, until);
  }

  /** Stores an entity's current state. */
  putState(s: EntityState, kind: string): void {
    this.#stmt("putState").run(s.entity, kind, s.state, s.since, s.time, s.signal, s.value, s.baseline, s.eventId);
  }

  /** An entity's stored state, or undefined. */
  state(entity: EntityId): EntityState | undefined {
    const row = this.#stmt("state").get(entity) as StateRow | undefined;
    return row === undefined ? undefined : toState(row);
  }

  /** The stored states of every entity of a kind, by id. */
  states(kind: string): EntityState[] {
    return (this.#stmt("states").all(kind) as StateRow[]).map(toState);
  }
}

function toState(r: StateRow): EntityState {
  return {
    entity: r.entity, state: r.state as EntityState["state"], since: r.since, time: r.time, signal: r.signal,
    value: r.value, baseline: r.baseline, eventId: r.event,
  };
}
