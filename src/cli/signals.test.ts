import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { after, before, test } from "node:test";
import { openStore } from "../store/open-store.ts";
import { main } from "./main.ts";

const dir = mkdtempSync(join(tmpdir(), "nightlight-signals-"));
const db = join(dir, "n.db");
after(() => rmSync(dir, { recursive: true, force: true }));

before(() => {
  const store = openStore(db);
  const t0 = Date.UTC(2019, 10, 16, 0, 0);
  const source = store.defineSource({ name: "test", digest: "method:t", kind: "observatory", parameters: { peerShare: 0.5 }, methods: { bgp: "visible /24s" } });
  store.putPoints([
    { entity: "country/IR", signal: "bgp", time: t0, value: 12754 },
    { entity: "country/IR", signal: "bgp", time: t0 + 600_000, value: 0 },
    { entity: "country/IR", signal: "bgp", time: t0 + 900_000, value: null },
  ], source, { stepMs: 300_000 });
  store.close();
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (b: Buffer) => (out += b.toString()));
  stderr.on("data", (b: Buffer) => (err += b.toString()));
  const code = await main(args, { stdin: new PassThrough(), stdout, stderr });
  return { code, out, err };
}

const BASE = ["signals", "--entity", "country/IR", "--from", "2019-11-16T00:00Z", "--until", "2019-11-16T00:25Z"];

test("signals --format csv prints every bin, empty for no data and 0 for zero", async () => {
  const { code, out } = await run([...BASE, "--db", db, "--format", "csv"]);
  assert.equal(code, 0);
  assert.equal(out, [
    "time,entity,signal,value",
    "2019-11-16T00:00:00Z,country/IR,bgp,12754",
    "2019-11-16T00:05:00Z,country/IR,bgp,",
    "2019-11-16T00:10:00Z,country/IR,bgp,0",
    "2019-11-16T00:15:00Z,country/IR,bgp,",
    "2019-11-16T00:20:00Z,country/IR,bgp,",
    "",
  ].join("\n"));
});

test("signals --format json carries nulls and the method of the signal", async () => {
  const { code, out } = await run([...BASE, "--db", db, "--format", "json", "--step", "10m"]);
  assert.equal(code, 0);
  const json = JSON.parse(out) as { points: { time: string; value: number | null }[]; methods: unknown[] };
  assert.deepEqual(json.points, [
    { time: "2019-11-16T00:00:00Z", value: 12754 },
    { time: "2019-11-16T00:10:00Z", value: 0 },
    { time: "2019-11-16T00:20:00Z", value: null },
  ]);
  assert.deepEqual(json.methods, [{ signal: "bgp", source: "test", digest: "method:t", description: "visible /24s", parameters: { peerShare: 0.5 } }]);
  assert.deepEqual((json as unknown as { source: { name: string; digest: string } }).source.digest, "method:t");
});

test("signals --format table says no data instead of a number", async () => {
  const { code, out } = await run([...BASE, "--db", db]);
  assert.equal(code, 0);
  assert.match(out, /2019-11-16T00:05:00Z {2}no data/);
});

test("signals exits 2 on bad flags and 1 on a missing store", async () => {
  assert.equal((await run(["signals", "--entity", "IR", "--from", "2019-11-16", "--until", "2019-11-17", "--db", db])).code, 2);
  const local = await run(["signals", "--entity", "country/IR", "--from", "2019-11-16T00:00", "--until", "2019-11-17", "--db", db]);
  assert.equal(local.code, 2);
  assert.match(local.err, /--from '2019-11-16T00:00' is not an ISO 8601 UTC time/);
  assert.equal((await run([...BASE, "--db", db, "--format", "xml"])).code, 2);
  assert.equal((await run([...BASE, "--db", db, "--bogus"])).code, 2);
  const missing = await run([...BASE, "--db", join(dir, "absent.db")]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /Cannot use store .*absent\.db: no such file/);
});

test("signals without --signal prints the entity's only stored signal, and a long run without data as one line", async () => {
  const file = join(dir, "imported.db");
  const store = openStore(file);
  const source = store.defineSource({ name: "import:ipobs.csv", digest: "sha256:t", kind: "import", parameters: {}, methods: { ipobs: "imported" } });
  const t0 = Date.UTC(2019, 10, 16, 0, 30);
  store.putPoints([0, 1, 30, 31].map((h) => ({ entity: "region/IR/Fars", signal: "ipobs", time: t0 + h * 3_600_000, value: 90 + h })), source);
  store.close();
  const { code, out } = await run(["signals", "--db", file, "--entity", "region/IR/Fars", "--from", "2019-11-16", "--until", "2019-11-18"]);
  assert.equal(code, 0);
  assert.match(out, /^region\/IR\/Fars ipobs\n/);
  assert.match(out, /2019-11-16T02:30:00Z {2}no data … until 2019-11-17T05:30:00Z \(28 bins\)\n2019-11-17T06:30:00Z {2}120\n/);
  assert.equal(out.split("\n").filter((l) => l.includes("no data")).length, 2, "the gap before 06:30 on the 17th, and the one after 07:30");
});
