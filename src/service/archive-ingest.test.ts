import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { UsageError } from "../model/errors.ts";
import { openStore } from "../store/open-store.ts";
import { planArchiveIngest, type ArchiveIngestSettings } from "./archive-ingest.ts";
import { bgpSourceSpec } from "./bgp-method.ts";

const T = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString().slice(0, 16);
const SETTINGS: ArchiveIngestSettings = {
  collectors: ["route-views2", "rrc00"], binMs: 300_000, fullFeedV4: 400_000, fullFeedV6: 10_000, visibleShare: 0.5, kinds: new Set(["country"] as const),
  archive: undefined, cacheDir: "cache", retries: 3, backfillMs: 24 * 3_600_000, holeAfterMs: 3_600_000, replace: false, db: "n.db",
};

test("where the ingest starts: a RIB time within the backfill, else the window's start; after the last stored bin; at --from", () => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-plan-ingest-"));
  const store = openStore(join(dir, "n.db"));
  try {
    const now = T("2026-12-07T13:07Z");
    // The first RIS RIB in the last 24 h is 16:00 yesterday: the bin 15:55 holds it. Updates are due
    // up to 13:00 for RIS and 12:45 for RouteViews' quarters: the present is 12:45.
    const a = planArchiveIngest(store, SETTINGS, now);
    assert.deepEqual([iso(a.first), iso(a.edge), a.total], ["2026-12-06T15:55", "2026-12-07T12:45", 250]);
    assert.match(a.reason, /backfilling from 2026-12-06T15:55Z \(21 h back, at a RIB time\)/);
    // A backfill shorter than the RIB period starts where it says.
    const b = planArchiveIngest(store, { ...SETTINGS, backfillMs: 3_600_000 }, now);
    assert.equal(iso(b.first), "2026-12-07T12:05");
    // After downtime: after the last stored bin of these collectors (whatever its method).
    const other = store.defineSource(bgpSourceSpec({ ...SETTINGS, fullFeedV4: 300_000 }));
    store.putBin(other, { time: T("2026-12-07T10:00Z"), stepMs: 300_000, values: [{ entity: "country/IR", signal: "bgp", value: 9 }], provenance: {}, completedAt: now });
    const c = planArchiveIngest(store, SETTINGS, now);
    assert.deepEqual([iso(c.first), c.reason], ["2026-12-07T10:05", "resuming after the last stored bin, 2026-12-07T10:00Z"]);
    // --from over that bin: refused, naming --replace (another method), unless replace.
    assert.throws(() => planArchiveIngest(store, { ...SETTINGS, from: T("2026-12-07T09:00Z") }, now), (e: unknown) => e instanceof UsageError && /--replace/.test(e.message));
    assert.equal(iso(planArchiveIngest(store, { ...SETTINGS, from: T("2026-12-07T09:00Z"), replace: true }, now).first), "2026-12-07T09:00");
    // A fixed window ends where it says.
    const w = planArchiveIngest(store, { ...SETTINGS, from: T("2026-12-01T00:00Z"), until: T("2026-12-01T06:00Z") }, now);
    assert.deepEqual([iso(w.first), iso(w.edge), w.total], ["2026-12-01T00:00", "2026-12-01T06:00", 72]);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
