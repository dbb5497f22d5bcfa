/**
 * The embedded defaults behind README's first command: `nightlight replay` with no flag
 * replays the last published hour of rrc00, and `nightlight signals --entity E` prints
 * the day up to the newest stored bin.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { replaySettings } from "../src/cli/replay.ts";
import { openStore } from "../src/store/open-store.ts";
import { runCli } from "./run-cli.ts";

test("nightlight replay without flags: rrc00, the hour ending at the last bin RIS has published", () => {
  const now = Date.UTC(2026, 10, 23, 13, 7, 30);
  const s = replaySettings([], now);
  assert.deepEqual(s.collectors, ["rrc00"]);
  assert.equal(new Date(s.until).toISOString(), "2026-11-23T12:50:00.000Z");
  assert.equal(new Date(s.from).toISOString(), "2026-11-23T11:50:00.000Z");
  const given = replaySettings(["--collector", "route-views2", "--from", "2019-11-16T10:02Z", "--until", "2019-11-16T11:58Z"], now);
  assert.deepEqual([given.collectors, given.from, given.until], [["route-views2"], Date.UTC(2019, 10, 16, 10, 0), Date.UTC(2019, 10, 16, 12, 0)]);
});

test("nightlight signals without --from and --until prints the day up to the newest stored bin", async () => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-defaults-"));
  try {
    const db = join(dir, "n.db");
    const store = openStore(db);
    const last = Date.UTC(2026, 10, 23, 12, 45);
    store.putPoints([{ time: last - 300_000, entity: "country/IR", signal: "bgp", value: 1000 }, { time: last, entity: "country/IR", signal: "bgp", value: 998 }], "test");
    store.close();
    const out = await runCli(["signals", "--db", db, "--entity", "country/IR", "--format", "csv"]);
    assert.equal(out.code, 0, out.stderr);
    const lines = out.stdout.trim().split("\n");
    assert.equal(lines[0], "time,entity,signal,value");
    assert.equal(lines.length, 1 + 288);
    assert.equal(lines.at(-1), "2026-11-23T12:45:00Z,country/IR,bgp,998");
    assert.equal(lines.at(-3), "2026-11-23T12:35:00Z,country/IR,bgp,");
    const none = await runCli(["signals", "--db", db, "--entity", "country/SY"]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /holds no bgp signal of country\/SY/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
