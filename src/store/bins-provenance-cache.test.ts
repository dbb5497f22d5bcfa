import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { openStore } from "./open-store.ts";
import { summarizeBins } from "./summarize-bins.ts";

const dir = mkdtempSync(join(tmpdir(), "nightlight-provenance-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const BIN = 300_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10);

test("binsProvenance() equals summarizeBins() over every record, and sees bins added to a cached day", () => {
  const store = openStore(join(dir, "p.db"));
  const source = store.defineSource({ name: "bgp:rrc00", digest: "method:x", kind: "observatory", parameters: {}, methods: { bgp: "test" } });
  const put = (time: number): void => {
    const k = (time - T0) / BIN;
    // Peers, collectors, problems and entity data that change over the days.
    const provenance = {
      collectors: k % 500 === 0 ? ["rrc00", "rrc01"] : ["rrc00"], fullFeedPeers: { v4: 20 + (k % 7), v6: 10 + (k % 3) },
      files: [`updates.${k}.gz`], problems: k % 97 === 0 ? [`rrc00: updates.${k % 2}.gz is missing`] : [], entityData: k < 600 ? "a" : "b",
    };
    store.putBin(source, { time, stepMs: BIN, values: [{ entity: "country/IR", signal: "bgp", value: 100 + k }], provenance, completedAt: time + BIN });
  };
  // Three days with a hole on day 2.
  for (let t = T0; t < T0 + 3 * DAY; t += BIN) if (t < T0 + DAY + 2 * 3_600_000 || t >= T0 + DAY + 3 * 3_600_000) put(t);
  const windows: [number, number][] = [[T0, T0 + 3 * DAY], [T0 + 3_600_000, T0 + 2 * DAY + 5 * BIN], [T0 + DAY, T0 + 2 * DAY], [T0 - DAY, T0 + 4 * DAY]];
  for (const [from, until] of windows) {
    const expected = summarizeBins(store.getBins(source, from, until));
    assert.deepEqual(store.binsProvenance(source, from, until), expected, `window ${from}–${until}`);
    // Again: now from the cache.
    assert.deepEqual(store.binsProvenance(source, from, until), expected, `window ${from}–${until}, cached`);
  }
  // Filling the hole of a cached day changes its summary.
  const before = store.binsProvenance(source, T0, T0 + 3 * DAY);
  for (let t = T0 + DAY + 2 * 3_600_000; t < T0 + DAY + 3 * 3_600_000; t += BIN) put(t);
  const after = store.binsProvenance(source, T0, T0 + 3 * DAY);
  assert.equal(after.bins, before.bins + 12);
  assert.deepEqual(after, summarizeBins(store.getBins(source, T0, T0 + 3 * DAY)));
  // A bin written by another connection (another process, say a replay beside serve) is seen too.
  assert.equal(store.binsProvenance(source, T0 - DAY, T0 + 7 * DAY).collectors.includes("rrc26"), false);
  const other = openStore(join(dir, "p.db"));
  const t = T0 + 5 * DAY;
  other.putBin(source, { time: t, stepMs: BIN, values: [{ entity: "country/IR", signal: "bgp", value: 1 }], provenance: { collectors: ["rrc26"], files: ["x.gz"] }, completedAt: t + BIN });
  other.close();
  const wide = store.binsProvenance(source, T0 - DAY, T0 + 7 * DAY);
  assert.deepEqual(wide, summarizeBins(store.getBins(source, T0 - DAY, T0 + 7 * DAY)));
  assert.ok(wide.collectors.includes("rrc26"));
  store.close();
});
