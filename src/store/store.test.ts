import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { SignalPoint } from "../model/signal.ts";
import { openStore } from "./open-store.ts";

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
  assert.deepEqual({ ...series, source: undefined }, { entity: "country/IR", signal: "bgp", start: T0 - HOUR, stepMs: HOUR, values: [null, 10, 0, null, 7, null, null], source: undefined });
  assert.deepEqual(series.source, { name: "test", digest: "test", kind: "import", nativeStepMs: HOUR });
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
  store.putPoints(points([1, 2]), "test");
  assert.throws(() => store.getSeries({ ...q, stepMs: HOUR / 2 }), { name: "RangeError", message: /30 min steps: it is stored at 60 min steps/ });
  assert.throws(() => store.getSeries({ ...q, stepMs: 2 * HOUR, until: T0 + 1e14 }), RangeError);
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
  assert.deepEqual(store.listSignals().map((x) => [x.entity, x.first, x.last, x.stepMs]), [["country/IR", T0, T0 + 499 * HOUR, HOUR]]);
  store.close();
});

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

test("putPoints() of two sources keeps each one's values: no write replaces another source's", () => {
  const store = openStore(fresh());
  store.putPoints(points([1, 2, 3]), "replay");
  store.putPoints(points([9]), "import");
  const read = (source?: string) => store.getSeries({ entity: "country/IR", signal: "bgp", from: T0, until: T0 + 3 * HOUR, ...(source === undefined ? {} : { source }) });
  assert.deepEqual(read("replay").values, [1, 2, 3]);
  assert.deepEqual(read("import").values, [9, null, null]);
  assert.deepEqual(store.listSignals().map((x) => x.source.name), ["replay", "import"], "one row per source, by source");
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
  assert.deepEqual(store.listSignals().map((x) => [x.entity, x.first, x.last]), [["country/IR", T0, T0]]);
  store.close();
});

test("getSeries() after random overlapping batches equals the last value put per time", () => {
  const store = openStore(fresh());
  const next = random(20191116);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const entities = ["country/IR", "region/IR-09", "asn/12880", "asn/197207"];
  const expected = new Map<string, Map<number, number | null>>();
  for (let batch = 0; batch < 40; batch++) {
    const size = Math.floor(next() * 200);
    const list = Array.from({ length: size }, () => ({
      entity: pick(entities), signal: pick(["bgp", "bgp6"]),
      time: T0 + Math.floor(next() * 600) * 300_000 - 50 * 300_000, value: next() < 0.1 ? null : Math.floor(next() * 4000) / (next() < 0.2 ? 7 : 1),
    }));
    store.putPoints(list, "ris", { stepMs: 300_000 });
    for (const p of list) {
      const k = `${p.entity} ${p.signal}`;
      if (!expected.has(k)) expected.set(k, new Map());
      expected.get(k)?.set(p.time, p.value);
    }
  }
  for (const [k, times] of expected) {
    const [entity = "", signal = ""] = k.split(" ");
    const series = store.getSeries({ entity, signal, from: T0 - 60 * 300_000, until: T0 + 600 * 300_000, stepMs: 300_000 });
    series.values.forEach((v, i) => {
      assert.equal(v, times.get(series.start + i * 300_000) ?? null, `${k} bin ${i}`);
    });
  }
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

test("defineSource() records a source once per (name, digest) and how its signals are made", () => {
  const store = openStore(fresh(), { now: () => 42 });
  const spec = { name: "bgp:rrc00", digest: "method:1", kind: "observatory" as const, parameters: { peerShare: 0.5 }, methods: { bgp: "visible /24s" } };
  const id = store.defineSource(spec);
  assert.equal(store.defineSource(spec), id);
  assert.notEqual(store.defineSource({ ...spec, digest: "method:2" }), id);
  assert.deepEqual(store.getMethods("bgp").map((m) => ({ ...m })), [
    { signal: "bgp", source: "bgp:rrc00", digest: "method:1", description: "visible /24s", parameters: { peerShare: 0.5 } },
    { signal: "bgp", source: "bgp:rrc00", digest: "method:2", description: "visible /24s", parameters: { peerShare: 0.5 } },
  ]);
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

test("close() twice is harmless with either driver", () => {
  const store = openStore(fresh());
  store.close();
  assert.doesNotThrow(() => store.close());
});
