import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { UsageError } from "../model/errors.ts";
import type { SignalPoint } from "../model/signal.ts";
import { openStore } from "../store/open-store.ts";
import type { Store } from "../store/store.ts";
import { readEntitySeries } from "./read-entity-series.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Hourly points at :30 UTC, as Monash's Iran data falls. */
const T0 = Date.UTC(2019, 10, 1, 0, 30);

function withStore(points: readonly SignalPoint[], fn: (store: Store) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-reader-"));
  try {
    const store = openStore(join(dir, "n.db"));
    store.putPoints(points, "test");
    try {
      fn(store);
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hours = (entity: string, signal: string, n: number, value: (h: number) => number | null): SignalPoint[] =>
  Array.from({ length: n }, (_, h) => ({ entity, signal, time: T0 + h * HOUR, value: value(h) }));

test("readEntitySeries(): native step on the series' own grid, history from the settings (at least 28 days)", () => {
  withStore(hours("country/IR", "ipobs", 40 * 24, (h) => 90 + (h % 3)), (store) => {
    const from = Date.UTC(2019, 10, 30);
    const until = Date.UTC(2019, 11, 1);
    const [read] = readEntitySeries(store, { entity: "country/IR", from, until });
    assert.equal(read?.nativeStepMs, HOUR);
    assert.equal(read?.series.stepMs, HOUR);
    // 28 days of history before 30 Nov 00:00, on the :30 grid: 1 Nov 23:30.
    assert.equal(read?.series.start, Date.UTC(2019, 10, 1, 23, 30));
    assert.equal(read?.lookBackMs, 28 * DAY);
    // To the last bin starting before --until: 30 Nov 23:30.
    assert.equal((read?.series.start ?? 0) + (read?.series.values.length ?? 0) * HOUR, Date.UTC(2019, 11, 1, 0, 30));
    // --config lengthens the look-back; the read then starts at the first point.
    const [long] = readEntitySeries(store, { entity: "country/IR", from, until, overrides: { ipobs: { windowMs: 60 * DAY } } });
    assert.equal(long?.lookBackMs, 60 * DAY);
    assert.equal(long?.series.start, T0);
    assert.equal(long?.historyMs, from - T0);
    // Without history: the window's bins only.
    const [plain] = readEntitySeries(store, { entity: "country/IR", from, until, history: false });
    assert.deepEqual([plain?.series.start, plain?.series.values.length], [Date.UTC(2019, 10, 30, 0, 30), 24]);
  });
});

test("readEntitySeries(): a step finer than the stored one is refused, naming both; a coarser one averages the bins with data", () => {
  const points = hours("country/IR", "ipobs", 48, (h) => (h === 1 ? null : h === 2 ? 30 : h === 3 ? 20 : 10));
  withStore(points, (store) => {
    const request = { entity: "country/IR", from: T0, until: T0 + 2 * DAY, history: false } as const;
    assert.throws(
      () => readEntitySeries(store, { ...request, stepMs: 5 * MINUTE }),
      (e: unknown) => e instanceof UsageError && /--step 5 min is finer than the 1 h step country\/IR ipobs is stored at/.test(e.message),
    );
    assert.throws(() => readEntitySeries(store, { ...request, stepMs: 90 * MINUTE }), /not a whole multiple of the 1 h step/);
    const [two] = readEntitySeries(store, { ...request, stepMs: 2 * HOUR });
    assert.equal(two?.series.start, T0);
    // (10 + no data) / 1 bin with data = 10, (30 + 20) / 2 = 25: a gap is not a zero.
    assert.deepEqual(two?.series.values.slice(0, 3), [10, 25, 10]);
    assert.equal(two?.series.values.length, 24);
  });
});

test("readEntitySeries(): the related series by default, the entity's own with scope 'own', a signal filter", () => {
  const points = [
    ...hours("country/IR", "ipobs", 24, () => 90),
    ...hours("region/IR/Fars", "ipobs", 24, () => 80),
    ...hours("country/IR", "bgp", 24, () => 5000),
    ...hours("country/IQ", "ipobs", 24, () => 70),
  ];
  withStore(points, (store) => {
    const request = { entity: "country/IR", from: T0, until: T0 + DAY };
    const names = (reads: ReturnType<typeof readEntitySeries>): string[] => reads.map((r) => `${r.series.entity} ${r.series.signal}`).sort();
    assert.deepEqual(names(readEntitySeries(store, request)), ["country/IR bgp", "country/IR ipobs", "region/IR/Fars ipobs"]);
    assert.deepEqual(names(readEntitySeries(store, { ...request, scope: "own" })), ["country/IR bgp", "country/IR ipobs"]);
    assert.deepEqual(names(readEntitySeries(store, { ...request, signals: ["ipobs"] })), ["country/IR ipobs", "region/IR/Fars ipobs"]);
  });
});
