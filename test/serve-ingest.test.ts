/**
 * The continuous ingest of `nightlight serve`, in-process with a hand-driven clock, over
 * a local HTTP server in the RIS layout whose files appear as the test "publishes" them
 * (real 2002 RIS files under the names of 2002-07-23):
 *
 *     rrc00/2002.07/bview.20020723.0000.gz            the real 2002-07-22 23:37 bview
 *     rrc00/2002.07/updates.20020723.0000 … 0020.gz   the real updates.20020722.2238.gz, there from the start
 *     rrc00/2002.07/updates.20020723.0025.gz          published when the clock reaches 00:35 (its due time)
 *     rrc00/2002.07/updates.20020723.0030.gz          never published: a hole after its deadline (01:40)
 *     rrc00/2002.07/bview.20020723.0800.gz, updates.20020723.0800.gz …   published at 08:30: the collector has data again
 *
 * Then the archive goes away (its port closed) and comes back: unreachable since
 * when, the next retry, no hole while nothing else answers, and recovery. The figures of
 * every stored bin equal those of `nightlight replay` over the same files.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { archiveIngest } from "../src/service/archive-ingest.ts";
import type { BinCommitted } from "../src/service/bin-committed.ts";
import { runIngest } from "../src/service/run-ingest.ts";
import { SourceHealthRegistry, type SourceHealth } from "../src/service/source-health.ts";
import { openStore } from "../src/store/open-store.ts";
import type { Store } from "../src/store/store.ts";
import { ArchiveServer } from "./archive-server.ts";
import { ManualClock, waitFor } from "./manual-clock.ts";
import { runCli } from "./run-cli.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const SKIP = sharedDataMissing() ?? false;
const dir = mkdtempSync(join(tmpdir(), "nightlight-serve-ingest-"));
const archive = join(dir, "archive");
const month = join(archive, "rrc00", "2002.07");
const BIN = 300_000;
const T = (hhmm: string): number => Date.parse(`2002-07-23T${hhmm}Z`);
const BVIEW = (): string => shared("mrt/bgpdump/test_data/bview.20020722.2337.gz");
const UPDATES = (): string => shared("mrt/bgpdump/test_data/updates.20020722.2238.gz");
const server = new ArchiveServer(archive);

function publish(name: string, from: string): void {
  copyFileSync(from, join(month, name));
}

before(async () => {
  if (SKIP !== false) return;
  mkdirSync(month, { recursive: true });
  publish("bview.20020723.0000.gz", BVIEW());
  for (const hhmm of ["0000", "0005", "0010", "0015", "0020"]) publish(`updates.20020723.${hhmm}.gz`, UPDATES());
  await server.listen();
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Every stored (time → value) of a series. */
function values(store: Store, entity: string, from: number, until: number): readonly (number | null)[] {
  return store.getSeries({ entity, signal: "bgp", from, until, stepMs: BIN }).values;
}

test("serve's ingest backfills, takes each file as it is published, leaves a hole for one that never is, and rides out an unreachable archive", { skip: SKIP }, async () => {
  const db = join(dir, "live.db");
  const store = openStore(db);
  const clock = new ManualClock(T("00:30"));
  const health = new SourceHealthRegistry(clock);
  const stop = new AbortController();
  const notices: BinCommitted[] = [];
  const logs: string[] = [];
  const settings = {
    collectors: ["rrc00"], binMs: BIN, fullFeedV4: 100_000, fullFeedV6: 10_000, visibleShare: 0.5, kinds: new Set(["country", "asn"] as const),
    archive: server.url, cacheDir: join(dir, "cache"), retries: 0, backfillMs: 35 * 60_000, holeAfterMs: 60 * 60_000, replace: false, db,
  };
  const rrc00 = (): SourceHealth => health.list().find((e) => e.id === "archive:rrc00")!;
  const stored = (hhmm: string): boolean => store.listSources().some((s) => store.hasBin(s.id, T(hhmm)));
  const until = (condition: () => boolean, what: string): Promise<void> =>
    waitFor(condition, what).catch((error: unknown) => {
      throw new Error(`${String(error)}; at ${new Date(clock.now()).toISOString()}, health ${JSON.stringify(health.list())}; log:\n${logs.join("\n")}`);
    });
  const running = runIngest([archiveIngest(settings)], {
    store, clock, signal: stop.signal, health, log: (line) => logs.push(line),
    listeners: [
      (bin) => void notices.push(bin),
      () => Promise.reject(new Error("a listener that always fails")),
    ],
  });
  try {
    // Backfill: 35 minutes back from 00:30 starts at the RIB of 00:00 (due at 00:30), i.e.
    // the bin 23:55 (the state at 00:00); updates due by 00:30 reach 00:25: six bins.
    await until(() => stored("00:20"), "the backfill");
    assert.equal(rrc00().state, "live", JSON.stringify(rrc00()));
    assert.deepEqual(rrc00().backfill, { done: 6, total: 6 });
    assert.equal(rrc00().binsBehind, 0);
    assert.deepEqual(notices.map((n) => new Date(n.time).toISOString().slice(11, 16)), ["23:55", "00:00", "00:05", "00:10", "00:15", "00:20"]);
    assert.ok(logs.some((l) => /bin listener 2 failed .*a listener that always fails/.test(l)), logs.join("\n"));
    assert.ok(logs.some((l) => /backfilling from 2002-07-22T23:55Z/.test(l)), logs.join("\n"));

    // updates.0025 is published at 00:34; the ingest looks for it at its due time, 00:35.
    clock.advance(T("00:34"));
    publish("updates.20020723.0025.gz", UPDATES());
    assert.equal(stored("00:25"), false);
    clock.advance(T("00:35"));
    await until(() => stored("00:25"), "the bin of the file just published");
    assert.equal(notices.length, 7);

    // updates.0030 never comes: looked for from 00:40, a hole at its deadline 01:40.
    clock.advance(T("00:40"));
    await until(() => (rrc00().detail ?? "").includes("updates.20020723.0030.gz"), "the wait for updates.0030");
    clock.advance(T("01:10"));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(stored("00:30"), false);
    assert.ok(!logs.some((l) => /0030\.gz is missing/.test(l)), "not before its deadline");
    clock.advance(T("01:41"));
    await until(() => logs.some((l) => /updates\.20020723\.0030\.gz is missing from the archive/.test(l)), "the hole");
    // In the hole the collector has no data, and no bin waits for its files; bins follow
    // the clock (at 01:41, updates are due up to 01:35).
    await until(() => rrc00().lastBin === T("01:30"), "bins up to the clock");
    assert.equal(stored("00:30"), false);
    assert.equal(stored("01:00"), false);

    // The next RIB (08:00) and its updates are published at 08:29; the RIB is due at 08:30.
    clock.advance(T("08:29"));
    await until(() => rrc00().lastBin === T("08:15"), "bins up to 08:29");
    publish("bview.20020723.0800.gz", BVIEW());
    for (const hhmm of ["0800", "0805", "0810", "0815", "0820", "0825"]) publish(`updates.20020723.${hhmm}.gz`, UPDATES());
    clock.advance(T("08:30"));
    await until(() => logs.some((l) => l.includes("fetched rrc00/2002.07/bview.20020723.0800.gz")), "the RIB's download");
    clock.advance(T("08:35"));
    await until(() => stored("08:25"), "data again after the RIB");

    // The archive goes away (its port refuses connections): the next file is due at 08:40.
    await server.stop();
    clock.advance(T("08:40"));
    await until(() => rrc00().state === "unreachable", "unreachable");
    const down = rrc00();
    assert.equal(down.since, T("08:40"));
    assert.ok(down.lastError !== null && /unreachable after 1 attempt/.test(down.lastError.message), JSON.stringify(down.lastError));
    assert.ok(down.nextRetry !== null && down.nextRetry > T("08:40"), String(down.nextRetry));
    // Hours later, with no other source answering, it is still no hole: the data exists.
    clock.advance(T("11:00"));
    await until(() => (rrc00().lastError?.at ?? 0) === T("11:00"), "a retry at 11:00");
    assert.equal(rrc00().state, "unreachable");
    assert.equal(rrc00().since, T("08:40"), "unreachable since the first failure");
    assert.ok(!logs.some((l) => /0830\.gz (is missing|could not be fetched)/.test(l)), logs.join("\n"));
    // Back: the next retry succeeds and the ingest catches up.
    publish("updates.20020723.0830.gz", UPDATES());
    await server.listen();
    clock.advance(rrc00().nextRetry ?? T("11:30"));
    await until(() => stored("08:30"), "recovery");
    assert.notEqual(rrc00().state, "unreachable");
    assert.ok((rrc00().lastSuccess ?? 0) >= T("11:00"));
  } finally {
    stop.abort();
    await running;
    store.close();
  }

  // The same files through `nightlight replay`: the same figures, bin for bin.
  const ref = join(dir, "ref.db");
  for (const [from, until] of [["2002-07-22T23:55Z", "2002-07-23T00:30Z"]] as const) {
    const r = await runCli(["replay", "--collector", "rrc00", "--full-feed-v4", "100000", "--kinds", "country,asn", "--from", from, "--until", until, "--archive", archive, "--db", ref]);
    assert.equal(r.code, 0, r.stderr);
  }
  const live = openStore(db, { readonly: true });
  const replayed = openStore(ref, { readonly: true });
  try {
    for (const entity of ["asn/80", "asn/1455", "country/US", "country/DE"]) {
      const a = values(live, entity, T("00:00") - BIN, T("00:30"));
      assert.ok(a.every((v) => typeof v === "number"), `${entity}: ${a.join(",")}`);
      assert.deepEqual(a, values(replayed, entity, T("00:00") - BIN, T("00:30")), entity);
      assert.ok(values(live, entity, T("00:30"), T("08:20")).every((v) => v === null), `${entity}: the hole has no data, never stale counts`);
      // After the hole: the RIB of 08:00 plus its updates equals the RIB of 00:00 plus the same updates.
      assert.equal(values(live, entity, T("08:25"), T("08:30"))[0], values(replayed, entity, T("00:00"), T("00:05"))[0], entity);
    }
  } finally {
    live.close();
    replayed.close();
  }
});

test("a collector whose archive stays unreachable past its deadline, while another answers, is a hole: the others' bins go on", { skip: SKIP }, async () => {
  const db = join(dir, "two.db");
  const store = openStore(db);
  const clock = new ManualClock(T("00:30"));
  const health = new SourceHealthRegistry(clock);
  const stop = new AbortController();
  const logs: string[] = [];
  server.failing = /^rrc01\//;
  const settings = {
    collectors: ["rrc00", "rrc01"], binMs: BIN, fullFeedV4: 100_000, fullFeedV6: 10_000, visibleShare: 0.5, kinds: new Set(["country", "asn"] as const),
    archive: server.url, cacheDir: join(dir, "cache-two"), retries: 0, backfillMs: 35 * 60_000, holeAfterMs: 60 * 60_000, replace: false, db,
  };
  const entry = (id: string): SourceHealth | undefined => health.list().find((e) => e.id === id);
  const running = runIngest([archiveIngest(settings)], { store, clock, signal: stop.signal, health, log: (line) => logs.push(line), listeners: [] });
  const until = (condition: () => boolean, what: string): Promise<void> =>
    waitFor(condition, what).catch((error: unknown) => {
      throw new Error(`${String(error)}; health ${JSON.stringify(health.list())}; log:\n${logs.join("\n")}`);
    });
  try {
    await until(() => entry("archive:rrc01")?.state === "unreachable", "rrc01 unreachable");
    assert.equal(entry("archive:rrc01")?.since, T("00:30"));
    // Before its RIB's deadline (01:30) rrc01 holds the start back: its RIB may yet come.
    clock.advance(T("01:00"));
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(store.listSources().every((s) => store.getBins(s.id, T("00:00") - BIN, T("01:00")).length === 0), "no bin yet");
    clock.advance(T("01:31"));
    await until(() => logs.some((l) => /rrc01: rrc01\/2002\.07\/bview\.20020723\.0000\.gz counted as missing: the archive has been unreachable since 2002-07-23 00:30 UTC/.test(l)), "rrc01's RIB counted as missing");
    const source = (): ReturnType<Store["getSource"]> => store.listSources().find((s) => s.name === "bgp:rrc00+rrc01");
    await until(() => source() !== undefined && store.hasBin(source()!.id, T("00:20")), "rrc00's bins");
    const bins = store.getBins(source()!.id, T("00:00") - BIN, T("00:25"));
    assert.equal(bins.length, 6);
    assert.ok(bins.every((b) => JSON.stringify(b.provenance.collectors) === '["rrc00"]'), JSON.stringify(bins.map((b) => b.provenance.collectors)));
    assert.equal(entry("archive:rrc01")?.state, "unreachable");
    assert.equal(entry("archive:rrc00")?.lastError, null);
  } finally {
    server.failing = null;
    stop.abort();
    await running;
    store.close();
  }
});
