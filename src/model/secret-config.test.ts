import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { SECRET_CONFIG } from "./secret-config.ts";

test("a secret is its text, or an environment variable's value read at load time", () => {
  const schema = z.strictObject({ password: SECRET_CONFIG });
  assert.deepEqual(schema.parse({ password: "hunter2" }), { password: "hunter2" });
  process.env["NIGHTLIGHT_TEST_SECRET"] = "from-env";
  try {
    assert.deepEqual(schema.parse({ password: { env: "NIGHTLIGHT_TEST_SECRET" } }), { password: "from-env" });
  } finally {
    delete process.env["NIGHTLIGHT_TEST_SECRET"];
  }
  const unset = schema.safeParse({ password: { env: "NIGHTLIGHT_TEST_SECRET" } });
  assert.equal(unset.success, false);
  assert.deepEqual(unset.error?.issues.map((i) => [i.path.join("."), i.message]), [["password", "environment variable NIGHTLIGHT_TEST_SECRET is not set"]]);
  assert.equal(schema.safeParse({ password: { env: "1 bad" } }).success, false);
});
