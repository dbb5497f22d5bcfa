import assert from "node:assert/strict";
import { test } from "node:test";
import { checkEntityId } from "./check-entity-id.ts";

test("checkEntityId() accepts real identifiers, spaces inside a part included", () => {
  for (const id of ["country/IR", "region/IR-09", "asn/44244", "country-asn/IR/44244", "region/IR/Razavi Khorasan", "county/IR/Fars/Shiraz"]) {
    assert.equal(checkEntityId(id), undefined, id);
  }
});

test("checkEntityId() gives the reason for each kind of refused identifier", () => {
  const cases: readonly (readonly [string, RegExp])[] = [
    ["IR", /kind\/code/],
    ["Country/IR", /lower-case/],
    ["country//IR", /empty part/],
    ["country/IR/", /empty part/],
    ["country/../IR", /'\.\.' part/],
    ["country/IR\n", /control characters/],
    ["country/\u0085IR", /control characters/],
    ["region/IR/Fars,Shiraz", /comma/],
    ["country/ IR", /space/],
    [`country/${"x".repeat(300)}`, /at most 200 characters, not 308/],
  ];
  for (const [id, reason] of cases) assert.match(checkEntityId(id) ?? "accepted", reason, JSON.stringify(id));
});
