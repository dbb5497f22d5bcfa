import assert from "node:assert/strict";
import { test } from "node:test";
import { shared, sharedDataMissing } from "./shared-data.ts";
import { openMrt } from "../src/mrt/open-mrt.ts";

test("openMrt() iterates records and elements of a real update file", { skip: sharedDataMissing() }, async () => {
  const file = shared("mrt", "bgpdump", "test_data", "updates.20020722.2238.gz");
  const kinds: Record<string, number> = {};
  for await (const record of (await openMrt(file)).records()) kinds[record.kind] = (kinds[record.kind] ?? 0) + 1;
  assert.deepEqual(kinds, { bgp4mp_state_change: 93, bgp4mp_message: 1028 });
  const types: Record<string, number> = {};
  for await (const elem of (await openMrt(file)).elems()) types[elem.type] = (types[elem.type] ?? 0) + 1;
  // The counts of the upstream bgpdump expectation: 825 A, 2419 W, 93 STATE lines.
  assert.deepEqual(types, { STATE: 93, W: 2419, A: 825 });
});
