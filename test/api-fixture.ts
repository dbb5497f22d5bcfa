/**
 * A constructed store for the API tests: 12 days of hourly imported probing of Iran
 * (1000 /24s up, no data for 6 hours on day 3, down to 40 for 12 hours on day 10),
 * and one day of Nightlight's own 5-minute BGP bins with their provenance.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../src/api/create-app.ts";
import { openStore } from "../src/store/open-store.ts";
import type { Store } from "../src/store/store.ts";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** 2026-01-01T00:00Z. */
export const T0 = Date.UTC(2026, 0, 1);
/** Start of the BGP bins: day 10, the day of the cut. */
export const BGP_FROM = T0 + 10 * DAY;

/** Writes the fixture into a new store file in a temporary folder. */
export function buildFixture(): { dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-api-"));
  const file = join(dir, "api.db");
  const store = openStore(file);
  store.putEntities([
    { id: "country/IR", kind: "country", name: "Iran", parent: null },
    { id: "country-asn/IR/44244", kind: "country-asn", name: "Irancell", parent: "country/IR" },
  ]);
  const imported = store.defineSource({ name: "import:probing.csv", digest: "sha256:fixture", kind: "import", parameters: { file: "probing.csv" }, methods: { probing: "imported from probing.csv" } });
  const points = [];
  for (let h = 0; h < 12 * 24; h++) {
    const gap = h >= 3 * 24 && h < 3 * 24 + 6;
    const cut = h >= 10 * 24 && h < 10 * 24 + 12;
    points.push({ time: T0 + h * HOUR, entity: "country/IR", signal: "probing", value: gap ? null : cut ? 40 : 1000 });
  }
  store.putPoints(points, imported, { stepMs: HOUR });
  const bgp = store.defineSource({ name: "bgp:rrc00", digest: "method:fixture", kind: "observatory", parameters: { peerShare: 0.5 }, methods: { bgp: "visible /24s (fixture)" } });
  for (let i = 0; i < 288; i++) {
    const time = BGP_FROM + i * 300_000;
    store.putBin(bgp, {
      time, stepMs: 300_000, completedAt: time + 300_000,
      values: [{ entity: "country/IR", signal: "bgp", value: 5000 + i }, { entity: "country-asn/IR/44244", signal: "bgp", value: 300 }],
      provenance: { collectors: ["rrc00"], fullFeedPeers: { v4: 12, v6: 7 }, files: [`updates.${i}.gz`] },
    });
  }
  store.close();
  return { dir, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The app over the fixture (read-only, as `nightlight serve` opens it), a fixed clock, and its cleanup. */
export function fixtureApp(): { app: ReturnType<typeof createApp>; store: Store; internal: unknown[]; cleanup: () => void } {
  const fixture = buildFixture();
  const store = openStore(fixture.file, { readonly: true });
  const internal: unknown[] = [];
  const app = createApp({ store, mobileAsns: new Set([44244]), now: () => Date.UTC(2026, 5, 1, 12) }, { onInternalError: (e) => internal.push(e) });
  return { app, store, internal, cleanup: () => { store.close(); fixture.cleanup(); } };
}

/** Asserts-free reading of a JSON body. */
export async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}
