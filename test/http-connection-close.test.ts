/**
 * Reading MRT over HTTP from a server that closes the connection after each response
 * (`Connection: close`, as Python's `http.server` does), through the real code paths:
 * openInput(url) (what `mrt stats http://…` reads) and fetchArchiveFile() (what replay
 * downloads into its cache).
 *
 * Regression test for issue 7, defect 7: on Node 24.21 the global fetch (its bundled
 * undici) killed the process with an uncaught `AssertionError: assert(!this.paused)`
 * when the socket ended while a slow reader had paused the body, in about half of the
 * runs of a multi-megabyte file, leaving a `.part` file in the cache. The server runs in
 * a child process so that it sends the whole body and closes while this process is
 * still busy decoding, which is what a real server does. Run this file under Node 24
 * (CI does) to exercise the crash; Node 20's bundled undici did not crash.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { fetchArchiveFile } from "../src/archive/fetch-archive-file.ts";
import { SourceError } from "../src/model/errors.ts";
import { MrtStatsCollector } from "../src/mrt/mrt-stats.ts";
import type { MrtStats } from "../src/mrt/mrt-stats.ts";
import { openMrt } from "../src/mrt/open-mrt.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const SKIP = sharedDataMissing() ?? false;

/** Real, complete MRT files (gzip and bzip2, 11 KB to 3.1 MB) under ../shared/data/mrt. */
const FILES = [
  "bgpdump/test_data/updates.et-header.2015.gz",
  "bgpdump/test_data/bview.20020722.2337.gz",
  "bgpdump/test_data/updates.20070211.0141.gz",
  "samples/libbgpstream_ris.rrc06.updates.1427846400.gz",
  "samples/ryu_updates.20161101.0000.bz2",
];

/**
 * The server, run by a child Node process: serves `/ok/<path>` from the folder in
 * argv[1] with `Connection: close` and a Content-Length, `/cut/<path>` sends the same
 * headers but only half the body and then drops the connection, `/fail/<path>` answers
 * 500. It prints its port on the first line of stdout.
 */
const SERVER = `
const { createServer } = require("node:http");
const { existsSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const root = process.argv[1];
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname).slice(1);
  const mode = path.slice(0, path.indexOf("/"));
  const rel = path.slice(mode.length + 1);
  res.setHeader("connection", "close");
  if (mode === "fail") return void res.writeHead(500).end("broken");
  const file = join(root, rel);
  if (rel.includes("..") || !existsSync(file)) return void res.writeHead(404).end("not found");
  const bytes = readFileSync(file);
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
  if (mode === "cut") return void res.write(bytes.subarray(0, bytes.length >> 1), () => res.destroy());
  res.end(bytes);
});
server.listen(0, "127.0.0.1", () => process.stdout.write(server.address().port + "\\n"));
`;

const dir = mkdtempSync(join(tmpdir(), "nightlight-http-close-"));
let child: ChildProcess | undefined;
let base = "";

before(async () => {
  if (SKIP !== false) return;
  const server = spawn(process.execPath, ["-e", SERVER, shared("mrt")], { stdio: ["ignore", "pipe", "inherit"] });
  child = server;
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    server.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (out.includes("\n")) resolve(out.trim());
    });
    server.once("exit", (code) => reject(new Error(`the test server exited with status ${code} before listening`)));
  });
  base = `http://127.0.0.1:${port}/`;
});
after(() => {
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** Stats of an MRT file or URL, read with the real reader (the consumer is slow: it decodes every element). */
async function statsOf(source: string): Promise<{ stats: MrtStats; bytes: number }> {
  const mrt = await openMrt(source);
  const collector = new MrtStatsCollector();
  for await (const batch of mrt.batches()) collector.add(batch);
  return { stats: collector.result(), bytes: mrt.bytesRead };
}

/** Every file under `root`, as paths relative to it. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

test("openInput() reads real MRT files from a Connection: close server exactly as from disk", { skip: SKIP }, async () => {
  // Several rounds: before the fix, Node 24 crashed in about half of the reads of a large file.
  for (let round = 0; round < 3; round++) {
    for (const file of FILES) {
      const local = await statsOf(shared("mrt", file));
      const remote = await statsOf(`${base}ok/${file}`);
      assert.ok(local.stats.elements.A > 0, `${file} has announcements`);
      assert.deepEqual(remote, local, `${file}, round ${round}`);
    }
  }
});

test("openInput() reports a body cut short by the server as an error after the bytes that came", { skip: SKIP }, async () => {
  const url = `${base}cut/${FILES[0]}`;
  const read = await statsOf(shared("mrt", FILES[0] ?? ""));
  await assert.rejects(statsOf(url), (error: unknown) => {
    // The MRT reader reports the record the cut falls in, naming the cause.
    assert.ok(error instanceof Error, String(error));
    assert.match(error.message, new RegExp(`Cannot read ${url.replaceAll(".", "\\.")}: aborted \\(ECONNRESET\\)$`));
    const at = /at byte (\d+)/.exec(error.message);
    assert.ok(at !== null && Number(at[1]) > 0 && Number(at[1]) < read.bytes, error.message);
    return true;
  });
});

test("fetchArchiveFile() downloads real MRT files from a Connection: close server byte for byte", { skip: SKIP }, async () => {
  const cacheDir = join(dir, "cache-ok");
  for (const file of FILES) {
    const found = await fetchArchiveFile(`${base}ok/`, file, { cacheDir, retries: 0 });
    assert.ok(found.status === "ok" && !found.fromCache, `${file}: ${JSON.stringify(found)}`);
    assert.deepEqual(readFileSync(found.path), readFileSync(shared("mrt", file)), file);
    assert.deepEqual(await statsOf(found.path), await statsOf(shared("mrt", file)), file);
  }
  const host = new URL(base).host.replace(":", "_");
  assert.deepEqual(filesUnder(cacheDir), FILES.map((f) => join(host, f)).sort(), "the files and no .part");
});

test("fetchArchiveFile() leaves no .part file when the body is cut short or the server fails", { skip: SKIP }, async () => {
  const cacheDir = join(dir, "cache-fail");
  for (const mode of ["cut", "fail"]) {
    await assert.rejects(fetchArchiveFile(`${base}${mode}/`, FILES[0] ?? "", { cacheDir, retries: 1, baseDelayMs: 1 }), (error: unknown) => {
      assert.ok(error instanceof SourceError, String(error));
      const last = mode === "cut" ? /last: download interrupted: aborted \(ECONNRESET\)/ : /last: HTTP 500 Internal Server Error/;
      assert.match(error.message, last);
      return true;
    });
  }
  assert.deepEqual(filesUnder(cacheDir), [], "nothing cached, no .part left");
});

test("fetchArchiveFile() removes a .part file left by a dead process and keeps a live one's", { skip: SKIP }, async () => {
  const cacheDir = join(dir, "cache-stale");
  const file = FILES[3] ?? "";
  const target = join(cacheDir, new URL(base).host.replace(":", "_"), file);
  mkdirSync(dirname(target), { recursive: true });
  // Linux pids stay below 2^22 (pid_max): this one never runs.
  const dead = `${target}.999999999.1700000000000.part`;
  const live = `${target}.${process.pid}.1700000000000.part`;
  writeFileSync(dead, "half a download");
  writeFileSync(live, "a download under way");
  const found = await fetchArchiveFile(`${base}ok/`, file, { cacheDir, retries: 0 });
  assert.ok(found.status === "ok");
  assert.equal(existsSync(dead), false);
  assert.equal(existsSync(live), true);
});
