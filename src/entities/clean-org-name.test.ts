import assert from "node:assert/strict";
import { test } from "node:test";
import { cleanOrgName } from "./clean-org-name.ts";

test("cleanOrgName() removes wrapping quotes and an unmatched trailing quote, keeps quotes of the name", () => {
  assert.equal(cleanOrgName('"Rightel Communication Service Company PJS"'), "Rightel Communication Service Company PJS");
  assert.equal(cleanOrgName('accompio SmarTec GmbH"'), "accompio SmarTec GmbH");
  assert.equal(cleanOrgName('LLC "SPUTNIK"'), 'LLC "SPUTNIK"');
  assert.equal(cleanOrgName('"TRK" "AMOS" LLC'), '"TRK" "AMOS" LLC');
  assert.equal(cleanOrgName("  Iran Cell Service and Communication Company "), "Iran Cell Service and Communication Company");
});
