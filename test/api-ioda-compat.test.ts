/**
 * The /v2 responses field by field against IODA's own response classes, as read in
 * InetIntel/ioda-api at a5fac0e (src/…): the envelope (src/Response/Envelope.php,
 * class Envelope and EnvelopeMetadata, "public" group), a series
 * (src/TimeSeries/TimeSeriesNormalizer.php), an entity
 * (src/Entity/MetadataEntityNormalizer.php), a datasource (src/Entity/DatasourceEntity.php),
 * an event in "codf" and "ioda" forms (src/Entity/OutagesEventNormalizer.php) and a
 * summary (src/Entity/OutagesSummary.php). Also: a response imports back with
 * `nightlight import --format ioda-json`, Nightlight's reader of real IODA files.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { parseIodaJson } from "../src/signals/parse-ioda-json.ts";
import { DAY, fixtureApp, json, T0 } from "./api-fixture.ts";

const { app, cleanup } = fixtureApp();
after(cleanup);
const s = (ms: number): number => ms / 1000;

/** Keys and JSON types of an object, sorted, e.g. ["from:number", "values:array"]. */
function shape(o: unknown): string[] {
  const type = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  return Object.entries(o as Record<string, unknown>).map(([k, v]) => `${k}:${type(v)}`).sort();
}

test("Envelope.php: type, metadata {requestTime, responseTime} as gmdate('c'), requestParameters, error, perf, data, copyright", async () => {
  const body = await json(await app.request(`/v2/signals/raw/country/IR?from=${s(T0)}&until=${s(T0 + DAY)}`));
  assert.deepEqual(shape(body), ["copyright:string", "data:array", "error:null", "metadata:object", "perf:array", "requestParameters:object", "type:string"]);
  assert.equal(body["type"], "signals"); // SignalsController::lookup: new Envelope('signals', …)
  assert.deepEqual(body["metadata"], { requestTime: "2026-06-01T12:00:00+00:00", responseTime: (body["metadata"] as Record<string, string>)["responseTime"] });
  assert.match((body["metadata"] as Record<string, string>)["responseTime"] ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  // RequestParameter list of SignalsController::lookup, INTEGER ones parsed, absent ones null.
  assert.deepEqual(body["requestParameters"], { from: s(T0), until: s(T0 + DAY), datasource: null, sourceParams: null, maxPoints: null });
  const error = await json(await app.request("/v2/signals/raw/country/IR?until=1"));
  // Envelope::setError: the message, and data null.
  assert.equal(error["error"], "Missing required request parameter 'from'");
  assert.equal(error["data"], null);
});

test("TimeSeriesNormalizer.php: entityType, entityCode, entityName, entityFqid, datasource, subtype, from, until, step, nativeStep, values", async () => {
  const body = await json(await app.request(`/v2/signals/raw/country/IR?from=${s(T0)}&until=${s(T0 + DAY)}&datasource=ping-slash24`));
  const data = body["data"] as unknown[][];
  // TimeSeriesSetNormalizer: one list per entity (SignalsService::queryForAll returns one set per entity).
  assert.equal(data.length, 1);
  const series = data[0]?.[0] as Record<string, unknown>;
  assert.deepEqual(shape(series), [
    "datasource:string", "entityCode:string", "entityFqid:string", "entityName:string", "entityType:string",
    "from:number", "nativeStep:number", "step:number", "subtype:string", "until:number", "values:array",
  ]);
  assert.deepEqual({ ...series, values: undefined }, {
    entityType: "country", entityCode: "IR", entityName: "Iran", entityFqid: "country/IR", datasource: "ping-slash24", subtype: "",
    from: s(T0), until: s(T0 + DAY), step: 3600, nativeStep: 3600, values: undefined,
  });
  // TimeSeries::sanityCheckValues: count(values) == ceil((until - from) / step).
  assert.equal((series["values"] as unknown[]).length, Math.ceil((s(T0 + DAY) - s(T0)) / 3600));
});

test("a /v2/signals/raw response reads back with parseIodaJson, Nightlight's reader of IODA's files, to the same points", async () => {
  const text = await (await app.request(`/v2/signals/raw/country/IR?from=${s(T0 + 3 * DAY)}&until=${s(T0 + 4 * DAY)}&datasource=ping-slash24`)).text();
  const { points, rows, skipped } = parseIodaJson(text, { file: "api.json" });
  assert.equal(rows, 1);
  assert.deepEqual(skipped, []);
  assert.equal(points.length, 24);
  assert.deepEqual(points.slice(5, 7).map((p) => [p.entity, p.signal, p.time, p.value]), [["country/IR", "probing", T0 + 3 * DAY + 5 * 3_600_000, null], ["country/IR", "probing", T0 + 3 * DAY + 6 * 3_600_000, 1000]]);
});

test("MetadataEntityNormalizer.php: code, name, type (a string), subnames, attrs (an object)", async () => {
  const body = await json(await app.request("/v2/entities/query?entityType=country&entityCode=IR"));
  const [entity] = body["data"] as Record<string, unknown>[];
  assert.deepEqual(shape(entity), ["attrs:object", "code:string", "name:string", "subnames:array", "type:string"]);
  assert.equal(body["type"], "entities.lookup"); // EntitiesController::lookup
  assert.deepEqual(body["requestParameters"], { relatedTo: null, search: null, limit: null, page: null, entityType: "country", entityCode: "IR" });
});

test("DatasourceEntity.php: datasource, name, units (nativeStep and backend are not in the public group)", async () => {
  const body = await json(await app.request("/v2/datasources"));
  assert.equal(body["type"], "datasources");
  for (const d of body["data"] as unknown[]) assert.deepEqual(shape(d), ["datasource:string", "name:string", "units:string"]);
});

test("OutagesEventNormalizer.php codf and ioda forms; OutagesSummary.php scores, event_cnt, entity", async () => {
  const q = `from=${s(T0 + 9 * DAY)}&until=${s(T0 + 12 * DAY)}&entityType=country&entityCode=IR`;
  const codf = await json(await app.request(`/v2/outages/events?${q}`));
  assert.equal(codf["type"], "outages.events");
  assert.deepEqual(shape((codf["data"] as unknown[])[0]), [
    "datasource:string", "duration:number", "fraction:null", "location:string", "location_name:string", "method:string",
    "overlaps_window:boolean", "score:number", "start:number", "status:number", "uncertainty:null",
  ]);
  const ioda = await json(await app.request(`/v2/outages/events?${q}&format=ioda&includeAlerts`));
  assert.deepEqual(shape((ioda["data"] as unknown[])[0]), ["alerts:array", "datasource:string", "entity:object", "from:number", "method:string", "score:number", "until:number"]);
  assert.equal((ioda["requestParameters"] as Record<string, unknown>)["includeAlerts"], true); // "&param" is true (Envelope, BOOL)
  const summary = await json(await app.request(`/v2/outages/summary?${q}`));
  assert.equal(summary["type"], "outages.summary");
  assert.deepEqual(shape((summary["data"] as unknown[])[0]), ["entity:object", "event_cnt:number", "scores:object"]);
});

test("OutagesAlertNormalizer.php: datasource, entity, time, level, condition, value, historyValue, method; squashed as OutagesAlertsService", async () => {
  const q = `from=${s(T0 + 9 * DAY)}&until=${s(T0 + 12 * DAY)}&entityType=country&entityCode=IR&datasource=ping-slash24`;
  const body = await json(await app.request(`/v2/outages/alerts?${q}`));
  assert.equal(body["type"], "outages.alerts");
  const data = body["data"] as Record<string, unknown>[];
  assert.deepEqual(shape(data[0]), ["condition:string", "datasource:string", "entity:object", "historyValue:number", "level:string", "method:string", "time:number", "value:number"]);
  // The day-10 cut of the fixture: critical at its first hour (40 of 1000), normal again 12 h later; nothing else.
  assert.deepEqual(data.map((a) => [a["time"], a["level"], a["value"], a["historyValue"], a["condition"]]), [
    [s(T0 + 10 * DAY), "critical", 40, 1000, "< 0.5"],
    [s(T0 + 10 * DAY + 12 * 3_600_000), "normal", 1000, 1000, ">= 0.8"],
  ]);
  assert.deepEqual(body["requestParameters"], {
    from: String(s(T0 + 9 * DAY)), until: String(s(T0 + 12 * DAY)), datasource: "ping-slash24", limit: 500, page: null, relatedTo: null,
    entityType: "country", entityCode: "IR", ignoreMethods: null, extendWindow: 0,
  });
});
