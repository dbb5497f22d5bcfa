import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { alertsConfigSchema } from "../alerts/alerts-config.ts";
import { openStore } from "../store/open-store.ts";
import { configChannels } from "./alert-channels.ts";
import { AlertDispatcher } from "./alert-dispatcher.ts";
import { EventTracker } from "./event-tracker.ts";
import { resolveHttpTokens } from "./http-tokens-config.ts";

const dir = mkdtempSync(join(tmpdir(), "nightlight-dispatcher-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const HOUR = 3_600_000;

test("the delivery loop delivers what the tracker queues, retries a failure, and stops cleanly", async () => {
  let calls = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(calls++ === 0 ? 502 : 204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const store = openStore(join(dir, "d.db"));
  const source = store.defineSource({ name: "import:xx.csv", digest: "sha256:xx", kind: "import", parameters: {}, methods: { probing: "imported" } });
  const now = Date.now();
  const start = Math.floor(now / HOUR) * HOUR - 200 * HOUR;
  // 200 hours at 1000, the last 3 cut to 100: an event whose opening is news.
  store.putPoints(Array.from({ length: 200 }, (_, h) => ({ entity: "country/XX", signal: "probing", time: start + h * HOUR, value: h >= 197 ? 100 : 1000 })), source, { stepMs: HOUR });
  const alerts = alertsConfigSchema.parse({
    webhooks: [{ name: "ops", url, secret: "s3cret-s3cret" }],
    subscriptions: [{ entity: "country/XX", channels: ["webhook:ops"] }],
    historyAfterMs: 4 * HOUR,
    retry: { attempts: 3, firstDelayMs: 100, maxDelayMs: 100 },
  });
  new EventTracker(store, { alerts }).catchUp();
  assert.equal(store.events.outbox().length, 1);
  const rounds: unknown[] = [];
  const dispatcher = new AlertDispatcher(store, { channels: configChannels(alerts), retry: alerts.retry, pollMs: 50, onRound: (r) => rounds.push(r) });
  dispatcher.start();
  while (store.events.outbox()[0]?.status !== "sent") await new Promise((r) => setTimeout(r, 20));
  await dispatcher.stop();
  assert.deepEqual([calls, store.events.outbox()[0]?.attempts], [2, 2], "the 502, then the delivery");
  assert.ok(rounds.length >= 2);
  store.close();
  await new Promise((resolve) => server.close(resolve));
});

test("http.tokens: digests from the environment, checked to be SHA-256 hex", () => {
  const hex = "a".repeat(64);
  assert.deepEqual(resolveHttpTokens([{ name: "desk", sha256: { env: "T" }, scopes: ["write"] }], { T: hex.toUpperCase() }), [{ name: "desk", sha256: hex, scopes: ["write"] }]);
  assert.throws(() => resolveHttpTokens([{ name: "desk", sha256: { env: "T" }, scopes: ["write"] }], { T: "short" }), /http\.tokens\[0\] \(desk\): sha256 must be 64 hex digits/);
});
