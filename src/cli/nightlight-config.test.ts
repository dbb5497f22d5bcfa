import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { UsageError } from "../model/errors.ts";
import { loadConfig } from "./nightlight-config.ts";

const dir = mkdtempSync(join(tmpdir(), "nightlight-config-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(json: unknown): string {
  const path = join(dir, `c${++n}.json`);
  writeFileSync(path, typeof json === "string" ? json : JSON.stringify(json));
  return path;
}
function refused(json: unknown, message: RegExp): void {
  const path = file(json);
  assert.throws(() => loadConfig(path), (e: unknown) => e instanceof UsageError && e.message.startsWith(`--config ${path}: `) && message.test(e.message), String(message));
}

test("the example config in the repository reads, with every section", () => {
  const config = loadConfig(join(import.meta.dirname, "..", "..", "..", "nightlight.example.json"));
  assert.ok(config.sources?.collectors !== undefined && config.sources.collectors.length >= 3);
  assert.equal(config.http?.port, 8080);
  assert.ok(config.signals?.["bgp"] !== undefined);
});

test("errors name the file and the key path", () => {
  refused({ sources: { collectors: ["rrc99"] } }, /sources\.collectors\[0\]: Unknown collector "rrc99"/);
  refused({ sources: { backfillHours: "24" } }, /sources\.backfillHours: .*number/);
  refused({ http: { port: 70000 } }, /http\.port: /);
  refused({ sources: { colectors: ["rrc00"] } }, /unknown key "colectors" in sources/);
  refused({ stores: {} }, /unknown section "stores" \(the sections are store, http, sources, signals/);
  refused({ signals: { bgp: { critical: 0.9, warning: 0.5 } } }, /signals\.bgp: Invalid alert levels for signal bgp/);
  refused({ signals: { bgp: { critcal: 0.4 } } }, /unknown key "critcal" in signals\.bgp/);
  refused({ bgp: { critical: 0.4 } }, /"bgp" is not a section: per-signal detection settings go under "signals"/);
  refused("{ not json", /JSON/);
  refused("[]", /expected a JSON object of sections/);
  assert.throws(() => loadConfig(join(dir, "absent.json")), /absent\.json: no such file/);
  assert.throws(() => loadConfig(dir), /is a folder, not a JSON file/);
});

test("no file is an empty config; a BOM is allowed", () => {
  assert.deepEqual(loadConfig(undefined), {});
  assert.deepEqual(loadConfig(file('\uFEFF{"store": {"db": "x.db"}}')), { store: { db: "x.db" } });
});
