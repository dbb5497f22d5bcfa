/**
 * A replay killed with SIGKILL in the middle of a run loses nothing it committed: the
 * store opens, the next run resumes after the committed bins, and the end result is
 * the same as that of a run never interrupted. The kill comes at a known point: when
 * the child asks the local archive server for the second updates file.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openStore } from "../src/store/open-store.ts";
import { runCli } from "./run-cli.ts";
import { REPO_ROOT, shared, sharedDataMissing } from "./shared-data.ts";

const SKIP = sharedDataMissing() ?? false;
const dir = mkdtempSync(join(tmpdir(), "nightlight-replay-kill-"));
const month = join(dir, "archive", "rrc00", "2002.07");
const WINDOW = ["--collector", "rrc00", "--full-feed-v4", "100000", "--from", "2002-07-22T23:55Z", "--until", "2002-07-23T00:10Z", "--kinds", "country,asn"];
let server: Server | undefined;
let base = "";
/** Called when a file is requested; may hold the response back by returning false. */
let onRequest: (path: string) => boolean = () => true;

before(async () => {
  if (SKIP !== false) return;
  mkdirSync(month, { recursive: true });
  copyFileSync(shared("mrt/bgpdump/test_data/bview.20020722.2337.gz"), join(month, "bview.20020723.0000.gz"));
  copyFileSync(shared("mrt/bgpdump/test_data/updates.20020722.2238.gz"), join(month, "updates.20020723.0000.gz"));
  copyFileSync(shared("mrt/bgpdump/test_data/updates.20020722.2238.gz"), join(month, "updates.20020723.0005.gz"));
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname).slice(1);
    const file = join(dir, "archive", path);
    if (!onRequest(path)) return; // never answered: the client is killed meanwhile
    if (path.includes("..") || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200).end(readFileSync(file));
  });
  await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(() => {
  server?.closeAllConnections();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Row = readonly [string, string, number, number | null];

function rows(db: string): Row[] {
  const store = openStore(db, { readonly: true });
  try {
    const out: Row[] = [];
    for (const s of store.listSignals()) {
      const series = store.getSeries({ entity: s.entity, signal: s.signal, from: s.first, until: s.last + 300_000, stepMs: 300_000 });
      series.values.forEach((v, i) => {
        out.push([s.entity, s.signal, series.start + i * 300_000, v]);
      });
    }
    return out;
  } finally {
    store.close();
  }
}

test("a replay killed mid-run keeps its committed bins, and the next run resumes to the same result", { skip: SKIP }, async () => {
  // The reference: one run, never interrupted.
  const clean = join(dir, "clean.db");
  const reference = await runCli(["replay", ...WINDOW, "--archive", base, "--cache", join(dir, "cache-clean"), "--db", clean]);
  assert.equal(reference.code, 0, reference.stderr);

  // The same run in a child process, killed when it asks for the second updates file.
  const killed = join(dir, "killed.db");
  const child = spawn(process.execPath, [join(REPO_ROOT, "bin", "nightlight.js"), "replay", ...WINDOW, "--archive", base, "--cache", join(dir, "cache-killed"), "--db", killed], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  onRequest = (path) => {
    if (!path.endsWith("updates.20020723.0005.gz")) return true;
    child.kill("SIGKILL");
    return false;
  };
  const signal = await new Promise<NodeJS.Signals | null>((done) => child.on("exit", (_code, sig) => done(sig)));
  onRequest = () => true;
  assert.equal(signal, "SIGKILL", `the child ended before the kill: ${stderr}`);

  // What it committed is there and whole; nothing of the bin it was working on is.
  const partial = rows(killed);
  const complete = rows(clean);
  assert.ok(partial.length < complete.length, `${partial.length} rows after the kill, ${complete.length} in a full run`);
  const times = new Set(partial.map((r) => r[2]));
  // Files are read in bin order, so the two bins before the second updates file are in.
  assert.deepEqual([...times].sort().map((t) => new Date(t).toISOString()), ["2002-07-22T23:55:00.000Z", "2002-07-23T00:00:00.000Z"]);
  for (const t of times) {
    assert.deepEqual(partial.filter((r) => r[2] === t), complete.filter((r) => r[2] === t), `bin ${new Date(t).toISOString()}`);
  }

  // The next run resumes and ends where the clean run ended.
  const resumed = await runCli(["replay", ...WINDOW, "--archive", base, "--cache", join(dir, "cache-killed"), "--db", killed]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout + resumed.stderr, /Resuming at 2002-07-23T00:05Z/);
  assert.deepEqual(rows(killed), complete);
});
