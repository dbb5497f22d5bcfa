/**
 * `nightlight events`: the events the store keeps, with their state (open, deepening,
 * recovering, closed). `--track` first brings tracking up to date (every source's data
 * after its cursor, e.g. after `nightlight import`), as `serve` does on start.
 */
import { UsageError } from "../model/errors.ts";
import { configChannels } from "../service/alert-channels.ts";
import { deliverAlerts } from "../service/deliver-alerts.ts";
import { EventTracker } from "../service/event-tracker.ts";
import { loadMobileAsns } from "../service/load-mobile-asns.ts";
import { listStoredEvents, storedEventJson } from "../service/stored-events-json.ts";
import { openStore } from "../store/open-store.ts";
import type { Command, CommandIo } from "./command.ts";
import { entityOption } from "./entity-option.ts";
import type { SignalsConfig } from "../detect/signals-config.ts";
import { loadConfig } from "./nightlight-config.ts";
import { parseCliArgs } from "./parse-cli-args.ts";
import { timeOption } from "./time-option.ts";
import { writeOut } from "./write-out.ts";

const USAGE = `Usage: nightlight events [--db FILE] [--track] [--deliver] [--config FILE]
                        [--entity ENTITY | --within ENTITY] [--kind KIND] [--ongoing]
                        [--from ISO] [--until ISO] [--limit N] [--id N] [--format table|json]

Lists the events the store keeps (newest first): id, entity, state, kind, start, end,
depth. --id N prints one event in full (history of transitions with their figures,
phases, timeline, explanation, provenance, annotations) as JSON.

  --track             first track the data not yet tracked (each source after its
                      cursor; a new store's whole span), as serve does after each bin;
                      queues the alerts of the config's subscriptions (delivered by serve)
  --deliver           then deliver the alerts due now over the config's channels (one
                      round; a failed one is retried by the next round, with backoff)
  --config FILE       the config file (docs/serve.md): its "alerts" section (channels,
                      subscriptions) and its "signals" section (detection overrides)
  --mobile-asns FILE  mobile networks for "mobile-first" (default data/mobile-asns.json)
  --entity ENTITY     only this entity's events
  --within ENTITY     the entity's and those of everything within it
  --kind KIND         only events of this kind (total, data-plane-cut, regional, …)
  --ongoing           only events not closed
  --from, --until     only events overlapping this window (ISO 8601 UTC)
  --limit N           at most N events (default 100)
  --format F          table (default) or json (the JSON of GET /v1/events)
Method: docs/events.md.
`;

const iso = (t: string | null): string => (t === null ? "ongoing" : t.replace(":00Z", "Z"));

function parse(args: readonly string[]) {
  return parseCliArgs({
    args: [...args], strict: true,
    options: {
      db: { type: "string" }, track: { type: "boolean" }, deliver: { type: "boolean" }, config: { type: "string" },
      "mobile-asns": { type: "string" }, entity: { type: "string" }, within: { type: "string" }, kind: { type: "string" },
      ongoing: { type: "boolean" }, from: { type: "string" }, until: { type: "string" }, limit: { type: "string" }, id: { type: "string" },
      format: { type: "string" },
    },
  }).values;
}

function count(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,7}$/.test(text)) throw new UsageError(`${flag} must be a whole number, not '${text.slice(0, 40)}'`);
  return Number(text);
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const v = parse(args);
  const format = v.format ?? "table";
  if (format !== "table" && format !== "json") throw new UsageError(`--format must be table or json, not '${format.slice(0, 40)}'`);
  const entity = v.entity === undefined ? undefined : entityOption(v.entity);
  const within = v.within === undefined ? undefined : entityOption(v.within, "--within");
  const from = v.from === undefined ? undefined : timeOption("--from", v.from);
  const until = v.until === undefined ? undefined : timeOption("--until", v.until);
  const limit = count("--limit", v.limit, 100);
  const id = v.id === undefined ? undefined : count("--id", v.id, 0);
  const config = loadConfig(v.config);
  const alerts = config.alerts;
  const overrides = (config.signals ?? {}) as SignalsConfig;
  const db = v.db ?? "nightlight.db";
  const writes = v.track === true || v.deliver === true;
  const channels = v.deliver === true ? configChannels(alerts) : undefined;
  const store = openStore(db, { readonly: !writes });
  try {
    if (v.track === true) {
      const tracker = new EventTracker(store, {
        overrides, mobileAsns: loadMobileAsns(v["mobile-asns"]), ...(alerts === undefined ? {} : { alerts }),
        onRun: (r) => io.stderr.write(`nightlight events: tracked ${r.source}: ${r.entities} entities, ${r.judgements} judgements, ${r.opened} new events, ${r.transitions} transitions, ${r.alerts} alerts queued\n`),
      });
      const runs = tracker.catchUp();
      if (runs.length === 0) io.stderr.write("nightlight events: tracking is up to date\n");
    }
    if (channels !== undefined) {
      const r = await deliverAlerts(store, {
        channels, ...(alerts === undefined ? {} : { retry: alerts.retry }),
        onAttempt: (a, outcome, error) => io.stderr.write(`nightlight events: alert ${a.id} (event ${a.event}.${a.seq} to ${a.target}): ${outcome}${error === undefined ? "" : `: ${error}`}\n`),
      });
      io.stderr.write(`nightlight events: delivered ${r.sent} alerts, ${r.retried} to retry, ${r.failed} given up\n`);
    }
    if (id !== undefined) {
      const event = storedEventJson(store, id);
      if (event === undefined) {
        io.stderr.write(`nightlight events: ${db} holds no event ${id}\n`);
        return 1;
      }
      await writeOut(io.stdout, `${JSON.stringify({ event }, null, 2)}\n`);
      return 0;
    }
    const { events, total } = listStoredEvents(store, { entity, within, kind: v.kind, from, until, ongoing: v.ongoing, limit });
    if (format === "json") {
      await writeOut(io.stdout, `${JSON.stringify({ events, total }, null, 2)}\n`);
      return 0;
    }
    if (events.length === 0) {
      await writeOut(io.stdout, `${db} keeps no such events${v.track === true ? "" : " (--track tracks the data not yet tracked)"}\n`);
      return 0;
    }
    const head = ["id", "entity", "state", "kind", "start", "end", "depth"];
    const rows = events.map((e) => [String(e.id), e.entity, e.state, e.kind, iso(e.start), iso(e.end), `${(e.depth * 100).toFixed(1)} %`]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
    const more = total > events.length ? `… ${total - events.length} more; narrow the query or raise --limit\n` : "";
    await writeOut(io.stdout, `${[line(head), ...rows.map(line)].join("\n")}\n${more}`);
    return 0;
  } finally {
    store.close();
  }
}

export const EVENTS: Command = {
  words: ["events"],
  summary: "the events the store keeps, with their state and history; --track brings tracking up to date",
  usage: USAGE,
  run,
};
