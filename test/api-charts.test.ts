/**
 * The chart routes over a store built here from real data: Monash IP Observatory's
 * hourly index of Iran, November 2019 (../shared/data/outages, as test/api-serve.test.ts):
 * `/v1/charts/country/IR` gives the series with its baseline, provenance and the event;
 * `/charts/country/IR.png` is the same drawing rasterised, with validated parameters,
 * capped sizes and caching headers.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createApp } from "../src/api/create-app.ts";
import { signalFigure, timelineFigure } from "../src/chart/entity-figures.ts";
import { renderPng } from "../src/chart/render-png.ts";
import type { EntityChartData } from "../src/model/entity-chart-data.ts";
import { openStore } from "../src/store/open-store.ts";
import type { Store } from "../src/store/store.ts";
import { runCli } from "./run-cli.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const SKIP = sharedDataMissing() ?? false;
const dir = mkdtempSync(join(tmpdir(), "nightlight-charts-"));
const db = join(dir, "monash.db");
const NOW = Date.parse("2026-12-01T12:00:00Z");
const WINDOW = "from=2019-11-14&until=2019-11-21";
let store: Store | undefined;
let app: ReturnType<typeof createApp>;

before(async () => {
  if (SKIP !== false) return;
  const r = await runCli([
    "import", shared("outages", "monash_ipobs_irn-2019-11-11_gif.csv"), "--db", db, "--time-column", "time_e", "--local-epoch",
    "--time-zone", "+03:30", "--value-column", "connectivity", "--signal", "ipobs", "--entity-template", "county/IR/{name_1}/{name_2}",
    "--rollup", "region/IR/{name_1}", "--rollup", "country/IR",
  ]);
  assert.equal(r.code, 0, r.stderr);
  store = openStore(db, { readonly: true });
  app = createApp({ store, now: () => NOW }, { onInternalError: (e) => assert.fail(String(e)) });
});
after(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Width and height from a PNG's IHDR (RFC 2083 §4.1.1), after checking the signature. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  assert.deepEqual([...bytes.slice(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

async function png(path: string, headers: Record<string, string> = {}): Promise<{ status: number; bytes: Uint8Array; headers: Headers }> {
  const r = await app.request(path, { headers });
  return { status: r.status, bytes: new Uint8Array(await r.arrayBuffer()), headers: r.headers };
}

test("/v1/charts/country/IR: the 2019 index with its baseline, provenance, the blackout and who fell first", { skip: SKIP }, async () => {
  const r = await app.request(`/v1/charts/country/IR?${WINDOW}`);
  assert.equal(r.status, 200);
  const data = (await r.json()) as EntityChartData;
  assert.equal(data.verdict, "outage");
  assert.equal(data.events.length, 1);
  assert.equal(data.events[0]?.start, "2019-11-16T17:30:00.000Z");
  assert.equal(data.events[0]?.end, null, "still ongoing where Monash's data ends");
  const s = data.signals[0];
  assert.equal(s?.signal, "ipobs");
  assert.equal(s.start, "2019-11-14T00:30:00Z", "Monash's :30 grid");
  assert.equal(s.values.length, 7 * 24);
  // 66.8 at 17:30 UTC on the 16th, 15.5 an hour later (test/monash-iran-2019.test.ts).
  assert.equal(s.values[2 * 24 + 17]?.toFixed(1), "66.8");
  assert.equal(s.values[2 * 24 + 18]?.toFixed(1), "15.5");
  assert.equal(s.baseline?.length, s.values.length);
  assert.ok((s.baseline?.[24] ?? 0) > 80, "an ordinary day's baseline near 100");
  assert.equal(s.values.at(-1), null, "no data after 20 Nov 06:00: null, not zero");
  assert.match(s.sources[0] ?? "", /monash_ipobs_irn-2019-11-11_gif\.csv/);
  assert.match(s.method ?? "", /moving median/);
  assert.ok(data.events[0].timeline.some((t) => t.entity === "region/IR/Fars"));
  assert.ok("region/IR/Fars" in data.names);
});

test("/charts/country/IR.png is the page's drawing rasterised: the same bytes as signalFigure() through resvg", { skip: SKIP }, async () => {
  const data = (await (await app.request(`/v1/charts/country/IR?${WINDOW}`)).json()) as EntityChartData;
  const svg = signalFigure(data, "ipobs", { clock: () => new Date(NOW) });
  assert.ok(svg !== undefined);
  assert.match(svg, /1 · total shutdown/, "the event is labelled with its kind");
  assert.match(svg, /Source: import:monash_ipobs_irn-2019-11-11_gif\.csv/);
  const r = await png(`/charts/country/IR.png?${WINDOW}`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("content-type"), "image/png");
  assert.equal(r.headers.get("cache-control"), "public, max-age=300");
  assert.deepEqual(pngSize(r.bytes), { width: 1200, height: 600 });
  assert.deepEqual(r.bytes, renderPng(svg));
  const again = await png(`/charts/country/IR.png?${WINDOW}`, { "If-None-Match": r.headers.get("etag") ?? "" });
  assert.equal(again.status, 304);
});

test("/charts/…png: size, dark theme, Persian, local time and the timeline", { skip: SKIP }, async () => {
  const small = await png(`/charts/country/IR.png?${WINDOW}&width=800&height=400&theme=dark&lang=fa&tz=local`);
  assert.equal(small.status, 200);
  assert.deepEqual(pngSize(small.bytes), { width: 800, height: 400 });
  const data = (await (await app.request(`/v1/charts/country/IR?${WINDOW}`)).json()) as EntityChartData;
  const fa = signalFigure(data, "ipobs", { lang: "fa", theme: "dark", timeZone: "Asia/Tehran", clock: () => new Date(NOW) }) ?? "";
  assert.match(fa, /ایران/);
  assert.match(fa, /قطع کامل/);
  assert.match(fa, /Asia\/Tehran, UTC\+۰۳:۳۰/);
  const timeline = await png(`/charts/country/IR.png?${WINDOW}&chart=timeline`);
  assert.equal(timeline.status, 200);
  const rows = timelineFigure(data, 0) ?? "";
  assert.match(rows, /Who fell first: Iran/);
  assert.match(rows, />Fars</);
  assert.doesNotMatch(rows, /county|Shiraz/, "regions, not counties, when the timeline has regions");
});

test("/charts/…png refuses bad parameters with a 400 naming them, and unknown data with a 404", { skip: SKIP }, async () => {
  const cases: [string, number, string | null][] = [
    [`/charts/country/IR.png?${WINDOW}&width=100`, 400, "width"],
    [`/charts/country/IR.png?${WINDOW}&width=99999`, 400, "width"],
    [`/charts/country/IR.png?${WINDOW}&height=5000`, 400, "height"],
    [`/charts/country/IR.png?${WINDOW}&tz=Mars/Olympus`, 400, "tz"],
    [`/charts/country/IR.png?${WINDOW}&theme=neon`, 400, "theme"],
    [`/charts/country/IR.png?${WINDOW}&lang=xx`, 400, "lang"],
    [`/charts/planet/IR.png?${WINDOW}`, 400, "entityType"],
    ["/charts/country/IR.gif", 400, "entityCode"],
    ["/charts/country/IR.png?from=2019-01-01&until=2019-11-01", 400, "until"],
    [`/charts/country/ZZ.png?${WINDOW}`, 404, null],
    [`/charts/country/IR.png?${WINDOW}&signal=bgp`, 404, null],
    [`/charts/country/IR.png?${WINDOW}&chart=timeline&event=5`, 404, null],
    ["/charts/country/IR.png?from=2001-01-01&until=2001-01-05", 404, null],
  ];
  for (const [path, status, parameter] of cases) {
    const r = await app.request(path);
    const text = await r.text();
    assert.equal(r.status, status, `${path}: ${text}`);
    assert.equal((JSON.parse(text) as { parameter: string | null }).parameter, parameter, path);
    assert.doesNotMatch(text, /\/tmp\/|\.db\b|\n\s+at /, path);
  }
});
