/**
 * The HTTP API in-process (`app.request`) on a constructed store: every endpoint,
 * bad parameters, size limits, unknown paths, CORS, ETag, CSV, and that no failure
 * shows a stack or a file path.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { BGP_FROM, DAY, fixtureApp, HOUR, json, T0 } from "./api-fixture.ts";

const { app, internal, cleanup } = fixtureApp();
after(cleanup);
const s = (ms: number): number => ms / 1000;
const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => Promise.resolve(app.request(path, { headers }));

/** A 400 naming `parameter`, in the one error shape. */
async function assertBad(path: string, parameter: string, message?: RegExp): Promise<void> {
  const r = await get(path);
  assert.equal(r.status, 400, path);
  const body = await json(r);
  assert.equal(body["code"], "bad-parameter", path);
  assert.equal(body["parameter"], parameter, path);
  assert.equal(typeof body["error"], "string");
  if (message !== undefined) assert.match(String(body["error"]), message);
}

test("/v2/signals/raw serves native bins with nulls for missing ones, len(values) = (until − from) / step", async () => {
  const from = s(T0 + 3 * DAY - 2 * HOUR);
  const until = s(T0 + 3 * DAY + 8 * HOUR);
  const body = await json(await get(`/v2/signals/raw/country/IR?from=${from}&until=${until}&datasource=ping-slash24`));
  const [series] = (body["data"] as Record<string, unknown>[][])[0] ?? [];
  assert.ok(series !== undefined);
  assert.equal(series["datasource"], "ping-slash24");
  assert.equal(series["step"], 3600);
  assert.equal(series["from"], from);
  assert.equal(series["until"], until);
  const values = series["values"] as (number | null)[];
  assert.equal(values.length, (until - from) / 3600);
  assert.deepEqual(values, [1000, 1000, null, null, null, null, null, null, 1000, 1000]);
});

test("/v2/signals/raw: maxPoints picks IODA's next allowed step; both datasources without a filter; several codes", async () => {
  const from = s(BGP_FROM);
  const until = s(BGP_FROM + DAY);
  const body = await json(await get(`/v2/signals/raw/country/IR?from=${from}&until=${until}&maxPoints=24`));
  const list = (body["data"] as Record<string, unknown>[][])[0] ?? [];
  assert.deepEqual(list.map((x) => [x["datasource"], x["step"], x["nativeStep"], (x["values"] as unknown[]).length]), [["bgp", 3600, 300, 24], ["ping-slash24", 3600, 3600, 24]]);
  // The first hour of BGP bins averages 5000…5011.
  // biome-ignore lint/correctness/noUnsafeOptionalChaining: a missing first series is a TypeError, which fails the test as it should.
  assert.equal((list[0]?.["values"] as number[])[0], 5005.5);
  const two = await json(await get(`/v2/signals/raw/geoasn/44244-IR,44244-IQ?from=${from}&until=${until}`));
  const data = two["data"] as Record<string, unknown>[][];
  assert.equal(data.length, 1, "only the entity the store holds");
  assert.equal(data[0]?.[0]?.["entityType"], "geoasn");
  assert.equal(data[0]?.[0]?.["entityCode"], "44244-IR");
  assert.equal(data[0]?.[0]?.["entityFqid"], "country-asn/IR/44244");
});

test("/v2/signals/raw refuses bad parameters as IODA does, naming each", async () => {
  await assertBad("/v2/signals/raw/country/IR?until=1", "from", /Missing required request parameter 'from'/);
  await assertBad("/v2/signals/raw/country/IR?from=x&until=1", "from");
  await assertBad("/v2/signals/raw/country/IR?from=10&until=5", "until", /from \(10\) must be earlier than until \(5\)/);
  await assertBad(`/v2/signals/raw/country/IR?from=0&until=${101 * 86400}`, "until", /less than 100 days/);
  await assertBad("/v2/signals/raw/country/IR?from=0&until=5&datasource=nope", "datasource", /invalid datasource nope/);
  await assertBad("/v2/signals/raw/country/XX?from=0&until=5", "entityCode", /cannot find corresponding metadata entity/);
  await assertBad("/v2/signals/raw/planet/IR?from=0&until=5", "entityType");
  await assertBad("/v2/signals/raw/country/IR?from=0&from=1&until=5", "from", /more than once/);
});

test("series carry an ETag and Cache-Control, and a matching If-None-Match gets 304; CSV by format or Accept", async () => {
  const path = `/v2/signals/raw/country/IR?from=${s(T0)}&until=${s(T0 + DAY)}`;
  const first = await get(path);
  const etag = first.headers.get("etag");
  // biome-ignore lint/complexity/useOptionalChain: the explicit null test narrows etag to a string for the request below.
  assert.ok(etag !== null && etag.startsWith('W/"'));
  assert.match(first.headers.get("cache-control") ?? "", /max-age=60/);
  const again = await get(path, { "If-None-Match": etag });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), "");
  const csv = await get(`${path}&format=csv&datasource=ping-slash24`);
  assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
  const lines = (await csv.text()).trim().split("\r\n");
  assert.equal(lines[0], "entityType,entityCode,datasource,subtype,time,value");
  assert.equal(lines[1], `country,IR,ping-slash24,,${s(T0)},1000`);
  const byAccept = await get(`/v1/series/country/IR/probing?from=2026-01-05&until=2026-01-05T02:00Z`, { Accept: "text/csv" });
  assert.equal(await byAccept.text(), "time,entity,signal,value\r\n2026-01-05T00:00:00Z,country/IR,probing,1000\r\n2026-01-05T01:00:00Z,country/IR,probing,1000\r\n");
});

test("/v2/entities/query finds by name, type and relatedTo; code with search is refused", async () => {
  const iran = await json(await get("/v2/entities/query?search=iran"));
  assert.deepEqual(iran["data"], [{ code: "IR", name: "Iran", type: "country", subnames: [], attrs: { fqid: "country/IR" } }]);
  const geoasn = await json(await get("/v2/entities/query?entityType=geoasn&relatedTo=country/IR"));
  assert.deepEqual(geoasn["data"], [{ code: "44244-IR", name: "Irancell", type: "geoasn", subnames: { asn: "AS44244", country: "Iran" }, attrs: { fqid: "country-asn/IR/44244" } }]);
  await assertBad("/v2/entities/query?entityType=country&entityCode=IR&search=x", "entityCode", /no search or relatedTo/);
  await assertBad("/v2/entities/query?limit=-1", "limit");
});

test("/v2/datasources lists IODA's names with units; an unknown one is a 400", async () => {
  const all = await json(await get("/v2/datasources"));
  assert.deepEqual((all["data"] as { datasource: string }[]).map((d) => d.datasource), ["bgp", "ping-slash24", "merit-nt", "gtr", "mozilla"]);
  const bgp = await json(await get("/v2/datasources/bgp"));
  assert.deepEqual(bgp["data"], { datasource: "bgp", name: "BGP", units: "Visible /24s" });
  await assertBad("/v2/datasources/nope", "datasource", /Unknown datasource 'nope'/);
});

test("/v2/outages/events and /summary give the day-10 cut of Iran in IODA's forms", async () => {
  const q = `from=${s(T0 + 9 * DAY)}&until=${s(T0 + 12 * DAY)}&entityType=country&entityCode=IR`;
  const codf = await json(await get(`/v2/outages/events?${q}`));
  const [event] = codf["data"] as Record<string, unknown>[];
  assert.equal(event?.["location"], "country/IR");
  assert.equal(event?.["start"], s(T0 + 10 * DAY));
  assert.equal(event?.["duration"], 12 * 3600);
  assert.equal(event?.["datasource"], "ping-slash24");
  assert.equal(event?.["overlaps_window"], false);
  const ioda = await json(await get(`/v2/outages/events?${q}&format=ioda`));
  const [e2] = ioda["data"] as Record<string, unknown>[];
  // biome-ignore lint/correctness/noUnsafeOptionalChaining: a missing event is a TypeError, which fails the test as it should.
  assert.equal((e2?.["entity"] as Record<string, unknown>)["code"], "IR");
  assert.equal(e2?.["until"], s(T0 + 10 * DAY + 12 * HOUR));
  const csv = await (await get(`/v2/outages/events?${q}&format=csv`)).text();
  assert.match(csv, /^entityType,entityCode,entityName,from,until,/);
  assert.match(csv, new RegExp(`\\r\\ncountry,IR,Iran,${s(T0 + 10 * DAY)},`));
  const summary = await json(await get(`/v2/outages/summary?${q}`));
  const [sum] = summary["data"] as Record<string, unknown>[];
  assert.equal(sum?.["event_cnt"], 1);
  assert.deepEqual(Object.keys(sum?.["scores"] as object), ["ping-slash24.moving-median", "overall"]);
  await assertBad("/v2/outages/events?until=5", "from", /'from' timestamp must be set/);
  await assertBad(`/v2/outages/events?${q}&orderBy=size`, "orderBy");
  await assertBad(`/v2/outages/summary?${q}&page=1`, "page", /limit also needs to be set/);
});

test("/v1/series gives values with source, method and per-bin provenance; a finer step is refused", async () => {
  const r = await get(`/v1/series/country/IR/bgp?from=${s(BGP_FROM)}&until=${s(BGP_FROM + HOUR)}`);
  assert.equal(r.status, 200);
  const body = await json(r);
  assert.equal(body["stepMs"], 300_000);
  assert.equal((body["source"] as Record<string, unknown>)["name"], "bgp:rrc00");
  assert.deepEqual((body["methods"] as Record<string, unknown>[]).map((m) => m["description"]), ["visible /24s (fixture)"]);
  assert.equal((body["points"] as unknown[]).length, 12);
  // The window's bins summed up; each bin's record only when asked for.
  assert.equal(body["bins"], undefined);
  assert.deepEqual(body["provenance"], { bins: 12, collectors: ["rrc00"], fullFeedPeers: { v4: [12, 12], v6: [7, 7] }, files: 12, problems: [], entityData: [] });
  const detailed = await json(await get(`/v1/series/country/IR/bgp?from=${s(BGP_FROM)}&until=${s(BGP_FROM + HOUR)}&detail=bins`));
  const bins = detailed["bins"] as Record<string, unknown>[];
  assert.equal(bins.length, 12);
  assert.deepEqual(bins[0], { time: "2026-01-11T00:00:00Z", completedAt: "2026-01-11T00:05:00Z", collectors: ["rrc00"], fullFeedPeers: { v4: 12, v6: 7 }, files: ["updates.0.gz"] });
  await assertBad(`/v1/series/country/IR/bgp?from=2025-11-01&until=2026-01-11&detail=bins`, "detail", /up to 31 days/);
  const coarse = await json(await get(`/v1/series/country-asn/IR/44244/bgp?from=2026-01-11&until=2026-01-11T01:00Z&step=1800`));
  assert.deepEqual((coarse["points"] as Record<string, unknown>[]).map((p) => p["value"]), [300, 300]);
  await assertBad(`/v1/series/country/IR/probing?from=2026-01-04&until=2026-01-05&step=60`, "step", /finer than the 1 h step/);
  await assertBad(`/v1/series/country/IR/probing?from=2026-01-04T00:00&until=2026-01-05`, "from", /not a time/);
  await assertBad(`/v1/series/country/IR/probing?from=2026-01-05&until=2026-01-04`, "until");
  await assertBad(`/v1/series/planet/IR/probing`, "entity");
  const missing = await get("/v1/series/country/IQ/probing");
  assert.equal(missing.status, 404);
  assert.equal((await json(missing))["code"], "not-found");
});

test("/v1/entities, /v1/sources and /v1/verdict (the verdict and events of nightlight detect), JSON and CSV", async () => {
  const entities = await json(await get("/v1/entities?search=iran"));
  // "Iran" and "Irancell": a part of the name, as IODA's ILIKE '%iran%'.
  assert.deepEqual((entities["entities"] as Record<string, unknown>[]).map((e) => e["id"]), ["country/IR", "country-asn/IR/44244"]);
  const sources = await json(await get("/v1/sources"));
  assert.deepEqual((sources["sources"] as Record<string, unknown>[]).map((x) => [x["name"], x["kind"], (x["methods"] as unknown[]).length]), [["bgp:rrc00", "observatory", 1], ["import:probing.csv", "import", 1]]);
  const events = await json(await get("/v1/verdict?entity=country/IR&from=2026-01-10&until=2026-01-12"));
  assert.equal(events["verdict"], "outage");
  const [e] = events["events"] as Record<string, unknown>[];
  assert.equal(e?.["start"], "2026-01-11T00:00:00.000Z");
  for (const field of ["kind", "depth", "phases", "timeline", "explanation"]) assert.ok(field in (e ?? {}), field);
  const csv = await (await get("/v1/verdict?entity=country/IR&from=2026-01-10&until=2026-01-12&format=csv")).text();
  assert.match(csv, /^entity,start,end,kind,depth,score,signals,evidence\r\ncountry\/IR,2026-01-11T00:00:00.000Z,/);
  await assertBad("/v1/verdict?from=2026-01-10&until=2026-01-12", "entity", /Missing required/);
  await assertBad("/v1/verdict?entity=country/IR&from=2026-01-01&until=2026-06-01", "until", /exceeds the limit of 100 days/);
});

test("/openapi.json describes every route with its parameters", async () => {
  const doc = await json(await get("/openapi.json"));
  const paths = Object.keys(doc["paths"] as object).sort();
  assert.deepEqual(paths, [
    "/charts/{entityType}/{entityCode}", "/v1/charts/{entity}", "/v1/entities", "/v1/events", "/v1/events/{id}", "/v1/events/{id}/annotations", "/v1/ingest/bins", "/v1/series/{entity}/{signal}", "/v1/sources", "/v1/state",
    "/v1/verdict", "/v1/webhooks", "/v1/webhooks/{id}", "/v2/datasources", "/v2/datasources/{datasource}",
    "/v2/entities/query", "/v2/outages/alerts", "/v2/outages/events", "/v2/outages/summary", "/v2/signals/raw/{entityType}/{entityCode}",
  ]);
  const raw = (doc["paths"] as Record<string, Record<string, { parameters: { name: string }[] }>>)["/v2/signals/raw/{entityType}/{entityCode}"];
  assert.deepEqual(raw?.["get"]?.parameters.map((p) => p.name), ["entityType", "entityCode", "from", "until", "datasource", "sourceParams", "maxPoints", "format"]);
});

test("unknown path 404, other methods 405, oversize body or URL 413, CORS and HEAD for reads", async () => {
  const unknown = await get("/v3/nothing");
  assert.equal(unknown.status, 404);
  assert.deepEqual(await json(unknown), { error: "No route /v3/nothing: see /openapi.json", code: "not-found", parameter: null });
  const post = await app.request("/v1/sources", { method: "POST", body: "{}" });
  assert.equal(post.status, 405);
  assert.equal((await json(post))["code"], "method-not-allowed");
  const big = await app.request("/v1/webhooks", { method: "POST", body: "x".repeat(5000), headers: { "Content-Length": "5000" } });
  assert.equal(big.status, 413);
  assert.equal((await json(big))["code"], "payload-too-large");
  const longUrl = await get(`/v1/entities?search=${"a".repeat(5000)}`);
  assert.equal(longUrl.status, 413);
  const cors = await get("/v1/sources", { Origin: "https://example.org" });
  assert.equal(cors.headers.get("access-control-allow-origin"), "*");
  const preflight = await app.request("/v1/sources", { method: "OPTIONS", headers: { Origin: "https://example.org", "Access-Control-Request-Method": "GET" } });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /GET/);
  const head = await app.request("/v1/sources", { method: "HEAD" });
  assert.equal(head.status, 200);
});

test("an internal failure is a 500 in the same shape, without stack or file path, and is reported to the server", async () => {
  const broken = fixtureApp();
  broken.store.close();
  const r = await broken.app.request("/v1/sources");
  assert.equal(r.status, 500);
  const text = await r.text();
  assert.deepEqual(JSON.parse(text), { error: "Internal error: the request could not be answered; the server's log has the details", code: "internal", parameter: null });
  assert.doesNotMatch(text, /\bat \w|\.ts\b|\.js\b|\/tmp\//);
  assert.equal(broken.internal.length, 1);
  broken.cleanup();
  assert.equal(internal.length, 0, "no internal error in the other tests");
});
