/**
 * Everything the pages read from the API, in one place. The stored-event routes
 * (`/v1/state`, the `/v1/events` list, `/v1/events/{id}`) and the renamed verdict route
 * (`/v1/verdict`) come from the events tracker (issue 8, design note 0002); where this
 * server does not have them yet, the same shapes are derived here from what it has:
 * each country judged on demand with the verdict route of today (`/v1/events?entity=`).
 * The pages never know which: switching is this module alone.
 */
import type { EntityChartData } from "../../src/model/entity-chart-data.ts";
import type { EventPhase, OutageEvent, ShutdownKind, TimelineEntry } from "../../src/model/outage-event.ts";

/** An event's lifecycle state. */
export type EventState = "open" | "deepening" | "recovering" | "closed";

/** One event of the list. */
export interface EventSummary {
  readonly id: string;
  readonly entity: string;
  readonly entityName: string | null;
  readonly kind: ShutdownKind;
  readonly state: EventState;
  readonly start: string;
  readonly end: string | null;
  readonly depth: number;
  readonly score: number;
  readonly signals: readonly { readonly signal: string; readonly depth: number; readonly source?: string }[];
  readonly lastChange: string;
}

/** One event in full. */
export interface EventDetail extends EventSummary {
  readonly phases: readonly EventPhase[];
  readonly timeline: readonly TimelineEntry[];
  readonly explanation: string;
  readonly evidence: string;
  readonly provenance: readonly { readonly signal: string; readonly source: string; readonly method: string }[];
  readonly history: readonly { readonly seq: number; readonly state: EventState; readonly time: string; readonly depth: number }[];
  readonly annotations: readonly { readonly time: string; readonly author: string; readonly text: string }[];
}

/** The current state of one country. */
export interface StateEntry {
  readonly id: string;
  readonly name: string | null;
  readonly state: "outage" | "warning" | "normal" | "no-data";
  readonly since: string | null;
  readonly value: number | null;
  readonly baseline: number | null;
  readonly signal: string | null;
  readonly eventId: string | null;
}

/** `/v1/state`. `derived`: judged here, country by country, because the server has no such route. */
export interface StateResponse {
  readonly time: string;
  readonly entities: readonly StateEntry[];
  readonly derived?: boolean;
}

/** The event list. `derived`: as for the state. */
export interface EventsResponse {
  readonly from: string;
  readonly until: string;
  readonly events: readonly EventSummary[];
  readonly derived?: boolean;
}

/** A verdict on one entity and window (`nightlight detect --format json`). */
export interface VerdictResponse {
  readonly entity: string;
  readonly from: string;
  readonly until: string;
  readonly verdict: "outage" | "no-outage" | "not-enough-data";
  readonly summary: string;
  readonly events: readonly OutageEvent[];
}

/** An entity the store holds series of (`/v1/entities`). */
export interface EntityInfo {
  readonly id: string;
  readonly kind: string;
  readonly name: string | null;
  readonly parent: string | null;
  readonly signals: readonly { readonly signal: string; readonly source: string; readonly stepMs: number; readonly first: string; readonly last: string }[];
}

/** A failed API call, with the API's own error fields. */
export class ApiFailure extends Error {
  override readonly name = "ApiFailure";
  readonly status: number;
  readonly code: string;
  readonly parameter: string | null;
  constructor(status: number, code: string, message: string, parameter: string | null) {
    super(message);
    this.status = status;
    this.code = code;
    this.parameter = parameter;
  }
}

async function api<T>(path: string): Promise<T> {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const body: unknown = await r.json().catch(() => ({}));
  if (!r.ok) {
    const e = body as { error?: string; code?: string; parameter?: string | null };
    throw new ApiFailure(r.status, e.code ?? "internal", e.error ?? `HTTP ${r.status}`, e.parameter ?? null);
  }
  return body as T;
}

/** True when the server has no such route (not: has the route, and no such thing). */
function missingRoute(e: unknown): boolean {
  return e instanceof ApiFailure && e.status === 404 && e.message.startsWith("No route");
}

const DAY = 86_400_000;
const iso = (t: number): string => new Date(t).toISOString().replace(".000Z", "Z");
const query = (q: Readonly<Record<string, string | number | boolean | undefined>>): string =>
  new URLSearchParams(Object.entries(q).filter((e): e is [string, string | number | boolean] => e[1] !== undefined && e[1] !== "").map(([k, v]) => [k, String(v)])).toString();

/** The charts' data of `entity` over `[from, until)` (ms; undefined: the server's default, the last 7 days of data). */
export function chartData(entity: string, from?: number, until?: number): Promise<EntityChartData> {
  return api(`/v1/charts/${entity}?${query({ from: from === undefined ? undefined : iso(from), until: until === undefined ? undefined : iso(until) })}`);
}

/** The sources and, where the server reports it, their health and ingest progress. */
export function sources(): Promise<{ sources: readonly Record<string, unknown>[] }> {
  return api("/v1/sources");
}

/** Entities matching `search` (and `kind`). */
export async function entities(options: { search?: string; kind?: string; limit?: number }): Promise<readonly EntityInfo[]> {
  return (await api<{ entities: EntityInfo[] }>(`/v1/entities?${query({ search: options.search, kind: options.kind, limit: options.limit ?? 1000 })}`)).entities;
}

/** The verdict on `entity` over `[from, until)`: `/v1/verdict`, or today's `/v1/events?entity=`. */
export async function verdict(entity: string, from: number, until: number): Promise<VerdictResponse> {
  const q = query({ entity, from: iso(from), until: iso(until) });
  try {
    return await api<VerdictResponse>(`/v1/verdict?${q}`);
  } catch (e) {
    if (!missingRoute(e)) throw e;
    return api<VerdictResponse>(`/v1/events?${q}`);
  }
}

/** An id for an event judged on demand: its entity and start. */
function derivedId(entity: string, start: string): string {
  return `v:${entity}@${start}`;
}

function summary(e: OutageEvent, name: string | null): EventSummary {
  return {
    id: derivedId(e.entity, e.start), entity: e.entity, entityName: name, kind: e.kind, state: e.end === null ? "open" : "closed",
    start: e.start, end: e.end, depth: e.depth, score: e.score, signals: e.signals.map((s) => ({ signal: s.signal, depth: s.depth })),
    lastChange: e.end ?? e.start,
  };
}

/** Runs `fn` over `items`, `limit` at a time (the server is on two shared cores). */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The end of `e`'s newest bin, ms. */
const newestEnd = (e: EntityInfo): number => Math.max(...e.signals.map((s) => Date.parse(s.last) + s.stepMs));

/** Countries are stale when their newest bin ended this long before the store's newest. */
const STALE_MS = 6 * 3_600_000;

/** The current state of every country: `/v1/state`, or each country judged over its last 3 days. */
export async function countryState(): Promise<StateResponse> {
  try {
    return await api<StateResponse>("/v1/state?kind=country");
  } catch (e) {
    if (!missingRoute(e)) throw e;
  }
  const countries = await entities({ kind: "country" });
  const time = Math.max(0, ...countries.map(newestEnd));
  if (countries.length === 0) return { time: "", entities: [], derived: true };
  const judged = await pool(countries, 4, async (c): Promise<StateEntry> => {
    const end = newestEnd(c);
    const none: StateEntry = { id: c.id, name: c.name, state: "no-data", since: iso(end), value: null, baseline: null, signal: null, eventId: null };
    if (end < time - STALE_MS) return none;
    const v = await verdict(c.id, time - 3 * DAY, time);
    const open = v.events.find((x) => x.end === null);
    if (open !== undefined) {
      const s = open.signals[0];
      return { ...none, state: "outage", since: open.start, value: s?.lowest ?? null, baseline: s?.baseline ?? null, signal: s?.signal ?? null, eventId: derivedId(c.id, open.start) };
    }
    return v.verdict === "not-enough-data" ? none : { ...none, state: "normal", since: null };
  });
  return { time: iso(time), entities: judged, derived: true };
}

/** Filters of the event list. */
export interface EventFilters {
  readonly kind?: string;
  readonly entity?: string;
  readonly from: number;
  readonly until: number;
  readonly ongoing?: boolean;
}

/** The events of the window: the stored list, or each country with data judged on demand. */
export async function eventList(f: EventFilters): Promise<EventsResponse> {
  try {
    return await api<EventsResponse>(`/v1/events?${query({ kind: f.kind, entity: f.entity, from: iso(f.from), until: iso(f.until), ongoing: f.ongoing === true ? "true" : undefined, limit: 500 })}`);
  } catch (e) {
    // Today's route judges one entity and requires it.
    if (!(e instanceof ApiFailure && e.status === 400 && e.parameter === "entity")) throw e;
  }
  const candidates = (await entities({ kind: "country" })).filter((c) =>
    (f.entity === undefined || c.id === f.entity) && c.signals.some((s) => Date.parse(s.first) < f.until && Date.parse(s.last) + s.stepMs > f.from));
  const lists = await pool(candidates, 4, async (c) => (await verdict(c.id, f.from, f.until)).events.map((e) => summary(e, c.name)));
  const events = lists.flat()
    .filter((e) => (f.kind === undefined || f.kind === "" || e.kind === f.kind) && (f.ongoing !== true || e.end === null))
    .sort((a, b) => (a.end === null) !== (b.end === null) ? (a.end === null ? -1 : 1) : b.start.localeCompare(a.start));
  return { from: iso(f.from), until: iso(f.until), events, derived: true };
}

/** One event: `/v1/events/{id}`, or, for an id made here, its entity judged around its start. */
export async function eventDetail(id: string): Promise<EventDetail> {
  const m = /^v:(.+)@(.+)$/.exec(id);
  if (m === null) return (await api<{ event: EventDetail }>(`/v1/events/${encodeURIComponent(id)}`)).event;
  const [entity = "", start = ""] = [m[1], m[2]];
  const t = Date.parse(start);
  const v = await verdict(entity, t - DAY, t + 14 * DAY);
  const e = v.events.find((x) => Date.parse(x.start) === t);
  if (e === undefined) throw new ApiFailure(404, "not-found", `No event of ${entity} starts at ${start}`, null);
  const name = (await entities({ search: entity.split("/").pop() ?? "" })).find((x) => x.id === entity)?.name ?? null;
  return {
    ...summary(e, name), phases: e.phases, timeline: e.timeline, explanation: e.explanation, evidence: e.evidence,
    provenance: [], history: [], annotations: [],
  };
}
