/**
 * `nightlight import` refuses what it cannot store faithfully (issue 11): each bad
 * input exits 1 (2 for a bad option) with a message naming the file, the line (the
 * series, for JSON) and the reason, and leaves the store as it was.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openStore } from "../src/store/open-store.ts";
import { runCli } from "./run-cli.ts";

let dir = "";
let db = "";

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "nightlight-bad-import-"));
  db = join(dir, "store.db");
  // A store that already holds one good import, to show that a failed one adds nothing.
  const good = join(dir, "good.csv");
  writeFileSync(good, "time,entity,signal,value\n2019-11-16T10:00Z,country/IR,probing,100\n2019-11-16T11:00Z,country/IR,probing,90\n");
  const r = await runCli(["import", good, "--db", db]);
  assert.equal(r.code, 0, r.stderr);
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Every (entity, signal) in the store. */
function stored(): string[] {
  const store = openStore(db, { readonly: true });
  try {
    return store.listSignals().map((s) => `${s.entity} ${s.signal}`);
  } finally {
    store.close();
  }
}

/** Imports `content` as `name`; asserts the exit code, the message and that nothing was stored. */
async function refused(name: string, content: string | Buffer, expected: RegExp, extra: readonly string[] = [], code = 1): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, content);
  const before = stored();
  const r = await runCli(["import", file, "--db", db, ...extra]);
  assert.equal(r.code, code, `exit status for ${name}: ${r.stdout}${r.stderr}`);
  assert.match(r.stderr, expected);
  assert.deepEqual(stored(), before, `${name} stored nothing`);
  return r.stderr;
}

const HEAD = "time,entity,signal,value\n2019-11-16T10:00Z,country/IR,probing,1\n";

test("years 0–99 are not read as 1900–1999 but refused as before 1970", async () => {
  await refused("y19.csv", `${HEAD}0019-11-16T10:00Z,country/IR,probing,1\n`, /y19\.csv line 3 column time: '0019-11-16T10:00Z' is before 1970 \(0019-11-16T10:00:00\.000Z\)/);
  await refused("dmy.csv", `${HEAD}16-Nov-0099 10:00,country/IR,probing,1\n`, /dmy\.csv line 3 column time: .* is before 1970 \(0099-11-16/);
});

test("times a JavaScript Date cannot hold are refused, naming the row", async () => {
  await refused("far.csv", `${HEAD}99999999999999999999,country/IR,probing,1\n`, /far\.csv line 3 column time: '99999999999999999999' is after the year 9999/);
  await refused("wide-far.csv", "Time (UTC),BGP (#Visible /24s)\n2019-11-16T10:00Z,5\n-99999999999999,5\n", /wide-far\.csv line 3 column Time \(UTC\): '-99999999999999' is before 1970/, ["--entity", "country/IR"]);
  const series = { entityType: "country", entityCode: "IR", datasource: "bgp", subtype: "", from: 9e15, step: 300, values: [1] };
  await refused("far.json", JSON.stringify({ error: null, data: [[series]] }), /far\.json line 1 column data\[0\]: the series has a time after the year 9999/);
});

test("IODA JSON without entity fields is refused, naming the series", async () => {
  const series = { datasource: "bgp", subtype: "", from: 1573862400, step: 300, values: [1, 2] };
  await refused("noentity.json", JSON.stringify({ error: null, data: [[{ ...series, entityType: "country", entityCode: "IR" }, series]] }), /noentity\.json line 1 column data\[1\]: the series has no entityType and entityCode/);
});

test("signal names that are not plain names are refused: IODA __proto__, CSV cells and --signal", async () => {
  const proto = JSON.parse('{"error":null,"data":[[{"entityType":"country","entityCode":"IR","datasource":"__proto__","subtype":"","from":1573862400,"step":300,"values":[1]}]]}') as unknown;
  await refused("proto.json", JSON.stringify(proto), /proto\.json line 1 column data\[0\]: the series has the datasource '__proto__': a signal name is/);
  await refused("sig.csv", `${HEAD}2019-11-16T11:00Z,country/IR,pro bing,1\n`, /sig\.csv line 3 column signal: 'pro bing': a signal name is/);
  await refused("opt.csv", "time,entity,value\n2019-11-16T10:00Z,country/IR,1\n", /The signal '__proto__' is refused/, ["--signal", "__proto__"], 2);
});

test("entity ids with control characters, '..' parts or commas are refused, naming the row", async () => {
  await refused("nl.csv", `${HEAD}2019-11-16T11:00Z,"country/IR\nevil",probing,1\n`, /nl\.csv line 3: entity 'country\/IR\?evil': an entity identifier has no control characters/);
  await refused("esc.csv", `${HEAD}2019-11-16T11:00Z,country/\u001b[31mIR,probing,1\n`, /esc\.csv line 3: entity 'country\/\?\[31mIR': an entity identifier has no control/);
  await refused("dots.csv", `${HEAD}2019-11-16T11:00Z,country/../../etc,probing,1\n`, /dots\.csv line 3: entity 'country\/\.\.\/\.\.\/etc': an entity identifier has no '\.' or '\.\.' part/);
  await refused("comma.csv", `${HEAD}2019-11-16T11:00Z,"region/IR/Fars, Shiraz",probing,1\n`, /comma\.csv line 3: entity 'region\/IR\/Fars, Shiraz': an entity identifier has no comma/);
  await refused("tpl.csv", "time,name_1,value\n2019-11-16T10:00Z,Fars,1\n2019-11-16T11:00Z,..,1\n", /tpl\.csv line 3: entity 'region\/IR\/\.\.': .* '\.\.' part/, ["--entity-template", "region/IR/{name_1}", "--signal", "ipobs"]);
  await refused("wide.csv", "Time (UTC),BGP (#Visible /24s)\n2019-11-16T10:00Z,5\n", /The entity 'country\/IR\?x' is refused: .* control characters/, ["--entity", "country/IR\nx"], 2);
});

test("values are decimal numbers: 0x1F, 0b11 and 0o17 are refused", async () => {
  for (const v of ["0x1F", "0b11", "0o17"]) {
    await refused(`hex-${v}.csv`, `${HEAD}2019-11-16T11:00Z,country/IR,probing,${v}\n`, new RegExp(`hex-${v}\\.csv line 3 column value: '${v}' is not a decimal number`));
  }
});

test("a file of only gaps is refused with 'no values', not marked imported", async () => {
  await refused("gaps.csv", "time,entity,signal,value\n2019-11-16T10:00Z,country/IR,probing,\n2019-11-16T11:00Z,country/IR,probing,NA\n", /Cannot read gaps\.csv: no values: all 2 points are gaps in 2 rows/);
  const series = { entityType: "country", entityCode: "IR", datasource: "bgp", subtype: "", from: 1573862400, step: 300, values: [null, null] };
  await refused("gaps.json", JSON.stringify({ error: null, data: [[series]] }), /Cannot read gaps\.json: no values: all 2 points are gaps in 1 series/);
});

test("deeply nested JSON is refused as too deeply nested, naming the file", async () => {
  const depth = 200_000;
  await refused("deep.json", `{"error":null,"data":${"[".repeat(depth)}${"]".repeat(depth)}}`, /deep\.json line 1 column data: lists are too deeply nested/);
});

test("a UTF-8 byte-order mark is accepted before JSON and CSV", async () => {
  const series = { entityType: "country", entityCode: "IQ", datasource: "bgp", subtype: "", from: 1573862400, step: 300, values: [7, 8] };
  const json = join(dir, "bom.json");
  writeFileSync(json, `\ufeff${JSON.stringify({ error: null, data: [[series]] })}`);
  const a = await runCli(["import", json, "--db", db]);
  assert.equal(a.code, 0, a.stderr);
  const csv = join(dir, "bom.csv");
  writeFileSync(csv, "\ufeffentity,signal,time,value\ncountry/SY,probing,2019-11-16T10:00Z,3\n");
  const b = await runCli(["import", csv, "--db", db]);
  assert.equal(b.code, 0, b.stderr);
  assert.ok(stored().includes("country/IQ bgp") && stored().includes("country/SY probing"), stored().join("; "));
});

test("--time-zone -04:00 is read as a zone west of UTC, with or without '='", async () => {
  for (const [i, args] of [["--time-zone", "-04:00"], ["--time-zone=-0400"]].entries()) {
    const file = join(dir, `west-${i}.csv`);
    writeFileSync(file, `time,entity,signal,value\n2019-11-16 10:00,country/VE,probing${i},1\n`);
    const r = await runCli(["import", file, "--db", db, ...args]);
    assert.equal(r.code, 0, r.stderr);
    const store = openStore(db, { readonly: true });
    try {
      const series = store.getSeries({ entity: "country/VE", signal: `probing${i}`, from: 0, until: Date.UTC(2027, 0) });
      const first = series.values.findIndex((v) => v !== null);
      assert.equal(new Date(series.start + first * series.stepMs).toISOString(), "2019-11-16T14:00:00.000Z", args.join(" "));
    } finally {
      store.close();
    }
  }
});

test("a 1 MB bad value and a 100 KB --entity are quoted cut to 80 characters, without control characters", async () => {
  const big = `1${"\u001b".repeat(10)}${"x".repeat(1_000_000)}`;
  const err = await refused("big.csv", `${HEAD}2019-11-16T11:00Z,country/IR,probing,${big}\n`, /big\.csv line 3 column value: '1\?{10}x{69}…' is not a number/);
  assert.ok(err.length < 400, `message of ${err.length} characters`);
  assert.doesNotMatch(err, /\u001b/);
  const huge = await refused("small.csv", HEAD, /The entity 'country\/x{72}…' is refused: an entity identifier has at most 200 characters, not 100008/, ["--entity", `country/${"x".repeat(100_000)}`, "--signal", "probing"], 2);
  assert.ok(huge.length < 2000, `message of ${huge.length} characters`);
});
