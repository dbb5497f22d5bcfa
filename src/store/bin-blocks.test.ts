import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { openStore } from "./open-store.ts";
import type { BinValue } from "./store.ts";

const dir = mkdtempSync(join(tmpdir(), "nightlight-bins-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(dir, `t${n++}.db`);
const BIN = 300_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2019, 10, 15, 0, 0);
const SPEC = { name: "bgp:rrc00", digest: "method:a", kind: "observatory" as const, parameters: {}, methods: { bgp: "visible /24s" } };

/** A seeded PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

test("putBin() values read back the same from open bins and, after compact(), from chunks", () => {
  const store = openStore(fresh());
  const source = store.defineSource(SPEC);
  const next = random(7);
  const entities = Array.from({ length: 2500 }, (_, i) => `asn/${i + 1}`);
  const truth = new Map<string, (number | null)[]>();
  const bins = 300; // crosses a day: two periods
  const level = entities.map(() => Math.floor(next() * 100_000));
  for (let b = 0; b < bins; b++) {
    const values: BinValue[] = [];
    entities.forEach((entity, i) => {
      const r = next();
      const value = r < 0.05 ? null : r < 0.1 ? level[i]! + Math.floor(next() * 50) - 25 : r < 0.12 ? 0.5 + i : level[i]!;
      if (next() < 0.03) return; // absent: no data
      values.push({ entity, signal: "bgp", value });
      const list = truth.get(entity) ?? new Array<number | null>(bins).fill(null);
      list[b] = value;
      truth.set(entity, list);
    });
    store.putBin(source, { time: T0 + b * BIN, stepMs: BIN, values, provenance: { collectors: ["rrc00"] }, completedAt: 0 });
  }
  const check = (label: string): void => {
    for (const entity of entities.filter((_, i) => i % 97 === 0 || i === 2499)) {
      const series = store.getSeries({ entity, signal: "bgp", from: T0, until: T0 + bins * BIN });
      assert.deepEqual(series.values, truth.get(entity), `${label}: ${entity}`);
    }
  };
  check("open bins");
  assert.equal(store.compact(source, BIN, T0 + bins * BIN), 1, "the first day is complete, the second is not");
  check("first day compacted");
  assert.equal(store.compact(source, BIN, T0 + 2 * DAY), 1);
  check("both compacted");
  const listed = store.listSignals("asn/2500");
  assert.equal(listed.length, 1);
  store.close();
});

test("putBin() zero rule: 0 only for an entity this source saw above 0 within the window, in a signal it measured", () => {
  const store = openStore(fresh());
  const a = store.defineSource(SPEC);
  const b = store.defineSource({ ...SPEC, name: "bgp:route-views2" });
  const zeros = { withinMs: DAY, signals: ["bgp"] };
  const put = (source: number, time: number, values: BinValue[], signals = ["bgp"]) =>
    store.putBin(source, { time, stepMs: BIN, values, provenance: {}, completedAt: 0, zeros: { ...zeros, signals } });
  // Source b saw asn/56203: that must never make a zero for source a.
  put(b, T0 - 2 * DAY, [{ entity: "asn/56203", signal: "bgp", value: 12 }]);
  put(a, T0, [{ entity: "asn/1", signal: "bgp", value: 5 }, { entity: "asn/2", signal: "bgp", value: 0 }]);
  const w = put(a, T0 + BIN, [{ entity: "asn/3", signal: "bgp", value: 1 }]);
  assert.equal(w.zeros, 1, "asn/1 seen above 0 a bin ago; asn/2 only ever 0");
  put(a, T0 + 2 * BIN, [], []); // no IPv4 data in this bin: no zero either
  put(a, T0 + DAY + 2 * BIN, []);
  const read = (entity: string, source?: number) => store.getSeries({ entity, signal: "bgp", from: T0, until: T0 + DAY + 3 * BIN, ...(source === undefined ? {} : { source }) }).values;
  const asn1 = read("asn/1");
  assert.deepEqual([asn1[0], asn1[1], asn1[2], asn1.at(-1)], [5, 0, null, null], "0 within the day, nothing after it");
  assert.deepEqual(read("asn/56203", a).filter((v) => v !== null), [], "no zero invented from another source");
  assert.deepEqual(read("asn/2").slice(0, 3), [0, null, null]);
  // A new Store instance (a resumed run) knows what was seen from the stored bins.
  store.close();
});

test("putBin() zero rule survives a reopen: the recent past is read back from the store", () => {
  const file = fresh();
  let store = openStore(file);
  const a = store.defineSource(SPEC);
  store.putBin(a, { time: T0, stepMs: BIN, values: [{ entity: "asn/1", signal: "bgp", value: 5 }], provenance: {}, completedAt: 0 });
  store.compact(a, BIN, T0 + DAY);
  store.close();
  store = openStore(file);
  const w = store.putBin(a, { time: T0 + 3 * BIN, stepMs: BIN, values: [], provenance: {}, completedAt: 0, zeros: { withinMs: DAY, signals: ["bgp"] } });
  assert.equal(w.zeros, 1);
  store.close();
});

test("otherMethods() names bins of the same ingest by another method; replaceOtherMethods() removes exactly the window", () => {
  const store = openStore(fresh());
  const old = store.defineSource({ ...SPEC, digest: "method:old" });
  for (let b = 0; b < 400; b++) store.putBin(old, { time: T0 + b * BIN, stepMs: BIN, values: [{ entity: "country/US", signal: "bgp", value: 2_570_858 }], provenance: {}, completedAt: 0 });
  store.compact(old, BIN, T0 + DAY);
  const conflicts = store.otherMethods(SPEC.name, "method:new", T0 + 100 * BIN, T0 + 350 * BIN);
  assert.deepEqual(conflicts.map((c) => [c.source.digest, c.bins]), [["method:old", 250]]);
  assert.equal(store.replaceOtherMethods(SPEC.name, "method:new", T0 + 100 * BIN, T0 + 350 * BIN), 250);
  const values = store.getSeries({ entity: "country/US", signal: "bgp", from: T0, until: T0 + 400 * BIN, source: old }).values;
  assert.equal(values.filter((v) => v === 2_570_858).length, 150);
  assert.ok(values.slice(100, 350).every((v) => v === null));
  assert.deepEqual(store.otherMethods(SPEC.name, "method:new", T0, T0 + 400 * BIN).map((c) => c.bins), [150]);
  store.close();
});

test("a store written by the previous release (schema 2) opens, migrates and keeps every value and source", (t) => {
  const fixture = new URL("../../../test/fixtures/store-v2.db", import.meta.url);
  if (!existsSync(fixture)) return t.skip("test/fixtures/store-v2.db is absent");
  const file = fresh();
  copyFileSync(fixture, file);
  const store = openStore(file);
  const t0 = Date.UTC(2019, 10, 16, 12, 0);
  const ir = store.getSeries({ entity: "country/IR", signal: "bgp", from: t0, until: t0 + 48 * BIN });
  assert.equal(ir.source?.name, "bgp:rrc00");
  assert.equal(ir.source?.nativeStepMs, BIN);
  assert.deepEqual(ir.values, Array.from({ length: 48 }, (_, i) => (i === 20 ? null : i < 30 ? 1000 + (i % 3) : 40)));
  assert.deepEqual(store.getSeries({ entity: "asn/44244", signal: "bgp", from: t0, until: t0 + 48 * BIN }).values,
    Array.from({ length: 48 }, (_, i) => (i < 25 ? 120 : 0)));
  const fars = store.getSeries({ entity: "region/IR/Fars", signal: "ioda-ping", from: Date.UTC(2019, 10, 16), until: Date.UTC(2019, 10, 17) });
  assert.equal(fars.source?.nativeStepMs, 3_600_000);
  assert.equal(fars.start, Date.UTC(2019, 10, 16, 0, 30));
  assert.deepEqual(fars.values, Array.from({ length: 24 }, (_, i) => (i < 16 ? 95.5 : 3.25)));
  const rrc00 = store.listSources().find((s) => s.name === "bgp:rrc00");
  assert.equal(rrc00?.digest, "params:0123456789abcdef");
  assert.equal(store.getBins(rrc00?.id ?? -1, t0, t0 + 48 * BIN).length, 48);
  assert.equal(store.isIngested("import:fars.csv@sha256:00", "sha256:00"), true);
  assert.deepEqual(store.getMethods("ioda-ping").map((m) => m.description), ["imported from fars.csv"]);
  assert.deepEqual(store.getEntity("asn/44244")?.name, "IranCell");
  store.close();
});
