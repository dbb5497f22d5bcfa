import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { EventFields } from "./event-records.ts";
import { MIGRATIONS } from "./migrations.ts";
import { openStore } from "./open-store.ts";

const dir = mkdtempSync(join(tmpdir(), "nightlight-event-records-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(dir, `t${n++}.db`);
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

const fields = (entity: string, start: number, end: number | null = null): EventFields => ({
  entity, kind: "total", start, end, depth: 0.1, band: 2, score: 100, signals: [], explanation: "x", evidence: "y",
  phases: [], timeline: [], provenance: [], judgedUntil: start + HOUR,
});

test("a schema-3 store (test/fixtures/store-v3.db) migrates to 4: every value, source and record kept, the event tables empty", (t) => {
  const fixture = new URL("../../../test/fixtures/store-v3.db", import.meta.url);
  if (!existsSync(fixture)) return t.skip("test/fixtures/store-v3.db is absent");
  const file = fresh();
  copyFileSync(fixture, file);
  const store = openStore(file);
  try {
    assert.equal(MIGRATIONS.length, 4);
    const probing = store.getSeries({ entity: "country/IR", signal: "probing", from: T0, until: T0 + 10 * 24 * HOUR });
    assert.equal(probing.values.length, 240);
    assert.equal(probing.values[8 * 24], 30);
    assert.equal(probing.values[0], 1000);
    const bgp = store.getSeries({ entity: "country/IR", signal: "bgp", from: T0 + 9 * 24 * HOUR, until: T0 + 9 * 24 * HOUR + HOUR });
    assert.deepEqual(bgp.values, Array.from({ length: 12 }, (_, i) => 5000 + i));
    assert.equal(store.getBins(2, 0, Number.MAX_SAFE_INTEGER).length, 12);
    assert.deepEqual(store.listSources().map((s) => s.name), ["bgp:rrc00", "import:probing.csv"]);
    assert.equal(store.isIngested("import:probing.csv@sha256:v3fixture"), true);
    assert.deepEqual(store.events.list(), { events: [], total: 0 });
    assert.deepEqual(store.events.cursors(), []);
  } finally {
    store.close();
  }
});

test("events, transitions and the outbox: one alert per transition and target, attempts counted before they are made", () => {
  const store = openStore(fresh());
  const id = store.events.insert(fields("country/IR", T0));
  const event = store.events.get(id);
  assert.ok(event !== undefined);
  assert.equal(event.state, "open");
  const seq = store.events.transition(event, { state: "open", reason: "opened", time: T0 + HOUR, figures: { depth: 0.1, band: 2, signals: [] }, historical: false });
  assert.equal(seq, 1);
  store.events.enqueue({ event: id, seq, channel: "webhook", target: "webhook:ops", now: T0 });
  store.events.enqueue({ event: id, seq, channel: "webhook", target: "webhook:ops", now: T0 + 5 });
  store.events.enqueue({ event: id, seq, channel: "email", target: "email:desk", now: T0 });
  assert.equal(store.events.outbox().length, 2, "the same transition and target once");
  const [first] = store.events.due(T0);
  assert.ok(first !== undefined);
  store.events.markSending(first.id);
  assert.equal(store.events.due(T0)[0]?.status, "sending", "a row left sending by a stopped process is due again");
  store.events.markRetry(first.id, T0 + 60_000, "HTTP 503");
  assert.deepEqual(store.events.due(T0).map((a) => a.target), ["email:desk"]);
  assert.equal(store.events.nextDue(), T0);
  store.events.markSent(store.events.due(T0)[0]?.id ?? 0, T0 + 1);
  const again = store.events.due(T0 + 60_000)[0];
  assert.deepEqual([again?.attempts, again?.lastError, again?.status], [1, "HTTP 503", "pending"]);
  assert.equal(store.events.hasAlerts(id), true);
  const moved = store.events.get(id);
  assert.equal(moved?.lastSeq, 1);
  assert.equal(moved?.lastChange, T0 + HOUR);
  store.close();
});

test("lists filter by entity, what lies within, kind, window and state, newest first, with the total", () => {
  const store = openStore(fresh());
  const ir = store.events.insert(fields("country/IR", T0));
  store.events.insert(fields("region/IR-07", T0 + HOUR, T0 + 3 * HOUR));
  store.events.insert(fields("country/IQ", T0 + 2 * HOUR));
  const closed = store.events.get(store.events.insert(fields("country-asn/IR/44244", T0 + 4 * HOUR)));
  assert.ok(closed !== undefined);
  store.events.transition(closed, { state: "closed", reason: "withdrawn", time: T0 + 5 * HOUR, figures: { depth: 1, band: 0, signals: [] }, historical: false });
  const ids = (f: Parameters<typeof store.events.list>[0]): string[] => store.events.list(f).events.map((e) => e.entity);
  assert.deepEqual(ids({ entities: ["country/IR"], prefixes: ["region/IR-", "country-asn/IR/"] }), ["country-asn/IR/44244", "region/IR-07", "country/IR"]);
  assert.deepEqual(ids({ ongoing: true }), ["country/IQ", "region/IR-07", "country/IR"]);
  assert.deepEqual(ids({ from: T0 + 3 * HOUR, until: T0 + 4 * HOUR }), ["country/IQ", "country/IR"], "region/IR-07 ended at 3 h");
  assert.deepEqual(store.events.list({ limit: 1, offset: 1 }).events.map((e) => e.entity), ["country/IQ"]);
  assert.equal(store.events.list({ limit: 1 }).total, 4);
  assert.deepEqual(store.events.overlapping("country/IR", T0, T0 + HOUR).map((e) => e.id), [ir]);
  store.close();
});

test("annotations, webhooks (deleted ones kept but not listed) and a cursor that never moves back", () => {
  const store = openStore(fresh());
  const id = store.events.insert(fields("country/IR", T0));
  store.events.annotate(id, { time: T0 + 2, author: "desk", text: "second" });
  store.events.annotate(id, { time: T0 + 1, author: "desk", text: "first" });
  assert.deepEqual(store.events.annotations(id).map((a) => a.text), ["first", "second"]);
  const hook = store.events.addWebhook({ url: "http://127.0.0.1:9/x", secret: "s".repeat(32), entities: ["country/IR"], within: true, states: ["open"], createdAt: T0, createdBy: "desk" });
  assert.deepEqual(store.events.webhooks().map((w) => [w.id, w.within, w.states]), [[hook.id, true, ["open"]]]);
  assert.equal(store.events.deleteWebhook(hook.id, T0 + 1), true);
  assert.equal(store.events.deleteWebhook(hook.id, T0 + 2), false);
  assert.deepEqual(store.events.webhooks(), []);
  store.events.advanceCursor(1, T0 + HOUR);
  store.events.advanceCursor(1, T0);
  assert.equal(store.events.cursor(1), T0 + HOUR);
  store.close();
});
