/**
 * `nightlight replay` on the RouteViews layout with bzip2 archives: a real RouteViews
 * RIB excerpt and a real 15-minute route-views.jinx updates file, laid out as
 *
 *     route-views.jinx/bgpdata/2015.04/RIBS/rib.20150401.0000.bz2        ryu_rib.20161101.0000_pick.bz2
 *     route-views.jinx/bgpdata/2015.04/UPDATES/updates.20150401.0000.bz2 libbgpstream_routeviews.route-views.jinx.updates.1427846400.bz2
 *
 * The expected counts come from Debian bgpdump's lines for the same files, replayed by
 * a few lines of plain maps in this test (not by the code under test).
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { test } from "node:test";
import { openStore } from "../src/store/open-store.ts";
import { runCli } from "./run-cli.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const RIB = "ryu_rib.20161101.0000_pick.bz2";
const UPDATES = "libbgpstream_routeviews.route-views.jinx.updates.1427846400.bz2";

/** bgpdump lines → per-peer routes → distinct /24s of `origin` seen by any peer after `until` (seconds). */
function expectedBlocks(lines: readonly string[], origin: number, until: number): number {
  const routes = new Map<string, Map<string, number>>();
  for (const line of lines) {
    const f = line.split("|");
    if (Number(f[1]) >= until) continue;
    const peer = `${f[3]} ${f[4]}`;
    const table = routes.get(peer) ?? new Map<string, number>();
    routes.set(peer, table);
    if (f[2] === "W") table.delete(f[5]!);
    else if (f[2] === "A" || f[2] === "B") table.set(f[5]!, Number(f[6]!.split(" ").at(-1)));
  }
  const blocks = new Set<number>();
  for (const table of routes.values()) {
    for (const [prefix, asn] of table) {
      if (asn !== origin || prefix.includes(":")) continue;
      const [addr = "", len = "32"] = prefix.split("/");
      if (Number(len) > 24) continue;
      const v = addr.split(".").reduce((a, o) => a * 256 + Number(o), 0);
      for (let b = 0; b < 2 ** (24 - Number(len)); b++) blocks.add(Math.floor(v / 256) + b);
    }
  }
  return blocks.size;
}

test("replay reads RouteViews' layout and bzip2 archives; /24 counts per origin follow the updates", { skip: sharedDataMissing() }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-routeviews-"));
  try {
    const base = join(dir, "archive", "route-views.jinx", "bgpdata", "2015.04");
    mkdirSync(join(base, "RIBS"), { recursive: true });
    mkdirSync(join(base, "UPDATES"), { recursive: true });
    copyFileSync(shared("mrt", "samples", RIB), join(base, "RIBS", "rib.20150401.0000.bz2"));
    copyFileSync(shared("mrt", "samples", UPDATES), join(base, "UPDATES", "updates.20150401.0000.bz2"));
    const db = join(dir, "rv.db");
    // Every peer with a route is full-feed and one peer AS suffices: small real tables.
    const r = await runCli([
      "replay", "--collector", "route-views.jinx", "--from", "2015-04-01T00:00Z", "--until", "2015-04-01T00:15Z",
      "--archive", join(dir, "archive"), "--db", db, "--full-feed-v4", "0", "--visible-share", "0.01", "--kinds", "asn",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Replayed 3 bins .*3 written/);
    const lines = [RIB, UPDATES].flatMap((f) =>
      gunzipSync(readFileSync(shared("mrt", "expected-debian-bgpdump-1.6.2", `${f}.bgp.gz`))).toString().trim().split("\n"),
    );
    // The RIB excerpt's records carry 2016 times: they are the state at the RIB's place in the archive.
    const rib = lines.filter((l) => l.startsWith("TABLE_DUMP2")).map((l) => l.replace(/\|1477958400\|/, "|1427846400|"));
    const updates = lines.filter((l) => !l.startsWith("TABLE_DUMP2"));
    const store = openStore(db, { readonly: true });
    try {
      for (const origin of [56203, 34984, 7738]) {
        const series = store.getSeries({ entity: `asn/${origin}`, signal: "bgp", from: Date.UTC(2015, 3, 1), until: Date.UTC(2015, 3, 1, 0, 15), stepMs: 300_000 });
        const counts = [1, 2, 3].map((k) => expectedBlocks([...rib, ...updates], origin, 1427846400 + k * 300));
        // An AS not seen yet in the run has no point (docs/bgp-signal.md): leading zeros are null.
        const first = counts.findIndex((c) => c > 0);
        const expected = counts.map((c, i) => (i < first ? null : c));
        assert.ok(first >= 0, `asn/${origin} never appears`);
        assert.deepEqual(series.values, expected, `asn/${origin}`);
      }
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
