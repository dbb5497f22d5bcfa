/**
 * Withdrawals on real updates: RIS rrc00's updates.20020722.2238.gz (22:38:35–22:53:27
 * UTC) replayed on its own from empty tables, in 5-minute bins, against the visible
 * prefixes computed here from bgpdump's text of the same file (upstream's
 * test_expect/updates.20020722.2238.gz.bgp.gz): announce sets a peer's route, withdraw
 * clears it, a STATE line leaving Established (6) clears the peer.
 *
 * Thresholds: every peer with a route is full-feed and one peer AS suffices
 * (--full-feed-v4 0, a tiny share), so a prefix is visible while any peer routes it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { openInput } from "../src/mrt/open-input.ts";
import { BlockAttribution } from "../src/routing/block-attribution.ts";
import { replayBgp } from "../src/routing/replay-bgp.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const SKIP = sharedDataMissing() ?? false;
const FILE = "mrt/bgpdump/test_data/updates.20020722.2238.gz";
const EXPECT = "mrt/bgpdump/test_expect/updates.20020722.2238.gz.bgp.gz";
const FROM = Date.parse("2002-07-22T22:35Z");
const UNTIL = Date.parse("2002-07-22T22:55Z");
const BIN = 300_000;
const NO_PLACES = new BlockAttribution(
  { first: Float64Array.of(0), country: Int32Array.of(-1), region: Int32Array.of(-1) },
  { first: Float64Array.of(0), country: Int32Array.of(-1), region: Int32Array.of(-1) },
  [],
  [],
);

/** Visible prefixes at each bin end, from bgpdump's lines with plain maps. */
function expectedBins(): string[][] {
  const lines = gunzipSync(readFileSync(shared(EXPECT))).toString("utf8").split("\n").filter((l) => l !== "").map((l) => l.split("|"));
  const peers = new Map<string, Set<string>>();
  const bins: string[][] = [];
  let i = 0;
  for (let end = FROM + BIN; end <= UNTIL; end += BIN) {
    for (; i < lines.length && Number(lines[i]![1]) * 1000 < end; i++) {
      const [, , type = "", ip = "", asn = "", prefix = "", ...rest] = lines[i]!;
      const key = `${ip}|${asn}`;
      const routes = peers.get(key) ?? new Set<string>();
      peers.set(key, routes);
      if (type === "A") routes.add(prefix);
      else if (type === "W") routes.delete(prefix);
      else if (type === "STATE" && rest[0] !== "6") routes.clear();
    }
    const visible = new Set<string>();
    for (const routes of peers.values()) for (const p of routes) visible.add(p);
    bins.push([...visible].sort());
  }
  return bins;
}

test("withdrawn prefixes stop counting in the next bin and count again when announced again", { skip: SKIP }, async () => {
  const got: string[][] = [];
  const totals: number[] = [];
  const summary = await replayBgp(
    [{ collector: "rrc00", ribs: [], emptyAt: FROM, updates: [{ collector: "rrc00", kind: "updates", path: FILE, start: FROM, end: UNTIL }] }],
    {
      from: FROM, until: UNTIL, attribution: NO_PLACES,
      visibility: { fullFeedV4: 0, fullFeedV6: 0, visibleShare: 1e-9 },
      open: async () => ({ name: FILE, chunks: await openInput(shared(FILE)) }),
      onBin: (bin) => {
        const visible: string[] = [];
        bin.visibility!.visible.forEach((v, id) => {
          if (v === 1) visible.push(bin.state.prefixes.text(id));
        });
        got.push(visible.sort());
        totals.push(bin.v4!.total);
      },
    },
  );
  const { bins, binsWithData, files, problems } = summary;
  assert.deepEqual({ bins, binsWithData, files, problems }, { bins: 4, binsWithData: 4, files: 1, problems: 0 });
  const expected = expectedBins();
  assert.equal(got.length, 4);
  for (let k = 0; k < 4; k++) assert.deepEqual(got[k], expected[k], `bin ${k}`);
  // The file holds prefixes that go away and come back (210.80.60.0/24 and 203.131.224.0/20:
  // visible at 22:45, withdrawn before 22:50, announced again before 22:55).
  let flaps = 0;
  for (let k = 0; k + 2 < 4; k++) {
    for (const p of expected[k]!.filter((x) => !expected[k + 1]!.includes(x))) {
      assert.ok(got[k]!.includes(p) && !got[k + 1]!.includes(p), `${p} withdrawn in bin ${k + 1}`);
      const back = expected.findIndex((bin, j) => j > k + 1 && bin.includes(p));
      if (back < 0) continue;
      assert.ok(got[back]!.includes(p), `${p} announced again in bin ${back}`);
      flaps++;
    }
  }
  assert.equal(flaps, 2);
  // /24 totals follow: counted from the expected sets with a bitmap.
  const bitmap = (prefixes: string[]): number => {
    const seen = new Set<number>();
    for (const p of prefixes) {
      const [a = "", l = ""] = p.split("/");
      if (Number(l) > 24) continue;
      const first = Math.floor(a.split(".").reduce((v, o) => v * 256 + Number(o), 0) / 256);
      for (let b = 0; b < 2 ** (24 - Number(l)); b++) seen.add(first + b);
    }
    return seen.size;
  };
  assert.deepEqual(totals, expected.map(bitmap));
});
