/**
 * `nightlight serve` as a child process on 127.0.0.1 (an ephemeral port) over a store
 * built here from real data: Monash IP Observatory's hourly index of Iran, November
 * 2019 (../shared/data/outages, see test/monash-iran-2019.test.ts). Then a fixed-seed
 * fuzz of query strings and paths, in-process and over the socket: no 5xx, and no
 * stack trace or file path in any body.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { request } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createApp } from "../src/api/create-app.ts";
import { openStore } from "../src/store/open-store.ts";
import { runCli } from "./run-cli.ts";
import { REPO_ROOT, shared, sharedDataMissing } from "./shared-data.ts";

const SKIP = sharedDataMissing() ?? false;
const dir = mkdtempSync(join(tmpdir(), "nightlight-serve-"));
const db = join(dir, "monash.db");
let child: ChildProcess | undefined;
let base = "";
let stderr = "";

before(async () => {
  if (SKIP !== false) return;
  const r = await runCli([
    "import", shared("outages", "monash_ipobs_irn-2019-11-11_gif.csv"), "--db", db, "--time-column", "time_e", "--local-epoch",
    "--time-zone", "+03:30", "--value-column", "connectivity", "--signal", "ipobs", "--entity-template", "county/IR/{name_1}/{name_2}",
    "--rollup", "region/IR/{name_1}", "--rollup", "country/IR",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const proc = spawn(process.execPath, [join(REPO_ROOT, "bin", "nightlight.js"), "serve", "--db", db, "--port", "0", "--host", "127.0.0.1", "--read-only"], { stdio: ["ignore", "ignore", "pipe"] });
  child = proc;
  base = await new Promise<string>((resolve, reject) => {
    proc.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stderr)?.[0];
      if (url !== undefined) resolve(url);
    });
    proc.once("exit", (code) => reject(new Error(`serve exited with ${String(code)}: ${stderr}`)));
  });
});

after(() => {
  if (child !== undefined && child.exitCode === null) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** A GET over the socket with a body (fetch refuses one on GET). */
function getWithBody(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", headers: { "Content-Length": Buffer.byteLength(body) } }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("serve says what it serves: the URL, the store and its 104 series", { skip: SKIP }, () => {
  assert.match(stderr, /serving .*monash\.db \(104 series, read-only\)/);
});

test("over the socket: the 2019 Iran blackout through IODA's and Nightlight's routes", { skip: SKIP }, async () => {
  // 16 Nov 2019 00:00 to 18 Nov 00:00 UTC.
  const raw = (await (await fetch(`${base}v2/signals/raw/country/IR?from=1573862400&until=1574035200&datasource=ipobs`)).json()) as { data: { from: number; step: number; values: number[] }[][] };
  const series = raw.data[0]?.[0];
  assert.equal(series?.from, 1573864200, "the first :30 hour of Monash's grid");
  assert.equal(series?.step, 3600);
  // 66.8 at 17:30 UTC, 15.5 at 18:30 UTC (test/monash-iran-2019.test.ts).
  assert.equal(series?.values[17]?.toFixed(1), "66.8");
  assert.equal(series?.values[18]?.toFixed(1), "15.5");
  const events = (await (await fetch(`${base}v1/verdict?entity=country/IR&from=2019-11-16&until=2019-11-20`)).json()) as { verdict: string; events: { start: string; kind: string }[] };
  assert.equal(events.verdict, "outage");
  assert.equal(events.events[0]?.start, "2019-11-16T17:30:00.000Z");
  const summary = (await (await fetch(`${base}v2/outages/summary?from=1573862400&until=1574208000&entityType=region&limit=3`)).json()) as { data: { event_cnt: number }[] };
  assert.equal(summary.data.length, 3);
  const fars = await fetch(`${base}v1/series/region/IR/Fars/ipobs?from=2019-11-16T16:30Z&until=2019-11-16T18:30Z&format=csv`);
  // Fars province mean 38.7 at 16:30 UTC (test/monash-iran-2019.test.ts), falling after it.
  const rows = (await fars.text()).trim().split("\r\n").map((line) => line.split(","));
  assert.deepEqual(rows.map((r) => r[0]), ["time", "2019-11-16T16:30:00Z", "2019-11-16T17:30:00Z"]);
  assert.equal(Number(rows[1]?.[3]).toFixed(1), "38.7");
  assert.ok(Number(rows[2]?.[3]) < 38.7);
  const tooBig = await getWithBody(`${base}v1/sources`, "x".repeat(5000));
  assert.equal(tooBig.status, 413);
  assert.equal((JSON.parse(tooBig.text) as { code: string }).code, "payload-too-large");
});

/** Mulberry32: a small seeded generator, so that the fuzz is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` request paths from seed `seed`: real routes with random, hostile or valid parameters. */
function fuzzPaths(seed: number, n: number): string[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const paths = ["/v2/signals/raw/country/IR", "/v2/signals/raw/region/IR%2FFars", "/v2/signals/raw/geoasn/1-IR", "/v2/signals/raw/asn/", "/v2/entities/query", "/v2/datasources",
    "/v2/datasources/ipobs", "/v2/outages/events", "/v2/outages/summary", "/v1/series/country/IR/ipobs", "/v1/series/region/IR/Fars/ipobs", "/v1/series/x/y",
    "/v1/entities", "/v1/sources", "/v1/events", "/v1/verdict", "/v1/events/1", "/v1/events/99999999999999", "/v1/state", "/v1/webhooks",
    "/v1/events/1/annotations", "/v2/outages/alerts", "/openapi.json", "/", "/v2", "/v1/series", "/v1/charts/country/IR", "/v1/charts/region/IR/Fars", "/charts/country/IR.png", "/charts/region/IR%2FFars.png", "/charts/geoasn/1-IR.png", "/charts/country/.png", "/../../etc/passwd", "/v2/signals/raw/country/IR/../../x", "/%00", "/%E0%A4%A"];
  const keys = ["width", "height", "theme", "lang", "tz", "chart", "event", "signal", "from", "until", "datasource", "maxPoints", "format", "entity", "entityType", "entityCode", "search", "relatedTo", "limit", "page", "orderBy", "step", "includeAlerts", "kind", "within", "sourceParams", "extendWindow", "overall", "ongoing", "source", "id"];
  const values = ["", "0", "-1", "1573862400", "1574035200", "1574467200", "2147483648", "99999999999999999999", "1e9", "NaN", "2019-11-16", "2019-11-16T17:30Z", "2019-11-16T17:30",
    "country/IR", "region/IR/Fars", "county", "geoasn", "asn", "csv", "json", "ioda", "codf", "ipobs", "bgp", "%", "%25", "%00", "' OR 1=1 --", "<script>", "score/desc", "a/b/c", "\u202e", "🙂", "x".repeat(300)];
  return Array.from({ length: n }, () => {
    const params = Array.from({ length: Math.floor(rnd() * 6) }, () => `${pick(keys)}=${encodeURIComponent(pick(values))}`);
    // Sometimes a valid window, so that the handlers run to the end.
    if (rnd() < 0.3) params.push("from=1573862400", "until=1574035200", "entity=country/IR", "entityType=country", "entityCode=IR");
    return `${pick(paths)}${params.length > 0 ? `?${params.join("&")}` : ""}`;
  });
}

/** Asserts a fuzz response: no 5xx, JSON or CSV, and nothing of the server's insides. */
function checkFuzz(path: string, status: number, text: string): void {
  assert.ok(status < 500, `${path}: ${status} ${text.slice(0, 200)}`);
  assert.doesNotMatch(text, /\n\s+at |\.ts:\d|\.js:\d|node_modules|\/work\/|\/tmp\/|file:\/\//, path);
}

test("fuzz: 3000 fixed-seed paths and query strings in-process give no 5xx and no stack or path", { skip: SKIP }, async () => {
  const store = openStore(db, { readonly: true });
  const internal: unknown[] = [];
  const app = createApp({ store }, { onInternalError: (e) => internal.push(e) });
  try {
    for (const path of fuzzPaths(20191116, 3000)) {
      const r = await app.request(path);
      checkFuzz(path, r.status, await r.text());
    }
  } finally {
    store.close();
  }
  assert.deepEqual(internal, []);
});

/** A GET on a connection of its own (no pooled keep-alive socket the server may have timed out). */
function getFresh(url: URL): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}

// fetch() pools keep-alive sockets and drops a `Connection: close` header; a socket left
// idle through the in-process fuzz above outlived the server's keep-alive timeout and was
// reused as the server closed it ("other side closed"), a client-side race. Each request
// here has a connection of its own, so what is tested is the server's answer.
test("fuzz: 300 of them over the socket give no 5xx and no stack or path", { skip: SKIP }, async () => {
  for (const path of fuzzPaths(4242, 300)) {
    const r = await getFresh(new URL(path, base)).catch((error: unknown) => {
      throw new Error(`${path}: ${String(error)}; serve's stderr: ${stderr}; exit ${String(child?.exitCode)}`);
    });
    checkFuzz(path, r.status, r.text);
  }
});

test("SIGTERM stops serve with exit code 0", { skip: SKIP }, async () => {
  const proc = child;
  assert.ok(proc !== undefined);
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  proc.kill("SIGTERM");
  assert.equal(await exited, 0);
  assert.match(stderr, /stopped \(SIGTERM\)/);
});
