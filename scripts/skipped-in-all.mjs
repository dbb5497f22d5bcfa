#!/usr/bin/env node
// Lists the tests that were skipped in every run given (reports of scripts/record-tests.mjs,
// one per Node version) and fails if there is one: each test must run under at least one
// Node version of CI (Node 20 lacks node:sqlite, Node 24 cannot load a better-sqlite3
// built for Node 20, and so on). A missing or empty report fails too: its run crashed.
// Its last line counts the results of all the reports: `CI: N passed, N failed, N skipped`.
// Usage: node scripts/skipped-in-all.mjs REPORT…
import { existsSync, readFileSync } from "node:fs";

const reports = process.argv.slice(2);
if (reports.length === 0) {
  console.error("Usage: node scripts/skipped-in-all.mjs REPORT…");
  process.exit(2);
}
/** key → [ran in some report, skip reasons] */
const tests = new Map();
let problems = 0;
const totals = { passed: 0, failed: 0, skipped: 0, todo: 0 };
for (const report of reports) {
  const lines = existsSync(report) ? readFileSync(report, "utf8").split("\n").filter((l) => l !== "") : [];
  if (lines.length === 0) {
    console.error(`${report}: no test recorded (missing or empty report)`);
    problems++;
    continue;
  }
  let skipped = 0;
  for (const line of lines) {
    const { file, line: at, name, ok, skip, todo } = JSON.parse(line);
    if (skip !== null) totals.skipped++;
    else if (todo !== null && todo !== undefined) totals.todo++;
    else if (ok === false) totals.failed++;
    else totals.passed++;
    const key = `${file}:${at} ${name}`;
    const entry = tests.get(key) ?? { ran: false, reasons: [] };
    if (skip === null) entry.ran = true;
    else {
      entry.reasons.push(skip);
      skipped++;
    }
    tests.set(key, entry);
  }
  console.error(`${report}: ${lines.length} tests, ${skipped} skipped`);
}
const never = [...tests].filter(([, entry]) => !entry.ran);
for (const [key, entry] of never) console.error(`  never run: ${key} (${entry.reasons.join(" | ")})`);
if (never.length > 0) problems++;
else console.error(`Every one of the ${tests.size} tests ran under at least one Node version.`);
if (totals.todo > 0) console.log(`${totals.todo} todo tests (known gaps named in their todo text; they do not fail the run)`);
console.log(`CI: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(problems === 0 ? 0 : 1);
