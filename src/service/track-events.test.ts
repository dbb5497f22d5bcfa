import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { alertsConfigSchema } from "../alerts/alerts-config.ts";
import type { SignalPoint } from "../model/signal.ts";
import { openStore } from "../store/open-store.ts";
import type { Store } from "../store/store.ts";
import { EventTracker } from "./event-tracker.ts";

const dir = mkdtempSync(join(tmpdir(), "nightlight-track-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);
/** 10 days of hourly probing at 1000; a 5-hour cut to 100 on day 5; a cut to 300 for the last 6 hours, still going on. */
const values = (hours = 240): (number | null)[] => Array.from({ length: hours }, (_, h) => (h >= 120 && h < 125 ? 100 : h >= 234 ? 300 : 1000));
const END = T0 + 240 * HOUR;
const alerts = alertsConfigSchema.parse({
  webhooks: [{ name: "ops", url: "http://127.0.0.1:9/hook", secret: "s3cret" }],
  subscriptions: [{ entity: "country/XX", channels: ["webhook:ops"] }],
});

function store(hours = 240): { store: Store; source: number } {
  const s = openStore(join(dir, `t${n++}.db`));
  const source = s.defineSource({ name: "import:xx.csv", digest: "sha256:xx", kind: "import", parameters: {}, methods: { probing: "imported" } });
  const points: SignalPoint[] = values(hours).map((value, h) => ({ entity: "country/XX", signal: "probing", time: T0 + h * HOUR, value }));
  s.putPoints(points, source, { stepMs: HOUR });
  return { store: s, source };
}

test("a backfill alerts no event that closed within it, and the event still going on at its end once, with its latest transition", () => {
  const { store: s } = store();
  new EventTracker(s, { alerts, now: () => END + 10 * 60_000 }).catchUp();
  const events = s.events.list().events;
  assert.deepEqual(events.map((e) => [e.state, new Date(e.start).toISOString()]), [["open", "2026-01-10T18:00:00.000Z"], ["closed", "2026-01-06T00:00:00.000Z"]]);
  const [ongoing, closed] = events;
  assert.ok(ongoing !== undefined && closed !== undefined);
  assert.ok(s.events.history(closed.id).every((t) => t.historical), "day 5 is older than the hour of the horizon");
  assert.deepEqual(s.events.outbox().map((a) => [a.event, a.seq, a.target]), [[ongoing.id, ongoing.lastSeq, "webhook:ops"]]);
  s.close();
});

test("an old backfill (tracking never reaches the present) alerts nothing; new bins after it alert as news", () => {
  const { store: s, source } = store(238);
  const tracker = new EventTracker(s, { alerts, now: () => END + 10 * 60_000 });
  tracker.catchUp();
  assert.equal(s.events.list().total, 2);
  // The data end 2 h before the present, past the 1 h horizon: history only.
  assert.deepEqual(s.events.outbox(), []);
  const info = s.getSource(source);
  assert.ok(info !== undefined);
  // Two more hours arrive: 300 then 30, a deeper band, now within the horizon.
  s.putPoints([{ entity: "country/XX", signal: "probing", time: T0 + 238 * HOUR, value: 300 }, { entity: "country/XX", signal: "probing", time: T0 + 239 * HOUR, value: 30 }], source, { stepMs: HOUR });
  tracker.onBin({ source: info, time: T0 + 238 * HOUR, stepMs: HOUR, until: END });
  const ongoing = s.events.list({ ongoing: true }).events[0];
  assert.ok(ongoing !== undefined);
  const last = s.events.history(ongoing.id).at(-1);
  assert.deepEqual([last?.state, last?.reason, last?.historical, last?.figures.band], ["deepening", "deeper", false, 4]);
  assert.deepEqual(s.events.outbox().map((a) => [a.event, a.seq]), [[ongoing.id, last?.seq]], "the news alerts; the history before it does not");
  assert.equal(s.events.state("country/XX")?.state, "outage");
  s.close();
});

test("a withdrawn event: corrected data that no longer show an open event close it, saying so", () => {
  const { store: s, source } = store();
  const tracker = new EventTracker(s, { now: () => END });
  tracker.catchUp();
  const ongoing = s.events.list({ ongoing: true }).events[0];
  assert.ok(ongoing !== undefined);
  // A corrected import of the same source: the last 6 hours were fine after all.
  s.putPoints(Array.from({ length: 6 }, (_, i) => ({ entity: "country/XX", signal: "probing", time: T0 + (234 + i) * HOUR, value: 1000 })), source, { stepMs: HOUR });
  const info = s.getSource(source);
  assert.ok(info !== undefined);
  tracker.onBin({ source: info, time: T0 + 234 * HOUR, stepMs: HOUR, until: END });
  const last = s.events.history(ongoing.id).at(-1);
  assert.deepEqual([s.events.get(ongoing.id)?.state, last?.reason], ["closed", "withdrawn"]);
  assert.equal(s.events.list({ ongoing: false }).total, 2, "the day-5 event is untouched");
  assert.equal(s.events.state("country/XX")?.state, "normal");
  s.close();
});
