/**
 * The stored events through the API, in-process and over a real socket on 127.0.0.1:
 * `/v1/events` (filters, JSON and CSV), `/v1/events/{id}`, `/v1/state`, and the writes
 * (annotations, webhooks) with their token, scope, body limit and JSON checks; a
 * fixed-seed fuzz of write requests with no 5xx and no stack or path. The store is
 * Monash's Iran 2019 index, imported and tracked by the CLI (test/events-track.test.ts).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { serve, type ServerType } from "@hono/node-server";
import { createApp } from "../src/api/create-app.ts";
import { alertTargets, targetsFor } from "../src/service/alert-targets.ts";
import type { HttpToken } from "../src/service/http-tokens-config.ts";
import { openStore } from "../src/store/open-store.ts";
import type { Store } from "../src/store/store.ts";
import { runCli } from "./run-cli.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const SKIP = sharedDataMissing() ?? false;
const dir = mkdtempSync(join(tmpdir(), "nightlight-api-events-"));
const db = join(dir, "monash.db");
const sha = (t: string): string => createHash("sha256").update(t).digest("hex");
const TOKENS: HttpToken[] = [{ name: "desk", sha256: sha("writer-token"), scopes: ["write"] }, { name: "probe", sha256: sha("probe-token"), scopes: ["ingest"] }];
const WRITER = { Authorization: "Bearer writer-token" };
let store: Store | undefined;
let app: ReturnType<typeof createApp>;
let server: ServerType | undefined;
let base = "";
const internal: unknown[] = [];
let iranId = 0;

before(async () => {
  if (SKIP !== false) return;
  const imported = await runCli(["import", shared("outages", "monash_ipobs_irn-2019-11-11_gif.csv"), "--db", db, "--time-column", "time_e", "--local-epoch",
    "--time-zone", "+03:30", "--value-column", "connectivity", "--signal", "ipobs", "--entity-template", "county/IR/{name_1}/{name_2}",
    "--rollup", "region/IR/{name_1}", "--rollup", "country/IR"]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal((await runCli(["events", "--db", db, "--track"])).code, 0);
  store = openStore(db);
  iranId = store.events.list({ entities: ["country/IR"] }).events[0]?.id ?? 0;
  app = createApp({ store, writeStore: store, tokens: TOKENS, now: () => Date.UTC(2026, 5, 1, 12) }, { onInternalError: (e) => internal.push(e) });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (address: AddressInfo) => {
      base = `http://127.0.0.1:${address.port}`;
      resolve();
    });
  });
});
after(async () => {
  await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (path: string): Promise<{ status: number; body: Record<string, unknown>; text: string }> => {
  const r = await app.request(path);
  const text = await r.text();
  return { status: r.status, text, body: r.headers.get("content-type")?.includes("json") === true ? (JSON.parse(text) as Record<string, unknown>) : {} };
};
const post = (path: string, body: string, headers: Record<string, string> = {}, method = "POST"): Promise<Response> =>
  Promise.resolve(app.request(path, { method, body: method === "DELETE" ? null : body, headers: { "Content-Type": "application/json", ...headers } }));

/** A 4xx in the one error shape with this code and parameter. */
async function assertError(r: Response, status: number, code: string, parameter: string | null = null): Promise<void> {
  const body = (await r.json()) as Record<string, unknown>;
  assert.equal(r.status, status, JSON.stringify(body));
  assert.equal(body["code"], code);
  assert.equal(body["parameter"], parameter);
}

test("GET /v1/events lists the stored events with filters, newest first, JSON and CSV", { skip: SKIP }, async () => {
  const all = await get("/v1/events?within=country/IR&ongoing=true&limit=100");
  assert.equal(all.status, 200);
  assert.equal(all.body["total"], 31);
  const events = all.body["events"] as Record<string, unknown>[];
  assert.deepEqual(Object.keys(events[0] ?? {}), ["id", "entity", "entityName", "kind", "state", "start", "end", "depth", "score", "signals", "lastChange"]);
  const iran = events.find((e) => e["entity"] === "country/IR");
  assert.deepEqual([iran?.["entityName"], iran?.["state"], iran?.["start"], iran?.["end"]], ["Iran", "deepening", "2019-11-16T17:30:00Z", null]);
  assert.deepEqual(iran?.["signals"], [{ signal: "ipobs", depth: iran?.["depth"], source: "import:monash_ipobs_irn-2019-11-11_gif.csv" }]);
  const one = await get("/v1/events?entity=region/IR/Fars");
  assert.deepEqual((one.body["events"] as Record<string, unknown>[]).map((e) => [e["entity"], e["start"]]), [["region/IR/Fars", "2019-11-16T16:30:00Z"]]);
  assert.equal((await get("/v1/events?within=country/IR&from=2019-11-01&until=2019-11-10")).body["total"], 0, "nothing before the 16th");
  assert.equal((await get("/v1/events?kind=regional")).body["total"], 0);
  assert.equal((await get("/v1/events?ongoing=false")).body["total"], 0);
  const page = await get("/v1/events?limit=2&page=1");
  assert.equal((page.body["events"] as unknown[]).length, 2);
  const csv = await app.request("/v1/events?entity=country/IR", { headers: { Accept: "text/csv" } });
  assert.match(await csv.text(), new RegExp(`^id,entity,entityName,kind,state,start,end,depth,score,signals,lastChange\\r\\n${iranId},country/IR,Iran,total,deepening,2019-11-16T17:30:00Z,,`));
  await assertError(await app.request("/v1/events?from=2019-11-20&until=2019-11-01"), 400, "bad-parameter", "until");
  await assertError(await app.request("/v1/events?limit=x"), 400, "bad-parameter", "limit");
  await assertError(await app.request("/v1/events?within=IR"), 400, "bad-parameter", "within");
  await assertError(await app.request("/v1/events?kind=volcano"), 400, "bad-parameter", "kind");
});

test("GET /v1/events/{id}: the event in full with its history, provenance and annotations", { skip: SKIP }, async () => {
  const r = await get(`/v1/events/${iranId}`);
  assert.equal(r.status, 200);
  const event = r.body["event"] as Record<string, unknown>;
  for (const key of ["phases", "timeline", "explanation", "evidence", "provenance", "history", "annotations"]) assert.ok(key in event, key);
  assert.deepEqual((event["history"] as Record<string, unknown>[]).map((h) => [h["seq"], h["state"], h["time"], h["band"]]), [
    [1, "open", "2019-11-16T19:30:00Z", 2], [2, "deepening", "2019-11-16T21:30:00Z", 3], [3, "deepening", "2019-11-19T10:30:00Z", 4],
  ]);
  assert.deepEqual(event["provenance"], [{ signal: "ipobs", source: "import:monash_ipobs_irn-2019-11-11_gif.csv", digest: (event["provenance"] as Record<string, unknown>[])[0]?.["digest"], method: "imported from monash_ipobs_irn-2019-11-11_gif.csv (long-csv)" }]);
  assert.equal((event["timeline"] as Record<string, unknown>[])[0]?.["entity"], "county/IR/Khuzestan/Ahvaz");
  await assertError(await app.request("/v1/events/999999"), 404, "not-found");
  await assertError(await app.request("/v1/events/abc"), 400, "bad-parameter", "id");
});

test("GET /v1/state: Iran in outage with its event; untracked kinds say no-data, never normal", { skip: SKIP }, async () => {
  const countries = await get("/v1/state?kind=country");
  assert.equal(countries.body["time"], "2019-11-20T03:30:00Z");
  assert.deepEqual(countries.body["entities"], [{
    id: "country/IR", name: "Iran", state: "outage", since: "2019-11-16T17:30:00Z",
    value: (countries.body["entities"] as Record<string, unknown>[])[0]?.["value"], baseline: (countries.body["entities"] as Record<string, unknown>[])[0]?.["baseline"],
    signal: "ipobs", eventId: iranId,
  }]);
  const counties = (await get("/v1/state?kind=county")).body["entities"] as Record<string, unknown>[];
  assert.equal(counties.length, 73);
  assert.ok(counties.every((c) => c["state"] === "no-data" && c["since"] === null));
  await assertError(await app.request("/v1/state?kind=planet"), 400, "bad-parameter", "kind");
});

test("writes need a token with scope write (401, 403), a JSON body naming its bad field (400), within the route's limit (413)", { skip: SKIP }, async () => {
  const path = `/v1/events/${iranId}/annotations`;
  const none = await post(path, '{"text":"x"}');
  assert.equal(none.headers.get("www-authenticate"), 'Bearer realm="nightlight"');
  await assertError(none, 401, "unauthorized");
  await assertError(await post(path, '{"text":"x"}', { Authorization: "Bearer nope" }), 401, "unauthorized");
  await assertError(await post(path, '{"text":"x"}', { Authorization: "Bearer probe-token" }), 403, "forbidden");
  await assertError(await post(path, "{not json", WRITER), 400, "bad-parameter", "body");
  await assertError(await post(path, "{}", WRITER), 400, "bad-parameter", "text");
  await assertError(await post(path, '{"text":"x","colour":"red"}', WRITER), 400, "bad-parameter", "colour");
  await assertError(await post(path, JSON.stringify({ text: "x".repeat(20_000) }), WRITER), 413, "payload-too-large");
  await assertError(await post("/v1/events/999999/annotations", '{"text":"x"}', WRITER), 404, "not-found");
  await assertError(await post("/v1/sources", "{}", WRITER), 405, "method-not-allowed");
  const ok = await post(path, JSON.stringify({ text: "Confirmed by our contact in Shiraz: mobile data down since 19:00." }), WRITER);
  assert.equal(ok.status, 201);
  assert.equal(ok.headers.get("access-control-allow-origin"), null, "no CORS on writes");
  const note = ((await ok.json()) as { annotation: Record<string, unknown> }).annotation;
  assert.deepEqual([note["author"], note["time"]], ["desk", "2026-06-01T12:00:00Z"]);
  const event = (await get(`/v1/events/${iranId}`)).body["event"] as Record<string, unknown>;
  assert.deepEqual((event["annotations"] as Record<string, unknown>[]).map((a) => a["text"]), ["Confirmed by our contact in Shiraz: mobile data down since 19:00."]);
  const preflight = await app.request(path, { method: "OPTIONS", headers: { Origin: "https://example.org", "Access-Control-Request-Method": "POST" } });
  assert.doesNotMatch(preflight.headers.get("access-control-allow-methods") ?? "", /POST/);
});

test("webhooks through the API: added (secret returned once), listed without it, alerted like configured ones, deleted", { skip: SKIP }, async () => {
  await assertError(await app.request("/v1/webhooks"), 401, "unauthorized");
  await assertError(await post("/v1/webhooks", JSON.stringify({ url: "file:///etc/passwd", entities: ["country/IR"] }), WRITER), 400, "bad-parameter", "url");
  await assertError(await post("/v1/webhooks", JSON.stringify({ url: "https://example.org/h", entities: [] }), WRITER), 400, "bad-parameter", "entities");
  const added = await post("/v1/webhooks", JSON.stringify({ url: "https://example.org/h", entities: ["country/IR"], within: true }), WRITER);
  assert.equal(added.status, 201);
  const body = (await added.json()) as { webhook: Record<string, unknown>; secret: string };
  assert.match(body.secret, /^[\w-]{43}$/);
  assert.deepEqual([body.webhook["states"], body.webhook["within"], body.webhook["createdBy"]], [["open", "deepening", "closed"], true, "desk"]);
  const listed = (await (await app.request("/v1/webhooks", { headers: WRITER })).json()) as { webhooks: Record<string, unknown>[] };
  assert.equal(listed.webhooks.length, 1);
  assert.equal("secret" in (listed.webhooks[0] ?? {}), false);
  const id = Number(body.webhook["id"]);
  // The tracker's targets now include it, for Iran and its provinces, as a configured webhook.
  const targets = alertTargets(store as Store, undefined);
  assert.deepEqual(targetsFor(targets, "region/IR/Fars", "open").map((t) => t.target), [`api-webhook:${id}`]);
  assert.deepEqual(targetsFor(targets, "country/IQ", "open"), []);
  assert.equal((await post(`/v1/webhooks/${id}`, "", WRITER, "DELETE")).status, 200);
  assert.deepEqual(alertTargets(store as Store, undefined), [], "deleted: no longer alerted");
  await assertError(await post(`/v1/webhooks/${id}`, "", WRITER, "DELETE"), 404, "not-found");
  const readOnly = createApp({ store: store as Store, tokens: TOKENS });
  await assertError(await readOnly.request("/v1/webhooks", { method: "POST", body: "{}", headers: WRITER }), 503, "unavailable");
});

/** Mulberry32, so that the fuzz is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("over the socket: writes and reads of events, then 400 fixed-seed write requests, no 5xx and no stack or path", { skip: SKIP }, async () => {
  const r = await fetch(`${base}/v1/events/${iranId}/annotations`, { method: "POST", headers: { ...WRITER, "Content-Type": "application/json" }, body: '{"text":"over the socket","author":"Reporter"}' });
  assert.equal(r.status, 201);
  const big = await fetch(`${base}/v1/webhooks`, { method: "POST", headers: { ...WRITER, "Content-Type": "application/json" }, body: "x".repeat(10_000) });
  assert.equal(big.status, 413);
  const list = (await (await fetch(`${base}/v1/events?entity=country/IR`)).json()) as { events: { id: number }[] };
  assert.equal(list.events[0]?.id, iranId);
  const rnd = mulberry32(20191116);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const paths = [`/v1/events/${iranId}/annotations`, "/v1/events/0/annotations", "/v1/events/x/annotations", "/v1/webhooks", "/v1/webhooks/1", "/v1/webhooks/abc", "/v1/events", "/v1/sources", "/v2/outages/alerts"];
  const bodies = ["", "{", "[]", "null", '{"text":""}', '{"text":"ok"}', '{"text":1}', '{"url":"http://127.0.0.1:9/x","entities":["country/IR"]}', '{"url":"javascript:alert(1)","entities":["x"]}',
    `{"text":"${"é".repeat(5000)}"}`, '{"entities":["country/IR","../../etc"],"url":"https://a"}', '{"__proto__":{"x":1}}', '{"text":"\\u0000"}', "x".repeat(3000)];
  const auth = [undefined, "Bearer writer-token", "Bearer probe-token", "Bearer ", "Basic d3JpdGVy", `Bearer ${"a".repeat(600)}`];
  for (let i = 0; i < 400; i++) {
    const method = pick(["POST", "DELETE", "PUT", "PATCH", "POST"]);
    const authorization = pick(auth);
    const res = await fetch(`${base}${pick(paths)}`, {
      method, ...(method === "DELETE" && rnd() < 0.5 ? {} : { body: pick(bodies) }),
      headers: { "Content-Type": pick(["application/json", "text/plain", "application/x-www-form-urlencoded"]), ...(authorization === undefined ? {} : { Authorization: authorization }) },
    });
    const text = await res.text();
    assert.ok(res.status < 500, `${method} ${res.status} ${text.slice(0, 200)}`);
    assert.doesNotMatch(text, /\n\s+at |\.ts:\d|\.js:\d|node_modules|\/work\/|\/tmp\/|file:\/\//);
  }
  assert.deepEqual(internal, [], "no internal error");
});
