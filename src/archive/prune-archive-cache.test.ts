import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { archiveCachePath } from "./archive-cache-path.ts";
import { pruneArchiveCache } from "./prune-archive-cache.ts";

test("pruning removes a collector's cached files named before the time, and nothing else", () => {
  const cache = mkdtempSync(join(tmpdir(), "nightlight-prune-"));
  try {
    const base = "http://127.0.0.1:8080/";
    const files = [
      "rrc00/2026.11/updates.20261130.2355.gz", "rrc00/2026.12/bview.20261201.0000.gz", "rrc00/2026.12/updates.20261201.0755.gz",
      "rrc00/2026.12/bview.20261201.0800.gz", "rrc00/2026.12/updates.20261201.0800.gz", "rrc01/2026.12/updates.20261201.0000.gz",
      "route-views.linx/bgpdata/2026.12/UPDATES/updates.20261201.0000.bz2", "bgpdata/2026.12/RIBS/rib.20261201.0000.bz2",
      "rrc00/2026.12/updates.20261201.0000.gz.123.456.part",
    ];
    for (const f of files) {
      const path = archiveCachePath(cache, base, f);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, "x");
    }
    assert.equal(pruneArchiveCache(cache, base, "rrc00", Date.UTC(2026, 11, 1, 8)), 3);
    assert.equal(pruneArchiveCache(cache, base, "route-views2", Date.UTC(2026, 11, 1, 8)), 1);
    const left = files.filter((f) => existsSync(archiveCachePath(cache, base, f)));
    assert.deepEqual(left, [
      "rrc00/2026.12/bview.20261201.0800.gz", "rrc00/2026.12/updates.20261201.0800.gz", "rrc01/2026.12/updates.20261201.0000.gz",
      "route-views.linx/bgpdata/2026.12/UPDATES/updates.20261201.0000.bz2", "rrc00/2026.12/updates.20261201.0000.gz.123.456.part",
    ]);
    assert.equal(pruneArchiveCache(join(cache, "nothing-here"), base, "rrc00", Date.now()), 0);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});
