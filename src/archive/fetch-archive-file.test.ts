import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { fetchArchiveFile } from "./fetch-archive-file.ts";

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return dir;
}
const SAMPLE = join(repoRoot(), "..", "shared", "data", "mrt", "bgpdump", "test_data", "updates.20020722.2238.gz");
const NO_SHARED = existsSync(SAMPLE) ? false : `../shared/data is absent (looked for ${SAMPLE})`;
const REL = "rrc00/2002.07/updates.20020722.2235.gz";

const dir = mkdtempSync(join(tmpdir(), "nightlight-archive-"));
const archive = join(dir, "archive");
let server: Server;
let base = "";
const hits = new Map<string, number>();

before(async () => {
  if (NO_SHARED !== false) return;
  mkdirSync(join(archive, "rrc00", "2002.07"), { recursive: true });
  copyFileSync(SAMPLE, join(archive, REL));
  // Serves the folder like a RIS mirror; /flaky/… fails twice with 503 first.
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname).slice(1);
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    const real = path.startsWith("flaky/") ? path.slice("flaky/".length) : path;
    if (path.startsWith("flaky/") && n <= 2) {
      res.writeHead(503).end("busy");
      return;
    }
    const file = join(archive, real);
    if (real.includes("..") || !existsSync(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": "application/octet-stream", etag: '"abc"' }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("fetchArchiveFile() downloads over http into the cache, atomically, then serves it from the cache", { skip: NO_SHARED }, async () => {
  const cacheDir = join(dir, "cache1");
  const first = await fetchArchiveFile(base, REL, { cacheDir });
  assert.equal(first.status, "ok");
  assert.ok(first.status === "ok");
  assert.equal(first.fromCache, false);
  assert.equal(first.etag, '"abc"');
  assert.deepEqual(readFileSync(first.path), readFileSync(SAMPLE));
  assert.deepEqual(readdirSync(dirname(first.path)), ["updates.20020722.2235.gz"]); // no .part left
  const second = await fetchArchiveFile(base, REL, { cacheDir });
  assert.ok(second.status === "ok" && second.fromCache && second.path === first.path);
  assert.equal(hits.get(REL), 1);
});

test("fetchArchiveFile() reports a 404 as missing, not as an error", { skip: NO_SHARED }, async () => {
  const result = await fetchArchiveFile(base, "rrc00/2002.07/updates.20020722.2240.gz", { cacheDir: join(dir, "cache2"), baseDelayMs: 1 });
  assert.deepEqual(result, { status: "missing", source: `${base}rrc00/2002.07/updates.20020722.2240.gz` });
});

test("fetchArchiveFile() retries a 503 twice and then succeeds", { skip: NO_SHARED }, async () => {
  const retries: string[] = [];
  const result = await fetchArchiveFile(`${base}flaky/`, REL, { cacheDir: join(dir, "cache3"), baseDelayMs: 1, onRetry: (n, why) => retries.push(`${n}: ${why}`) });
  assert.equal(result.status, "ok");
  assert.deepEqual(retries, ["1: HTTP 503 Service Unavailable", "2: HTTP 503 Service Unavailable"]);
  assert.equal(hits.get(`flaky/${REL}`), 3);
});

test("fetchArchiveFile() names the URL and the cause when nothing listens", async () => {
  const closed = createServer();
  await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((done) => closed.close(() => done()));
  await assert.rejects(fetchArchiveFile(`http://127.0.0.1:${port}/`, REL, { cacheDir: join(dir, "cache4"), retries: 2, baseDelayMs: 1 }), {
    name: "SourceError",
    message: new RegExp(`^Cannot read http://127\\.0\\.0\\.1:${port}/${REL.replaceAll(".", "\\.")}: unreachable after 3 attempts \\(last: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)`),
  });
});

test("fetchArchiveFile() reads a local folder in place and reports a missing file", { skip: NO_SHARED }, async () => {
  const found = await fetchArchiveFile(archive, REL);
  assert.ok(found.status === "ok" && found.path === join(archive, REL) && found.size > 0);
  assert.equal((await fetchArchiveFile(archive, "rrc00/2002.07/bview.20020722.0000.gz")).status, "missing");
  await assert.rejects(fetchArchiveFile(archive, "../secret"), TypeError);
});
