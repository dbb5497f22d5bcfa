/**
 * Replay of the real RIS bview of 2002-07-22 23:37 (TABLE_DUMP v1, rrc00) against
 * counts computed here, independently, from bgpdump's own text of the same file
 * (upstream's test_expect/bview.20020722.2337.gz.bgp.gz).
 *
 * The file is placed in a RIS-layout folder as the next 8-hourly slot,
 * rrc00/2002.07/bview.20020723.0000.gz, so the replay reads it as the state at 00:00,
 * the end of the bin labelled 2002-07-22T23:55Z.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gunzipSync } from "node:zlib";
import type { EntityIndex } from "../src/entities/entity-index.ts";
import { loadEntityIndex } from "../src/entities/load-entity-index.ts";
import { openInput } from "../src/mrt/open-input.ts";
import { BlockAttribution } from "../src/routing/block-attribution.ts";
import { replayBgp, type ReplayBin } from "../src/routing/replay-bgp.ts";
import { openStore } from "../src/store/open-store.ts";
import { runCli } from "./run-cli.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const SKIP = sharedDataMissing() ?? false;
const BVIEW = "mrt/bgpdump/test_data/bview.20020722.2337.gz";
const EXPECT = "mrt/bgpdump/test_expect/bview.20020722.2337.gz.bgp.gz";
const BIN = "2002-07-22T23:55Z";
const dir = mkdtempSync(join(tmpdir(), "nightlight-replay-2002-"));
const archive = join(dir, "archive");
const db = join(dir, "t.db");

/** One route of the bgpdump text: `TABLE_DUMP|time|B|peer IP|peer AS|prefix|path|…`. */
interface Line {
  readonly peer: string;
  readonly prefix: string;
  readonly path: string;
}

let lines: Line[] = [];
let index: EntityIndex;
let fullFeedV4 = 0;
/** The one full-feed peer's routes: prefix → origin ASN (null: final set of several). */
const routes = new Map<string, number | null>();

/** /24 index of a dotted-quad prefix and how many /24s it covers (0 past /24). */
function blocksOf(prefix: string): { first: number; count: number } {
  const [address = "", bits = ""] = prefix.split("/");
  const value = address.split(".").reduce((v, o) => v * 256 + Number(o), 0);
  const length = Number(bits);
  return length > 24 ? { first: 0, count: 0 } : { first: Math.floor(value / 256), count: 2 ** (24 - length) };
}

/** Distinct /24s covered by some prefixes, as a bitmap over the 2^24 /24s. */
function coverage(prefixes: Iterable<string>): Uint8Array {
  const map = new Uint8Array(2 ** 24);
  for (const p of prefixes) {
    const { first, count } = blocksOf(p);
    map.fill(1, first, first + count);
  }
  return map;
}

const ones = (map: Uint8Array): number => map.reduce((n, x) => n + x, 0);

before(async () => {
  if (SKIP !== false) return;
  mkdirSync(join(archive, "rrc00", "2002.07"), { recursive: true });
  copyFileSync(shared(BVIEW), join(archive, "rrc00", "2002.07", "bview.20020723.0000.gz"));
  lines = gunzipSync(readFileSync(shared(EXPECT))).toString("utf8").split("\n").filter((l) => l !== "").map((l) => {
    const f = l.split("|");
    return { peer: `${f[3]}|${f[4]}`, prefix: f[5] ?? "", path: f[6] ?? "" };
  });
  const perPeer = new Map<string, Set<string>>();
  for (const l of lines) perPeer.set(l.peer, (perPeer.get(l.peer) ?? new Set()).add(l.prefix));
  const sizes = [...perPeer.values()].map((s) => s.size).sort((a, b) => b - a);
  // Just below the largest table: exactly one full-feed peer, as in 2002.
  fullFeedV4 = sizes[1]!;
  const full = [...perPeer].find(([, s]) => s.size === sizes[0])![0];
  for (const l of lines) {
    if (l.peer !== full) continue;
    const last = l.path.split(" ").pop() ?? "";
    const set = /^\{(.*)\}$/.exec(last);
    const origin = set === null ? Number(last) : set[1]!.split(",").length === 1 ? Number(set[1]) : null;
    routes.set(l.prefix, origin);
  }
  index = await loadEntityIndex();
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("bgpdump's text of the 2002 bview has one peer with a near-full table", { skip: SKIP }, () => {
  assert.equal(lines.length, 115521);
  assert.ok(routes.size > 100_000 && fullFeedV4 < 2000, `${routes.size} routes, next peer ${fullFeedV4}`);
});

test("replay of the 2002 bview: visible /24s per origin AS equal the counts from bgpdump's text", { skip: SKIP }, async () => {
  const r = await runCli(["replay", "--collector", "rrc00", "--from", BIN, "--until", "2002-07-23T00:00Z", "--archive", archive, "--db", db, "--full-feed-v4", String(fullFeedV4)]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /1 written/);
  const byOrigin = new Map<number, string[]>();
  for (const [prefix, origin] of routes) if (origin !== null) byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), prefix]);
  const largest = [...byOrigin].sort((a, b) => b[1].length - a[1].length).slice(0, 4).map(([asn]) => asn);
  const store = openStore(db, { readonly: true });
  try {
    for (const asn of [...largest, 80, 1455]) {
      const expected = ones(coverage(byOrigin.get(asn) ?? []));
      const series = store.getSeries({ entity: `asn/${asn}`, signal: "bgp", from: Date.parse(BIN), until: Date.parse("2002-07-23T00:00Z"), stepMs: 300_000 });
      assert.deepEqual(series.values, [expected], `asn/${asn}`);
    }
    assert.equal(store.getEntity("asn/80")?.kind, "asn");
    assert.equal(store.getMethods("bgp")[0]?.source, "bgp:rrc00");
  } finally {
    store.close();
  }
});

test("a second replay over the same files changes nothing", { skip: SKIP }, async () => {
  const r = await runCli(["replay", "--collector", "rrc00", "--from", BIN, "--until", "2002-07-23T00:00Z", "--archive", archive, "--db", db, "--full-feed-v4", String(fullFeedV4)]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /nothing to do/);
});

test("replay of the 2002 bview: the total, a handful of prefixes and countries agree with bgpdump's text", { skip: SKIP }, async () => {
  let bin: { total: number; visible: Map<string, number>; countries: Map<string, number> } | undefined;
  const probe = ["3.0.0.0/8", "6.1.0.0/16", "193.203.0.0/24", "10.0.0.0/8", "224.0.0.0/4"];
  await replayBgp([{ collector: "rrc00", ribs: [{ collector: "rrc00", kind: "rib", path: BVIEW, start: Date.parse("2002-07-23T00:00Z"), end: Date.parse("2002-07-23T00:00Z") }], updates: [] }], {
    from: Date.parse(BIN), until: Date.parse("2002-07-23T00:00Z"), attribution: BlockAttribution.fromIndex(index),
    visibility: { fullFeedV4 },
    open: async () => ({ name: BVIEW, chunks: await openInput(shared(BVIEW)) }),
    onBin: (b: ReplayBin) => {
      const visible = new Map(probe.map((p) => {
        const id = b.state.prefixes.internText(p, false);
        return [p, id < 0 ? 0 : b.visibility!.visible[id]!];
      }));
      bin = { total: b.v4!.total, visible, countries: b.v4!.countries };
    },
  });
  assert.ok(bin !== undefined);
  const covered = coverage(routes.keys());
  assert.equal(bin.total, ones(covered));
  for (const p of probe) assert.equal(bin.visible.get(p), routes.has(p) ? 1 : 0, p);
  // Countries through the entity index's own per-prefix API, over runs of covered /24s cut into CIDR blocks.
  const expected = new Map<string, number>();
  for (let b = 0; b < covered.length;) {
    if (covered[b] === 0) {
      b++;
      continue;
    }
    let e = b;
    while (e + 1 < covered.length && covered[e + 1] === 1) e++;
    for (let s = b; s <= e;) {
      let size = 1;
      while (s % (size * 2) === 0 && s + size * 2 - 1 <= e) size *= 2;
      const a = s * 256;
      const cidr = `${Math.floor(a / 2 ** 24)}.${Math.floor(a / 65536) % 256}.${Math.floor(a / 256) % 256}.0/${24 - Math.log2(size)}`;
      for (const [country, n] of index.blocksByCountry(cidr)) if (country !== null) expected.set(country, (expected.get(country) ?? 0) + n);
      s += size;
    }
    b = e + 1;
  }
  for (const country of ["US", "DE", "IR", "JP", "BR"]) assert.equal(bin.countries.get(country), expected.get(country), country);
  assert.deepEqual(bin.countries, expected);
});
