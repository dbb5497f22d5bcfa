/**
 * The event tracker on real data: Monash IP Observatory's hourly index of Iran,
 * 11–20 November 2019 (../shared/data/outages, imported as test/monash-iran-2019.test.ts
 * does; the expected times and depths are that test's, computed independently of
 * Nightlight). The national event, its provinces, its history with the figures of each
 * transition; the same events and history whether tracked hour by hour as the data
 * arrive, at once after the import, or half and half across a restart; and the CLI.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { SignalPoint } from "../src/model/signal.ts";
import { EventTracker } from "../src/service/event-tracker.ts";
import { importSignals } from "../src/signals/import-signals.ts";
import { openStore } from "../src/store/open-store.ts";
import type { Store } from "../src/store/store.ts";
import { runCli } from "./run-cli.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const SKIP = sharedDataMissing() ?? false;
const HOUR = 3_600_000;
const FILE = "monash_ipobs_irn-2019-11-11_gif.csv";
const dir = mkdtempSync(join(tmpdir(), "nightlight-events-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(dir, `t${n++}.db`);
/** The entities the hour-by-hour runs judge: the country, the first and the last province to fall, the capital's. */
const WATCHED = ["country/IR", "region/IR/Fars", "region/IR/Ilam", "region/IR/Tehran"];
const IMPORT_ARGS = ["--time-column", "time_e", "--local-epoch", "--time-zone", "+03:30", "--value-column", "connectivity", "--signal", "ipobs",
  "--entity-template", "county/IR/{name_1}/{name_2}", "--rollup", "region/IR/{name_1}", "--rollup", "country/IR"];

function points(): SignalPoint[] {
  return importSignals(readFileSync(shared("outages", FILE), "utf8"), {
    file: FILE, format: "long-csv", timeColumn: "time_e", localEpoch: true, timeZone: "+03:30", valueColumn: "connectivity", signal: "ipobs",
    entityTemplate: "county/IR/{name_1}/{name_2}", rollups: ["region/IR/{name_1}", "country/IR"],
  }).points;
}

function source(store: Store): number {
  return store.defineSource({ name: `import:${FILE}`, digest: "sha256:test", kind: "import", parameters: {}, methods: { ipobs: "imported" } });
}

/** Events and history of the watched entities, without ids (they depend on creation order). */
function snapshot(store: Store): unknown[] {
  return WATCHED.flatMap((entity) => store.events.list({ entities: [entity] }).events.map((e) => {
    const { id, ...rest } = e;
    return { ...rest, history: store.events.history(id).map(({ event: _, ...t }) => t) };
  }));
}

/** Feeds the points hour by hour, each hour committed and then tracked, as the ingest loop does. */
function trackHourly(store: Store, all: readonly SignalPoint[], until = Number.POSITIVE_INFINITY): void {
  const id = source(store);
  const info = store.getSource(id);
  assert.ok(info !== undefined);
  const tracker = new EventTracker(store, { now: () => Date.UTC(2019, 10, 20, 3) });
  const times = [...new Set(all.map((p) => p.time))].sort((a, b) => a - b).filter((t) => t < until);
  for (const time of times) {
    store.putPoints(all.filter((p) => p.time === time), id, { stepMs: HOUR });
    tracker.onBin({ source: info, time, stepMs: HOUR, until: time + HOUR, entities: WATCHED });
  }
}

test("tracking the import: Iran's national event from 17:30 UTC, open at the 18:30 bin (15.5), deepening below 10 % and 5 %, still going on", { skip: SKIP }, async () => {
  const db = fresh();
  const imported = await runCli(["import", shared("outages", FILE), "--db", db, ...IMPORT_ARGS]);
  assert.equal(imported.code, 0, imported.stderr);
  const tracked = await runCli(["events", "--db", db, "--track"]);
  assert.equal(tracked.code, 0, tracked.stderr);
  assert.match(tracked.stderr, /31 entities, \d+ judgements, 31 new events/, "the country and its 30 provinces");
  const store = openStore(db, { readonly: true });
  try {
    const [iran, ...more] = store.events.list({ entities: ["country/IR"] }).events;
    assert.equal(more.length, 0);
    assert.ok(iran !== undefined);
    assert.equal(new Date(iran.start).toISOString(), "2019-11-16T17:30:00.000Z");
    assert.equal(iran.end, null);
    assert.equal(iran.state, "deepening");
    assert.equal((iran.depth * 100).toFixed(0), "3");
    assert.equal(iran.timeline[0]?.entity, "county/IR/Khuzestan/Ahvaz", "Ahvaz cut first (ARTICLE 19)");
    const history = store.events.history(iran.id);
    assert.deepEqual(history.map((t) => [t.state, t.reason, t.figures.band]), [["open", "opened", 2], ["deepening", "deeper", 3], ["deepening", "deeper", 4]]);
    const [opened] = history;
    // Known at the end of the 18:30 bin, when the index read 15.5 (critical).
    assert.equal(new Date(opened?.time ?? 0).toISOString(), "2019-11-16T19:30:00.000Z");
    assert.equal(opened?.figures.signals[0]?.bin, "2019-11-16T18:30:00.000Z");
    assert.equal(opened?.figures.signals[0]?.value?.toFixed(1), "15.5");
    assert.equal(opened?.historical, true, "2019 is history: nothing alerted as news");
    assert.deepEqual(iran.provenance.map((p) => [p.signal, p.source]), [["ipobs", `import:${FILE}`]]);
    const fars = store.events.list({ entities: ["region/IR/Fars"] }).events[0];
    assert.equal(new Date(fars?.start ?? 0).toISOString(), "2019-11-16T16:30:00.000Z", "Fars fell at 16:30 UTC");
    const state = store.events.state("country/IR");
    assert.equal(state?.state, "outage");
    assert.equal(state?.eventId, iran.id);
  } finally {
    store.close();
  }
  const again = await runCli(["events", "--db", db, "--track"]);
  assert.match(again.stderr, /tracking is up to date/);
  const json = JSON.parse((await runCli(["events", "--db", db, "--within", "country/IR", "--format", "json", "--limit", "100"])).stdout) as { events: { entity: string }[]; total: number };
  assert.equal(json.total, 31);
  const table = await runCli(["events", "--db", db, "--entity", "country/IR"]);
  assert.match(table.stdout, /^id\s+entity\s+state\s+kind\s+start\s+end\s+depth\n\d+\s+country\/IR\s+deepening\s+total\s+2019-11-16T17:30Z\s+ongoing\s+3\.2 %\n$/);
  const bad = await runCli(["events", "--db", db, "--entity", "IR"]);
  assert.equal(bad.code, 2);
});

test("the same events and history hour by hour, at once, and across a restart half way", { skip: SKIP }, () => {
  const all = points();
  const hourly = openStore(fresh());
  trackHourly(hourly, all);
  const atOnce = openStore(fresh());
  atOnce.putPoints(all, source(atOnce), { stepMs: HOUR });
  new EventTracker(atOnce, { now: () => Date.UTC(2019, 10, 20, 3) }).catchUp();
  const halfFile = fresh();
  const half = openStore(halfFile);
  const middle = Date.UTC(2019, 10, 17, 6, 30);
  trackHourly(half, all, middle);
  half.close();
  const restarted = openStore(halfFile);
  restarted.putPoints(all.filter((p) => p.time >= middle), source(restarted), { stepMs: HOUR });
  new EventTracker(restarted, { now: () => Date.UTC(2019, 10, 20, 3) }).catchUp();
  try {
    const expected = snapshot(atOnce);
    assert.equal(expected.length, 4, "one event for each watched entity");
    assert.deepEqual(snapshot(hourly), expected);
    assert.deepEqual(snapshot(restarted), expected);
  } finally {
    for (const s of [hourly, atOnce, restarted]) s.close();
  }
});
