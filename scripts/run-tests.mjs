#!/usr/bin/env node
// Runs every compiled *.test.js under dist/ with Node's own test runner, under a
// non-UTC time zone so that no test passes by relying on the machine's zone.
// Usage: node scripts/run-tests.mjs [substring…] (only files whose path contains one).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (p.endsWith(".test.js")) yield p;
  }
}
const filters = process.argv.slice(2);
const files = [...walk("dist")].filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))).sort();
if (files.length === 0) {
  console.error("No test files found under dist/: run `npm run build` first.");
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--test", "--test-reporter=spec", ...files], {
  stdio: "inherit",
  env: { ...process.env, TZ: "Asia/Tehran" },
});
process.exit(result.status ?? 1);
