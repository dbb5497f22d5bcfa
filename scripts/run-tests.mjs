#!/usr/bin/env node
// Runs every compiled *.test.js under dist/ with Node's own test runner, under a
// non-UTC time zone so that no test passes by relying on the machine's zone.
// Usage: node scripts/run-tests.mjs [substring…] (only files whose path contains one).
//
// tsc never deletes what it compiled before: the .js of a deleted or renamed .ts stays
// in dist/ and a stale test would still run. So first every compiled file whose source
// is gone is removed (dist/X.js and dist/X.js.map belong to X.ts, rootDir "."), which
// keeps the incremental build and a targeted run fast.
//
// Environment: NIGHTLIGHT_TEST_REPORT=FILE also records every test and whether it was
// skipped into FILE (scripts/record-tests.mjs), which .ci/run compares across Node versions.
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

function* walk(dir, suffixes) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p, suffixes);
    else if (suffixes.some((s) => p.endsWith(s))) yield p;
  }
}

if (!existsSync("dist")) {
  console.error("No dist/ folder: run `npm run build` first.");
  process.exit(1);
}
const stale = [];
// dist/web is the dashboard's bundle (vite), not tsc's output: its files have no .ts of their own.
const bundle = join("dist", "web");
for (const compiled of walk("dist", [".js", ".js.map"])) {
  if (compiled.startsWith(`${bundle}/`)) continue;
  const source = relative("dist", compiled).replace(/\.js(\.map)?$/, ".ts");
  if (!existsSync(source)) {
    rmSync(compiled);
    stale.push(compiled);
  }
}
if (stale.length > 0) console.error(`Removed ${stale.length} compiled files whose source is gone: ${stale.join(", ")}`);

const filters = process.argv.slice(2);
const files = [...walk("dist", [".test.js"])].filter((f) => !f.startsWith(`${bundle}/`)).filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))).sort();
if (files.length === 0) {
  console.error("No test files found under dist/: run `npm run build` first.");
  process.exit(1);
}
const report = process.env["NIGHTLIGHT_TEST_REPORT"];
const reporters = ["--test-reporter=spec", "--test-reporter-destination=stdout"];
if (report !== undefined && report !== "") {
  reporters.push(`--test-reporter=${fileURLToPath(new URL("record-tests.mjs", import.meta.url))}`, `--test-reporter-destination=${report}`);
}
console.error(`Running ${files.length} test files with Node ${process.version}`);
const result = spawnSync(process.execPath, ["--test", ...reporters, ...files], {
  stdio: "inherit",
  env: { ...process.env, TZ: "Asia/Tehran" },
});
process.exit(result.status ?? 1);
