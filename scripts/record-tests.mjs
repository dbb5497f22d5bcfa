// A reporter for Node's test runner (`--test-reporter=./scripts/record-tests.mjs`): one
// JSON line per finished test (not per describe() group), `{"file","line","name","ok","skip","todo"}`
// with the file relative to the working directory, `ok` false for a failure and `skip`
// the skip reason (null when the test ran). Written by scripts/run-tests.mjs when
// NIGHTLIGHT_TEST_REPORT is set, read by scripts/skipped-in-all.mjs to find tests that no
// Node version runs.
import { relative } from "node:path";

/** Turns the runner's event stream into JSON lines. */
export default async function* recordTests(source) {
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const { file, line, name, skip } = event.data;
    if (file === undefined) continue; // a file-level failure, reported by the spec reporter
    if (event.data.details?.type === "suite") continue; // a describe() group: its tests count
    const reason = skip === undefined || skip === false ? null : skip === true ? "" : String(skip);
    const ok = event.type === "test:pass";
    // A todo test (a known, documented gap) does not fail the run, whatever its outcome.
    const todo = event.data.todo === undefined || event.data.todo === false ? null : event.data.todo === true ? "" : String(event.data.todo);
    yield `${JSON.stringify({ file: relative(process.cwd(), file), line: line ?? null, name, ok, skip: reason, todo })}\n`;
  }
}
