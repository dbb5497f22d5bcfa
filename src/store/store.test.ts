import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { SignalPoint } from "../model/signal.ts";
import { openStore } from "./open-store.ts";
import { selectSqliteDriver } from "./select-sqlite-driver.ts";

const dir = mkdtempSync(join(tmpdir(), "nightlight-store-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(dir, `t${n++}.db`);

const HOUR = 3_600_000;
const T0 = Date.UTC(2019, 10, 16, 0, 0, 0);
const points = (values: readonly (number | null)[], entity = "country/IR"): SignalPoint[] =>
  values.map((value, i) => ({ entity, signal: "bgp", time: T0 + i * HOUR, value }));

test("putPoints() then getSeries() returns null for absent bins and for stored nulls, 0 for zero", () => {
  const store = openStore(fresh());
  store.putPoints(points([10, 0, null, 7]), "test");
  const series = store.getSeries({ entity: "country/IR", signal: "bgp", from: T0 - HOUR, until: T0 + 6 * HOUR, stepMs: HOUR });
  assert.deepEqual(series, { entity: "country/IR", signal: "bgp", start: T0 - HOUR, stepMs: HOUR, values: [null, 10, 0, null, 7, null, null] });
  store.close();
});

test("getSeries() averages the non-null points of a coarser bin", () => {
  const store = openStore(fresh());
  store.putPoints(points([10, 20, null, null, 5]), "test");
  const series = store.getSeries({ entity: "country/IR", signal: "bgp", from: T0, until: T0 + 6 * HOUR, stepMs: 2 * HOUR });
  assert.deepEqual(series.values, [15, null, 5]);
  store.close();
});

test("getSeries() rejects bad ranges by meaning", () => {
  const store = openStore(fresh());
  const q = { entity: "country/IR", signal: "bgp", from: T0, until: T0 + HOUR, stepMs: HOUR };
  assert.throws(() => store.getSeries({ ...q, stepMs: 0 }), TypeError);
  assert.throws(() => store.getSeries({ ...q, until: T0 - 1 }), RangeError);
  assert.throws(() => store.getSeries({ ...q, stepMs: 1, until: T0 + 1e12 }), RangeError);
  store.close();
});

test("putPoints() is idempotent: the same points again change no row and write no page", () => {
  const file = fresh();
  const store = openStore(file);
  const batch = points(Array.from({ length: 500 }, (_, i) => i));
  store.putPoints(batch, "test");
  const walBefore = statSync(`${file}-wal`).size;
  store.putPoints(batch, "test");
  assert.equal(statSync(`${file}-wal`).size, walBefore);
  assert.deepEqual(store.listSignals(), [{ entity: "country/IR", signal: "bgp", first: T0, last: T0 + 499 * HOUR, points: 500 }]);
  store.close();
});

/** listSignals() as schema version 1 computed it: a GROUP BY over every point, on its own connection. */
function groupBySignals(file: string): unknown[] {
  const driver = selectSqliteDriver();
  if (typeof driver === "string") throw new Error(driver);
  const db = driver.open(file, { readonly: true });
  const rows = db.prepare(`SELECT entity, signal, min(time) AS first, max(time) AS last, count(*) AS points
    FROM signal_point GROUP BY entity, signal ORDER BY entity, signal`).all() as Record<string, unknown>[];
  db.close();
  return rows.map((row) => ({ ...row }));
}

/** A seeded PRNG (mulberry32), for a dataset that differs in shape but not between runs. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

test("putPoints() of the same points twice leaves listSignals() unchanged", () => {
  const store = openStore(fresh());
  const batch = [...points([1, null, 3], "country/IR"), ...points([4, 5], "asn/197207")];
  store.putPoints(batch, "test");
  const before = store.listSignals();
  store.putPoints(batch, "test");
  store.putPoints(batch.slice(1, 3), "other-source");
  assert.deepEqual(store.listSignals(), before);
  assert.deepEqual(before.map((s) => [s.entity, s.points]), [["asn/197207", 2], ["country/IR", 3]]);
  store.close();
});

test("putPoints() counts points exactly with overlapping batches and duplicates within a batch", () => {
  const store = openStore(fresh());
  store.putPoints(points([1, 2, 3, 4]), "test"); // hours 0..3
  store.putPoints(points([9, 9, 9, 9, 9, 9]).slice(2), "test"); // hours 2..5: 2 new
  const early = { entity: "country/IR", signal: "bgp", time: T0 - 2 * HOUR, value: 0 };
  store.putPoints([early, early, { ...early, value: 1 }], "test"); // 1 new, put three times
  assert.deepEqual(store.listSignals(), [{ entity: "country/IR", signal: "bgp", first: T0 - 2 * HOUR, last: T0 + 5 * HOUR, points: 7 }]);
  assert.deepEqual(store.getSeries({ entity: "country/IR", signal: "bgp", from: T0 - 2 * HOUR, until: T0 + 6 * HOUR, stepMs: HOUR }).values,
    [1, null, 1, 2, 9, 9, 9, 9]);
  store.close();
});

test("putPoints() rolled back with its transaction leaves no trace in listSignals()", () => {
  const store = openStore(fresh());
  store.putPoints(points([1]), "test");
  assert.throws(() => store.transaction(() => {
    store.putPoints(points([1, 2, 3]), "test");
    store.putPoints(points([4], "region/IR-09"), "test");
    throw new Error("boom");
  }), /boom/);
  assert.deepEqual(store.listSignals(), [{ entity: "country/IR", signal: "bgp", first: T0, last: T0, points: 1 }]);
  store.close();
});

test("listSignals() equals a GROUP BY over the points after random overlapping batches", () => {
  const file = fresh();
  const store = openStore(file);
  const next = random(20191116);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const entities = ["country/IR", "region/IR-09", "region/IR-23", "asn/12880", "asn/197207", "asn/58224"];
  for (let batch = 0; batch < 40; batch++) {
    const size = Math.floor(next() * 200);
    const list = Array.from({ length: size }, () => ({
      entity: pick(entities), signal: pick(["bgp", "bgp6", "probing"]),
      time: T0 + Math.floor(next() * 300) * 300_000 - 50 * 300_000, value: next() < 0.1 ? null : Math.floor(next() * 4),
    }));
    store.putPoints(list, pick(["ris", "routeviews"]));
  }
  const expected = groupBySignals(file);
  assert.ok(expected.length > 10);
  assert.deepEqual(store.listSignals(), expected);
  assert.deepEqual(store.listSignals("region/"), expected.filter((s) => (s as { entity: string }).entity.startsWith("region/")));
  store.close();
});

test("putPoints() replaces a changed value and rejects a NaN value with a TypeError", () => {
  const store = openStore(fresh());
  store.putPoints(points([1, 2]), "a");
  store.putPoints(points([1, 3]), "a");
  assert.deepEqual(store.getSeries({ entity: "country/IR", signal: "bgp", from: T0, until: T0 + 2 * HOUR, stepMs: HOUR }).values, [1, 3]);
  assert.throws(() => store.putPoints(points([Number.NaN]), "a"), { name: "TypeError", message: /point 0 .*value NaN/ });
  store.close();
});

test("listSignals() filters by entity prefix", () => {
  const store = openStore(fresh());
  store.putPoints([...points([1], "country/IR"), ...points([2], "region/IR-09"), ...points([3], "region/IR-23")], "test");
  assert.deepEqual(store.listSignals("region/").map((s) => s.entity), ["region/IR-09", "region/IR-23"]);
  assert.deepEqual(store.listSignals("country/IR").map((s) => s.entity), ["country/IR"]);
  assert.equal(store.listSignals().length, 3);
  store.close();
});

test("transaction() commits all or nothing", () => {
  const store = openStore(fresh());
  assert.throws(() => store.transaction(() => {
    store.putPoints(points([1, 2]), "test");
    throw new Error("boom");
  }), /boom/);
  assert.deepEqual(store.listSignals(), []);
  store.close();
});

test("putEntities() upserts and keeps a stored name when a later source has none", () => {
  const store = openStore(fresh());
  store.putEntities([{ id: "region/IR-09", kind: "region", name: "Razavi Khorasan", parent: "country/IR" }]);
  store.putEntities([{ id: "region/IR-09", kind: "region", name: null, parent: null }]);
  assert.deepEqual({ ...store.getEntity("region/IR-09") }, { id: "region/IR-09", kind: "region", name: "Razavi Khorasan", parent: "country/IR" });
  assert.equal(store.getEntity("region/IR-99"), undefined);
  store.close();
});

test("putMethod() records how a signal is made, with the injected clock", () => {
  const store = openStore(fresh(), { now: () => 42 });
  const method = { signal: "bgp", source: "ris", description: "visible /24s", parameters: { peerShare: 0.5 } };
  store.putMethod(method);
  store.putMethod(method);
  assert.deepEqual(store.getMethods("bgp"), [method]);
  assert.deepEqual(store.getMethods(), [method]);
  store.close();
});

test("markIngested() makes isIngested() true, survives reopening, and a changed digest counts as new", () => {
  const file = fresh();
  const store = openStore(file);
  const ingested = {
    source: "rrc00/2019.11/updates.20191116.1430.gz", kind: "updates", size: 1234, digest: "sha256:ab",
    completedAt: T0, records: 17, errors: [{ message: "bad attribute", recordIndex: 3 }],
  };
  assert.equal(store.isIngested(ingested.source), false);
  store.transaction(() => {
    store.putPoints(points([1]), ingested.source);
    store.markIngested(ingested);
  });
  store.close();
  const again = openStore(file);
  assert.equal(again.isIngested(ingested.source), true);
  assert.equal(again.isIngested(ingested.source, "sha256:ab"), true);
  assert.equal(again.isIngested(ingested.source, "sha256:cd"), false);
  assert.deepEqual(again.getIngested(ingested.source), ingested);
  again.close();
});
