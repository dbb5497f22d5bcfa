/**
 * The replay's incremental visibility equals a from-scratch computation at every bin, on
 * real data: the RIS bview of 2002-07-22 23:37 (rrc00) followed by the updates of
 * 22:38–22:53 (3 244 elements), replayed in one-minute bins. The bview is taken as the
 * state at 22:38, before the updates' records: what matters here is that both
 * computations see the same state, not the history. Small full-feed thresholds make
 * several peers full-feed (and one flip), as they are at full scale.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadEntityIndex } from "../entities/load-entity-index.ts";
import { openInput } from "../mrt/open-input.ts";
import { BlockAttribution } from "./block-attribution.ts";
import { computeVisibility, type VisibilityOptions } from "./compute-visibility.ts";
import { replayBgp, type CollectorPlan } from "./replay-bgp.ts";

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return dir;
}
const SHARED = join(repoRoot(), "..", "shared", "data");
const BVIEW = "mrt/bgpdump/test_data/bview.20020722.2337.gz";
const UPDATES = "mrt/bgpdump/test_data/updates.20020722.2238.gz";
const SKIP = existsSync(join(SHARED, BVIEW)) && existsSync(join(SHARED, UPDATES)) ? false : `../shared/data absent (no ${BVIEW} or ${UPDATES} beside the checkout): real-data test skipped`;
const FROM = Date.parse("2002-07-22T22:38Z");
const UNTIL = Date.parse("2002-07-22T22:54Z");

const PLAN: CollectorPlan = {
  collector: "rrc00",
  ribs: [{ collector: "rrc00", kind: "rib", path: BVIEW, start: FROM, end: FROM }],
  updates: [{ collector: "rrc00", kind: "updates", path: UPDATES, start: FROM, end: UNTIL }],
};

/** Replays the files with `visibility` and checks every bin; the passes taken, in order. */
async function replayChecked(visibility: Omit<VisibilityOptions, "collectors">, attribution: BlockAttribution): Promise<string[]> {
  const passes: string[] = [];
  await replayBgp([PLAN], {
    from: FROM, until: UNTIL, binMs: 60_000, attribution, visibility,
    open: async (file) => ({ name: file.path, chunks: await openInput(join(SHARED, file.path)) }),
    onBin: (bin) => {
      const when = new Date(bin.time).toISOString();
      assert.ok(bin.visibility !== null, `${when}: no data`);
      const scratch = computeVisibility(bin.state, { ...visibility, collectors: new Set(bin.collectors) });
      assert.deepEqual(bin.visibility, scratch, `${when}: the ${bin.visibilityPass} pass differs from a full computation`);
      passes.push(bin.visibilityPass ?? "none");
    },
  });
  return passes;
}

test("replay of the 2002 bview and updates: incremental visibility equals a full computation at every bin", { skip: SKIP }, async () => {
  const attribution = BlockAttribution.fromIndex(await loadEntityIndex());
  // Nine full-feed sessions of eight ASes (AS 8447 has two), IPv4 only in 2002.
  for (const visibleShare of [0.1, 0.25, 0.5]) {
    const passes = await replayChecked({ fullFeedV4: 70, visibleShare }, attribution);
    assert.equal(passes.length, 16);
    assert.equal(passes[0], "full", "the first bin after the RIB");
    assert.ok(passes.filter((p) => p === "incremental").length >= 14, `share ${visibleShare}: ${passes.join(" ")}`);
  }
  // AS 1853's table shrinks from 112 986 to 112 973 routes: it stops being full-feed mid-replay.
  const flip = await replayChecked({ fullFeedV4: 112_980, visibleShare: 0.5 }, attribution);
  assert.ok(flip.includes("incremental") && flip.lastIndexOf("full") > 0, flip.join(" "));
});
