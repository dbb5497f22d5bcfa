/**
 * `nightlight serve` as a real child process on loopback, over a local HTTP server in the
 * RIS layout holding real 2002 RIS files under the names of 2002-07-23 (as
 * test/serve-ingest.test.ts), with NIGHTLIGHT_CLOCK making 2002-07-23T00:30Z "now":
 *
 * - it backfills, and /v1/sources gives each source's health beside the sources;
 * - `kill -9` during the backfill: after a restart nothing is lost or duplicated, and
 *   the ingest resumes after the last stored bin, to the figures of `nightlight replay`;
 * - with its archive unreachable it starts anyway, serves what the store holds, and says
 *   since when the source is unreachable, with the last error and the next retry;
 * - a fixed window of a local folder (--archive DIR --from --until) is ingested and served.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openStore } from "../src/store/open-store.ts";
import { ArchiveServer } from "./archive-server.ts";
import { runCli } from "./run-cli.ts";
import { REPO_ROOT, shared, sharedDataMissing } from "./shared-data.ts";

const SKIP = sharedDataMissing() ?? false;
const dir = mkdtempSync(join(tmpdir(), "nightlight-serve-cli-"));
const archive = join(dir, "archive");
const month = join(archive, "rrc00", "2002.07");
const BIN = 300_000;
const T = (hhmm: string): number => Date.parse(`2002-07-23T${hhmm}Z`);
const OPTIONS = ["--collector", "rrc00", "--full-feed-v4", "100000", "--kinds", "country,asn"];
/** 2002-07-23T00:30Z as now, the clock at its real speed (nothing here waits for the clock). */
const CLOCK = { NIGHTLIGHT_CLOCK: "2002-07-23T00:30Z@1" };
const server = new ArchiveServer(archive);
const children: ChildProcess[] = [];

before(async () => {
  if (SKIP !== false) return;
  mkdirSync(month, { recursive: true });
  copyFileSync(shared("mrt/bgpdump/test_data/bview.20020722.2337.gz"), join(month, "bview.20020723.0000.gz"));
  for (const hhmm of ["0000", "0005", "0010", "0015", "0020"]) copyFileSync(shared("mrt/bgpdump/test_data/updates.20020722.2238.gz"), join(month, `updates.20020723.${hhmm}.gz`));
  // 36 minutes back from 00:30: the backfill starts at the RIB of 00:00 (the bin 23:55).
  writeFileSync(join(dir, "config.json"), JSON.stringify({ sources: { backfillHours: 0.6, retries: 0 } }));
  await server.listen();
});
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  void server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A serve child: its URL once it listens, its stderr so far, and its exit. */
interface Serve {
  readonly child: ChildProcess;
  readonly url: string;
  stderr(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startServe(args: readonly string[], env: Record<string, string> = CLOCK): Promise<Serve> {
  const child = spawn(process.execPath, [join(REPO_ROOT, "bin", "nightlight.js"), "serve", "--port", "0", ...args], {
    stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env },
  });
  children.push(child);
  let stderr = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on("exit", (code, signal) => done({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(stderr)?.[0];
      if (found !== undefined) resolve(found);
    });
    void exited.then(({ code }) => reject(new Error(`serve exited with ${String(code)}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exited };
}

interface Health {
  id: string;
  state: string;
  since: string;
  lastSuccess: string | null;
  lastError: { at: string; message: string } | null;
  nextRetry: string | null;
  backfill: { done: number; total: number } | null;
  binsBehind: number | null;
  lastBin: string | null;
  feeds: string | null;
}

async function sources(url: string): Promise<{ sources: { name: string; methods: unknown[] }[]; health: Health[] }> {
  return (await (await fetch(`${url}v1/sources`)).json()) as { sources: { name: string; methods: unknown[] }[]; health: Health[] };
}

/** Polls /v1/sources until `condition` holds of the health entries. */
async function waitHealth(url: string, condition: (h: Health[]) => boolean, what: string, serve?: Serve): Promise<Health[]> {
  const end = Date.now() + 90_000;
  let last: Health[] = [];
  for (;;) {
    last = (await sources(url)).health;
    if (condition(last)) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}; ${serve?.stderr() ?? ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Row = readonly [string, string, number, number | null];

/** Every stored value, and the number of bin records (each bin once). */
function rows(db: string): { values: Row[]; bins: number[] } {
  const store = openStore(db, { readonly: true });
  try {
    const values: Row[] = [];
    for (const s of store.listSignals()) {
      store.getSeries({ entity: s.entity, signal: s.signal, from: s.first, until: s.last + BIN, stepMs: BIN }).values.forEach((v, i) => {
        values.push([s.entity, s.signal, s.first + i * BIN, v]);
      });
    }
    const bins = store.listSources().flatMap((s) => store.getBins(s.id, T("00:00") - 86_400_000, T("01:00")).map((b) => b.time));
    return { values: values.sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]) || a[2] - b[2]), bins: bins.sort((a, b) => a - b) };
  } finally {
    store.close();
  }
}

const reference = (async (): Promise<ReturnType<typeof rows>> => {
  const db = join(dir, "reference.db");
  const r = await runCli(["replay", ...OPTIONS, "--from", "2002-07-22T23:55Z", "--until", "2002-07-23T00:25Z", "--archive", archive, "--db", db]);
  assert.equal(r.code, 0, r.stderr);
  return rows(db);
});

test("serve backfills, /v1/sources gives each source's health; kill -9 mid-backfill loses and duplicates nothing, and the restart resumes", { skip: SKIP }, async () => {
  const ref = await reference();
  const db = join(dir, "killed.db");
  const args = ["--db", db, "--config", join(dir, "config.json"), "--archive", server.url, "--cache", join(dir, "cache"), ...OPTIONS];
  // The first run is killed when it asks for updates.0015 (fetched ahead while earlier bins are computed).
  let killed: Serve | undefined;
  server.onRequest = (path) => {
    if (!path.endsWith("updates.20020723.0015.gz") || killed === undefined) return true;
    killed.child.kill("SIGKILL");
    return false;
  };
  killed = await startServe(args);
  const end = await killed.exited;
  server.onRequest = () => true;
  assert.equal(end.signal, "SIGKILL", `serve ended before the kill: ${killed.stderr()}`);
  assert.match(killed.stderr(), /backfilling from 2002-07-22T23:55Z/);
  const partial = rows(db);
  // The RIB's bin (23:55) is committed before any updates file is asked for.
  assert.ok(partial.bins.length >= 1 && partial.bins.length < ref.bins.length, `${partial.bins.length} bins after the kill, ${ref.bins.length} in all`);
  for (const t of partial.bins) {
    assert.deepEqual(partial.values.filter((r) => r[2] === t), ref.values.filter((r) => r[2] === t), `bin ${new Date(t).toISOString()} is whole`);
  }

  // The restart resumes after the last stored bin and ends where a replay of the window ends.
  const again = await startServe(args);
  try {
    const health = await waitHealth(again.url, (h) => h.length === 1 && h[0]?.lastBin === "2002-07-23T00:20:00.000Z", "the catch-up", again);
    const h = health[0]!;
    assert.equal(h.id, "archive:rrc00");
    assert.equal(h.feeds, "bgp:rrc00");
    assert.equal(h.state, "live");
    assert.equal(h.binsBehind, 0);
    assert.equal(h.lastError, null);
    assert.ok(h.lastSuccess !== null && h.backfill !== null && h.backfill.done === h.backfill.total);
    assert.match(again.stderr(), new RegExp(`resuming after the last stored bin, ${new Date(partial.bins.at(-1)!).toISOString().replace(":00.000Z", "Z")}`));
    const body = await sources(again.url);
    assert.deepEqual(body.sources.map((s) => s.name), ["bgp:rrc00"]);
    assert.ok(body.sources[0]!.methods.length === 2, "the existing fields: each source's methods");
    const series = (await (await fetch(`${again.url}v1/series/country/US/bgp?from=2002-07-22T23:55Z&until=2002-07-23T00:25Z`)).json()) as { points: { value: number | null }[] };
    assert.deepEqual(series.points.map((p) => p.value), ref.values.filter((r) => r[0] === "country/US").map((r) => r[3]));
  } finally {
    again.child.kill("SIGTERM");
    assert.equal((await again.exited).code, 0);
  }
  const final = rows(db);
  assert.deepEqual(final.bins, ref.bins, "each bin once");
  assert.deepEqual(final.values, ref.values);
});

test("with its archive unreachable serve starts anyway, serves the store, and says since when the source is unreachable", { skip: SKIP }, async () => {
  const closed = createServer();
  await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((done) => closed.close(() => done()));
  // A store that holds the replayed window already.
  const db = join(dir, "offline.db");
  const r = await runCli(["replay", ...OPTIONS, "--from", "2002-07-22T23:55Z", "--until", "2002-07-23T00:10Z", "--archive", archive, "--db", db]);
  assert.equal(r.code, 0, r.stderr);
  const serve = await startServe(["--db", db, "--config", join(dir, "config.json"), "--archive", `http://127.0.0.1:${port}/`, "--cache", join(dir, "cache-offline"), ...OPTIONS]);
  try {
    const [h] = await waitHealth(serve.url, (x) => x[0]?.state === "unreachable", "unreachable", serve);
    assert.ok(h !== undefined);
    assert.match(h.lastError?.message ?? "", new RegExp(`Cannot read http://127\\.0\\.0\\.1:${port}/rrc00/2002\\.07/`));
    assert.ok(Date.parse(h.nextRetry ?? "") > Date.parse(h.since), `${h.nextRetry} after ${h.since}`);
    assert.match(serve.stderr(), /archive:rrc00: unreachable since \d\d:\d\d UTC: Cannot read .*; next retry \d\d:\d\d UTC/);
    // What the store holds is served meanwhile.
    const series = (await (await fetch(`${serve.url}v1/series/country/US/bgp?from=2002-07-22T23:55Z&until=2002-07-23T00:10Z`)).json()) as { points: { value: number | null }[] };
    assert.equal(series.points.length, 3);
    assert.ok(series.points.every((p) => typeof p.value === "number" && p.value > 0));
  } finally {
    serve.child.kill("SIGTERM");
    assert.equal((await serve.exited).code, 0);
  }
});

test("bins a prober posts to serve's ingest route reach the event tracker at once, not at the next start", { skip: SKIP }, async () => {
  const closed = createServer();
  await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((done) => closed.close(() => done()));
  const token = "inside-probe-token";
  const config = join(dir, "config-ingest.json");
  writeFileSync(config, JSON.stringify({
    sources: { backfillHours: 0.6, retries: 0 },
    http: { tokens: [{ name: "inside-probe", sha256: createHash("sha256").update(token).digest("hex"), scopes: ["ingest"] }] },
  }));
  const db = join(dir, "ingest-route.db");
  const serve = await startServe(["--db", db, "--config", config, "--archive", `http://127.0.0.1:${port}/`, "--cache", join(dir, "cache-ingest"), ...OPTIONS]);
  try {
    const report = {
      source: { name: "inside:test-isp", parameters: { targets: 8 }, methods: { "inside-domestic": "share of domestic targets reached" } },
      entities: [{ id: "country/XL", kind: "country", name: "Labland", parent: null }],
      bins: [0, 1].map((i) => ({ time: T("00:10") + i * BIN, stepMs: BIN, values: [{ entity: "country/XL", signal: "inside-domestic", value: 75 }], provenance: { round: i } })),
    };
    const posted = await fetch(`${serve.url}v1/ingest/bins`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(report) });
    assert.equal(posted.status, 200, await posted.clone().text());
    // The tracker moves a source's cursor once it has judged what the source wrote.
    const end = Date.now() + 60_000;
    let cursor: number | undefined;
    while (cursor === undefined && Date.now() < end) {
      const store = openStore(db, { readonly: true });
      try {
        const source = store.listSources().find((x) => x.name === "inside:test-isp");
        cursor = source === undefined ? undefined : store.events.cursor(source.id);
      } finally {
        store.close();
      }
      if (cursor === undefined) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(cursor, T("00:20"), `the tracker heard the posted bins; ${serve.stderr()}`);
  } finally {
    serve.child.kill("SIGTERM");
    assert.equal((await serve.exited).code, 0);
  }
});

test("serve --archive DIR --from --until ingests that window of a local folder and serves it", { skip: SKIP }, async () => {
  const ref = await reference();
  const db = join(dir, "window.db");
  const serve = await startServe(["--db", db, "--archive", archive, "--from", "2002-07-22T23:55Z", "--until", "2002-07-23T00:25Z", ...OPTIONS]);
  try {
    const [h] = await waitHealth(serve.url, (x) => x[0]?.state === "stopped", "the window done", serve);
    assert.deepEqual(h?.backfill, { done: 6, total: 6 });
    assert.match(serve.stderr(), /ingesting the window 2002-07-22T23:55:00\.000Z – 2002-07-23T00:25:00\.000Z of rrc00/);
    const raw = (await (await fetch(`${serve.url}v2/signals/raw/country/US?from=${T("00:00") / 1000}&until=${T("00:25") / 1000}&datasource=bgp`)).json()) as { data: { values: number[] }[][] };
    assert.deepEqual(raw.data[0]?.[0]?.values, ref.values.filter((r) => r[0] === "country/US" && r[2] >= T("00:00")).map((r) => r[3]));
  } finally {
    serve.child.kill("SIGTERM");
    assert.equal((await serve.exited).code, 0);
  }
  assert.deepEqual(rows(db), ref);
});

test("serve refuses what cannot work before serving: --until without --from, a window in the future, a missing folder (exit 2)", async () => {
  const cases: [string[], RegExp][] = [
    [["--until", "2002-07-23T00:25Z"], /--until needs --from/],
    [["--from", "2002-07-23T00:00Z", "--until", "2002-07-23T01:00Z"], /is after now \(2002-07-23T00:30Z\)/],
    [["--archive", join(dir, "absent")], /--archive .*absent: .* does not exist/],
    [["--config", join(dir, "absent.json")], /--config .*absent\.json: no such file/],
  ];
  for (const [args, message] of cases) {
    const child = spawn(process.execPath, [join(REPO_ROOT, "bin", "nightlight.js"), "serve", "--db", join(dir, "refused.db"), "--port", "0", ...args], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...CLOCK } });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((done) => child.on("exit", done));
    assert.equal(code, 2, `${args.join(" ")}: ${stderr}`);
    assert.match(stderr, message);
  }
  assert.equal(existsSync(join(dir, "refused.db")), false, "no store made");
});
