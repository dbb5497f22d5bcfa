import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openStore } from "../store/open-store.ts";
import { relatedSignals } from "./related-signals.ts";

test("relatedSignals() reads an entity, what lies within it and its country, nothing else", () => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-related-"));
  try {
    const store = openStore(join(dir, "n.db"));
    const ids = ["country/IR", "region/IR-07", "region/IR/Fars", "county/IR/Fars/Shiraz", "country-asn/IR/44244", "asn/44244", "country/IQ", "region/IQ-BG", "country-asn/IQ/50710"];
    store.putPoints(ids.map((entity) => ({ entity, signal: "bgp", time: 0, value: 1 })), "test");
    const of = (e: string): string[] => relatedSignals(store, e).map((s) => s.entity).sort();
    assert.deepEqual(of("country/IR"), ["country-asn/IR/44244", "country/IR", "county/IR/Fars/Shiraz", "region/IR-07", "region/IR/Fars"]);
    assert.deepEqual(of("region/IR/Fars"), ["country/IR", "county/IR/Fars/Shiraz", "region/IR/Fars"]);
    assert.deepEqual(of("asn/44244"), ["asn/44244"]);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
