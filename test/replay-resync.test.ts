/**
 * After a hole in a collector's updates, its table is unknown until its next RIB: the
 * bins in between have no data (not the stale table's counts, which could show a
 * shutdown that never happened), and from the next RIB on there is data again.
 *
 *     rrc00/2002.07/bview.20020723.0000.gz     the real 2002-07-22 23:37 bview
 *     rrc00/2002.07/updates.20020723.0000.gz   absent: the hole
 *     rrc00/2002.07/updates.20020723.0005.gz   the real updates.20020722.2238.gz (read, but after the hole)
 *     rrc00/2002.07/bview.20020723.0800.gz     the real bview again: the resynchronisation
 *     rrc00/2002.07/updates.20020723.0800.gz   the real updates.20020722.2238.gz
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openStore } from "../src/store/open-store.ts";
import { runCli } from "./run-cli.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const OPTIONS = ["--collector", "rrc00", "--full-feed-v4", "100000", "--kinds", "country,asn"];

test("after a missing updates file a collector has no data until its next RIB, then data again", { skip: sharedDataMissing() }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-resync-"));
  try {
    const month = join(dir, "archive", "rrc00", "2002.07");
    mkdirSync(month, { recursive: true });
    const bview = shared("mrt", "bgpdump", "test_data", "bview.20020722.2337.gz");
    const updates = shared("mrt", "bgpdump", "test_data", "updates.20020722.2238.gz");
    copyFileSync(bview, join(month, "bview.20020723.0000.gz"));
    copyFileSync(updates, join(month, "updates.20020723.0005.gz"));
    copyFileSync(bview, join(month, "bview.20020723.0800.gz"));
    copyFileSync(updates, join(month, "updates.20020723.0800.gz"));
    const db = join(dir, "n.db");
    const r = await runCli(["replay", ...OPTIONS, "--from", "2002-07-22T23:55Z", "--until", "2002-07-23T08:05Z", "--archive", join(dir, "archive"), "--db", db]);
    assert.equal(r.code, 3, r.stderr); // partial: 3 of 98 bins with data
    assert.match(r.stderr, /updates\.20020723\.0000\.gz is missing/);
    // 98 bins, each holding the state at its end: 23:55 (the RIB of 00:00), 00:00–07:50
    // without data, 07:55 (the RIB of 08:00) and 08:00 (that RIB and its updates).
    assert.match(r.stdout, /Replayed 98 bins .*: 3 written .* 95 without data/);

    // The reference: the same RIB and updates file, with no hole, in a window of its own.
    const refMonth = join(dir, "ref", "rrc00", "2002.07");
    mkdirSync(refMonth, { recursive: true });
    copyFileSync(bview, join(refMonth, "bview.20020723.0000.gz"));
    copyFileSync(updates, join(refMonth, "updates.20020723.0000.gz"));
    const refDb = join(dir, "ref.db");
    const ref = await runCli(["replay", ...OPTIONS, "--from", "2002-07-23T00:00Z", "--until", "2002-07-23T00:05Z", "--archive", join(dir, "ref"), "--db", refDb]);
    assert.equal(ref.code, 0, ref.stderr);

    const store = openStore(db, { readonly: true });
    const reference = openStore(refDb, { readonly: true });
    try {
      for (const entity of ["asn/80", "asn/1455", "country/US", "country/DE"]) {
        const s = store.getSeries({ entity, signal: "bgp", from: Date.UTC(2002, 6, 22, 23, 55), until: Date.UTC(2002, 6, 23, 8, 5), stepMs: 300_000 });
        assert.equal(typeof s.values[0], "number", `${entity} 23:55`);
        assert.ok(s.values.slice(1, 96).every((v) => v === null), `${entity}: the hole and what follows it have no data`);
        assert.equal(s.values[96], s.values[0], `${entity} 07:55 is the same RIB as 23:55`);
        const expected = reference.getSeries({ entity, signal: "bgp", from: Date.UTC(2002, 6, 23, 0, 0), until: Date.UTC(2002, 6, 23, 0, 5), stepMs: 300_000 }).values[0];
        assert.equal(s.values[97], expected, `${entity} 08:00 equals the RIB plus its updates`);
      }
    } finally {
      store.close();
      reference.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
