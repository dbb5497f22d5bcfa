import assert from "node:assert/strict";
import { test } from "node:test";
import { alertsConfigSchema } from "./alerts-config.ts";
import { retryDelay } from "./retry-delay.ts";
import { resolveSecret } from "./secret-config.ts";
import { signWebhook, verifyWebhook } from "./sign-webhook.ts";

const issue = (config: unknown): string => {
  const r = alertsConfigSchema.safeParse(config);
  return r.success ? "ok" : `${r.error.issues[0]?.path.join(".")}: ${r.error.issues[0]?.message}`;
};

test("the alerts section: defaults, and each mistake named by its key path", () => {
  const parsed = alertsConfigSchema.parse({});
  assert.deepEqual([parsed.webhooks, parsed.subscriptions, parsed.historyAfterMs, parsed.retry.attempts], [[], [], 3_600_000, 12]);
  const hook = { name: "ops", url: "https://example.org/hook", secret: { env: "OPS_SECRET" } };
  assert.equal(issue({ webhooks: [hook], subscriptions: [{ entity: "country/IR", channels: ["webhook:ops"] }] }), "ok");
  assert.equal(issue({ webhooks: [hook], subscriptions: [{ entity: "country/IR", channels: ["webhook:other"] }] }), "subscriptions.0.channels.0: names no configured channel 'webhook:other'");
  assert.equal(issue({ webhooks: [{ ...hook, url: "ftp://x" }] }), "webhooks.0.url: must be an http:// or https:// URL");
  assert.equal(issue({ email: [{ name: "desk", to: ["desk@example.org"] }] }), "smtp: is needed by the e-mail channels");
  assert.equal(issue({ subscriptions: [{ entity: "IR", channels: ["webhook:ops"] }] }).startsWith("subscriptions.0.entity"), true);
  assert.equal(issue({ webhooks: [{ ...hook, secret: { env: "1X" } }] }), "webhooks.0.secret.env: must be an environment variable name");
  assert.equal(issue({ surprise: true }).startsWith(": "), true, "unknown keys are refused");
});

test("a secret from the environment; an unset one stops the start, naming the variable", () => {
  assert.equal(resolveSecret({ env: "S" }, { S: "x" }), "x");
  assert.equal(resolveSecret("inline"), "inline");
  assert.throws(() => resolveSecret({ env: "MISSING" }, {}), /environment variable MISSING is not set/);
});

test("signatures: HMAC-SHA256 over timestamp.body; a changed body, another secret or an old timestamp fail", () => {
  const body = '{"a":1}';
  const signature = signWebhook("k", 1_700_000_000, body);
  // Computed apart: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac k
  assert.equal(signature, "v1=1b6ad1bc9bf48c52ce01939866d5877c6cc4e87ddad27e16673cb8c4964394a3");
  assert.equal(verifyWebhook("k", { signature, timestamp: "1700000000" }, body, { now: 1_700_000_100 }), undefined);
  assert.equal(verifyWebhook("k", { signature, timestamp: "1700000000" }, '{"a":2}', { now: 1_700_000_100 }), "signature does not match");
  assert.equal(verifyWebhook("j", { signature, timestamp: "1700000000" }, body, { now: 1_700_000_100 }), "signature does not match");
  assert.match(verifyWebhook("k", { signature, timestamp: "1700000000" }, body, { now: 1_700_001_000 }) ?? "", /more than 300 s/);
});

test("retries back off exponentially up to the ceiling", () => {
  assert.deepEqual([1, 2, 3, 4, 10, 100].map((a) => retryDelay(a, { firstDelayMs: 1000, maxDelayMs: 10_000 })), [1000, 2000, 4000, 8000, 10_000, 10_000]);
});
