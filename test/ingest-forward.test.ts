/**
 * Store and forward through the real API on loopback: a probe's outbox forwards its
 * reports to POST /v1/ingest/bins with a token; the observatory stores each bin once,
 * refuses what a probe may not write, and nothing pending is lost while it is down.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { serve, type ServerType } from "@hono/node-server";
import { createApp } from "../src/api/create-app.ts";
import type { HttpToken } from "../src/service/http-tokens-config.ts";
import type { ReportedBins } from "../src/model/reported-bins.ts";
import { forwardReports } from "../src/service/forward-reports.ts";
import { postJson } from "../src/service/post-json.ts";
import { openStore } from "../src/store/open-store.ts";
import { ReportOutbox } from "../src/store/report-outbox.ts";

const dir = mkdtempSync(join(tmpdir(), "nightlight-ingest-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = "probe-token-1";
const tokens: HttpToken[] = [
  { name: "lab-probe", sha256: createHash("sha256").update(TOKEN).digest("hex"), scopes: ["ingest"] },
  { name: "editor", sha256: createHash("sha256").update("editor-token").digest("hex"), scopes: ["write"] },
];
const T0 = Date.UTC(2026, 11, 7, 12, 0, 0);

function report(i: number, extra: Partial<ReportedBins> = {}): ReportedBins {
  return {
    source: { name: "inside:lab-isp", parameters: { targets: 8 }, methods: { "inside-domestic": "share of domestic targets reached" } },
    entities: [{ id: "country/XL", kind: "country", name: "Labland", parent: null }],
    bins: [{ time: T0 + i * 10_000, stepMs: 10_000, values: [{ entity: "country/XL", signal: "inside-domestic", value: 75 }], provenance: { round: i } }],
    ...extra,
  };
}

async function observatory(file: string): Promise<{ url: string; server: ServerType; close(): Promise<void> }> {
  const store = openStore(file);
  const app = createApp({ store, writeStore: store, tokens });
  const { server, address } = await new Promise<{ server: ServerType; address: AddressInfo }>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (a) => resolve({ server: s, address: a }));
  });
  return {
    url: `http://127.0.0.1:${address.port}`, server,
    close: () => new Promise<void>((resolve) => server.close(() => {
      store.close();
      resolve();
    })),
  };
}

test("forwarded reports are stored once each; a resent bin is acknowledged as a duplicate", async () => {
  const obs = await observatory(join(dir, "a.db"));
  const outbox = ReportOutbox.open(join(dir, "a-outbox.db"));
  try {
    for (let i = 0; i < 3; i++) outbox.add(`r${i}`, JSON.stringify(report(i)));
    const pass = await forwardReports(outbox, { url: obs.url, token: TOKEN });
    assert.deepEqual(pass, { forwarded: 3, refused: 0, pending: 0 });
    const again = await postJson(`${obs.url}/v1/ingest/bins`, JSON.stringify(report(1)), { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(again.status, 200);
    assert.deepEqual(JSON.parse(again.body).duplicates, 1);
    const series = await fetchJson(`${obs.url}/v1/series/country/XL/inside-domestic?from=${T0 / 1000}&until=${T0 / 1000 + 30}&detail=bins`);
    assert.deepEqual(series.points.map((p: { value: number }) => p.value), [75, 75, 75]);
    assert.equal(series.bins.length, 3);
  } finally {
    outbox.close();
    await obs.close();
  }
});

test("a missing, unknown or unscoped token and a report a probe may not write are refused", async () => {
  const obs = await observatory(join(dir, "b.db"));
  try {
    const url = `${obs.url}/v1/ingest/bins`;
    const body = JSON.stringify(report(0));
    assert.equal((await postJson(url, body)).status, 401);
    assert.equal((await postJson(url, body, { headers: { authorization: "Bearer nope" } })).status, 401);
    assert.equal((await postJson(url, body, { headers: { authorization: "Bearer editor-token" } })).status, 403);
    const bgp = await postJson(url, JSON.stringify(report(0, { source: { name: "bgp:rrc00", parameters: {}, methods: {} } })), { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(bgp.status, 400);
    assert.match(JSON.parse(bgp.body).error, /must be probing:NAME or inside:NAME/);
    const bad = report(0);
    const offGrid = { ...bad, bins: [{ ...bad.bins[0], time: T0 + 1 }] };
    const off = await postJson(url, JSON.stringify(offGrid), { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(off.status, 400);
    assert.match(JSON.parse(off.body).error, /bins\[0\]\.time .* on the bin's grid/);
    // Reads stay read-only: no other POST is taken; a token of scope ingest writes nothing else.
    assert.equal((await postJson(`${obs.url}/v1/webhooks`, "{}", { headers: { authorization: `Bearer ${TOKEN}` } })).status, 403);
    assert.equal((await postJson(`${obs.url}/v1/entities`, "{}", { headers: { authorization: `Bearer ${TOKEN}` } })).status, 405);
  } finally {
    await obs.close();
  }
});

test("a server that serves its store read-only answers 503 to a report and stores nothing", async () => {
  const file = join(dir, "d.db");
  openStore(file).close();
  const store = openStore(file, { readonly: true });
  try {
    const app = createApp({ store, tokens });
    const res = await app.request("/v1/ingest/bins", { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(report(0)) });
    assert.equal(res.status, 503);
    assert.deepEqual(store.listSources().filter((s) => s.name.startsWith("inside:")), []);
  } finally {
    store.close();
  }
});

test("while the observatory is down nothing is lost; once it is back everything arrives once", async () => {
  const outbox = ReportOutbox.open(join(dir, "c-outbox.db"));
  try {
    for (let i = 0; i < 4; i++) outbox.add(`r${i}`, JSON.stringify(report(i)));
    // A port nothing listens on: the pass stops and keeps every report.
    const down = await forwardReports(outbox, { url: "http://127.0.0.1:9", token: TOKEN, timeoutMs: 2000 });
    assert.equal(down.forwarded, 0);
    assert.equal(down.pending, 4);
    assert.match(down.stopped ?? "", /cannot reach/);
    const obs = await observatory(join(dir, "c.db"));
    try {
      assert.equal((await forwardReports(outbox, { url: obs.url, token: TOKEN })).forwarded, 4);
      assert.equal(outbox.counts().pending, 0);
    } finally {
      await obs.close();
    }
  } finally {
    outbox.close();
  }
});

async function fetchJson(url: string): Promise<{ points: { value: number }[]; bins: unknown[] }> {
  const { get } = await import("node:http");
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => {
        text += d.toString();
      });
      res.on("end", () => resolve(JSON.parse(text)));
    }).on("error", reject);
  });
}
