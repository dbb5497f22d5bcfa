/**
 * Alerts end to end with real components: the tracker on Monash's Iran 2019 index
 * (../shared/data/outages; test/events-track.test.ts has the figures), a real webhook
 * receiver (node:http on 127.0.0.1) that verifies each signature as docs/events.md
 * tells receivers to, a real SMTP server (Debian's Postfix, test/postfix-server.ts) and
 * the real CLI as a child process killed with SIGKILL while a delivery is in flight.
 * One alert per transition and target; retries with backoff when the receiver fails;
 * none lost and none doubled but the one in flight (sent again with its delivery id,
 * for the receiver to drop).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { alertsConfigSchema } from "../src/alerts/alerts-config.ts";
import { verifyWebhook } from "../src/alerts/sign-webhook.ts";
import { configChannels } from "../src/service/alert-channels.ts";
import { deliverAlerts } from "../src/service/deliver-alerts.ts";
import { EventTracker } from "../src/service/event-tracker.ts";
import { openStore } from "../src/store/open-store.ts";
import { type PostfixServer, postfixMissing, startPostfix } from "./postfix-server.ts";
import { runCli } from "./run-cli.ts";
import { REPO_ROOT, shared, sharedDataMissing } from "./shared-data.ts";

const SKIP = sharedDataMissing() ?? false;
const SECRET = "correct horse battery staple, 2019";
const FILE = "monash_ipobs_irn-2019-11-11_gif.csv";
const IMPORT_ARGS = ["--time-column", "time_e", "--local-epoch", "--time-zone", "+03:30", "--value-column", "connectivity", "--signal", "ipobs",
  "--entity-template", "county/IR/{name_1}/{name_2}", "--rollup", "region/IR/{name_1}", "--rollup", "country/IR"];
/** Ten years: the 2019 transitions count as news, so that each one alerts. */
const AS_NEWS = 10 * 365 * 86_400_000;
const dir = mkdtempSync(join(tmpdir(), "nightlight-alerts-"));
let n = 0;
const fresh = (): string => join(dir, `t${n++}.db`);

/** A request the receiver got, with what its signature check said. */
interface Received {
  readonly delivery: string;
  readonly transition: string;
  readonly body: Record<string, unknown>;
  readonly verified: string | undefined;
}

/** A webhook receiver on loopback; `answer` decides each status (or holds the answer: undefined). */
class Receiver {
  readonly received: Received[] = [];
  answer: (r: Received) => number | undefined = () => 200;
  readonly #held: ServerResponse[] = [];
  #server: Server | undefined;
  onRequest: ((r: Received) => void) | undefined;

  async start(): Promise<string> {
    this.#server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const parts: Buffer[] = [];
      req.on("data", (c: Buffer) => parts.push(c));
      req.on("end", () => {
        const text = Buffer.concat(parts).toString("utf8");
        const header = (name: string): string | undefined => (typeof req.headers[name] === "string" ? req.headers[name] : undefined);
        const r: Received = {
          delivery: header("nightlight-delivery") ?? "", transition: header("nightlight-transition") ?? "",
          body: JSON.parse(text) as Record<string, unknown>,
          verified: verifyWebhook(SECRET, { signature: header("nightlight-signature"), timestamp: header("nightlight-timestamp") }, text),
        };
        this.received.push(r);
        this.onRequest?.(r);
        const status = this.answer(r);
        if (status === undefined) this.#held.push(res);
        else res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  async stop(): Promise<void> {
    for (const res of this.#held) res.destroy();
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}

const receiver = new Receiver();
let url = "";
let smtp: PostfixServer | undefined;
const SMTP_SKIP = postfixMissing() ?? false;

before(async () => {
  url = await receiver.start();
  if (SMTP_SKIP === false && SKIP === false) smtp = await startPostfix();
});
after(async () => {
  await receiver.stop();
  await smtp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function config(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    webhooks: [{ name: "ops", url, secret: { env: "NIGHTLIGHT_TEST_SECRET" } }],
    subscriptions: [{ entity: "country/IR", channels: ["webhook:ops"] }],
    historyAfterMs: AS_NEWS,
    retry: { attempts: 5, firstDelayMs: 1000, maxDelayMs: 60_000 },
    ...extra,
  };
}

async function imported(): Promise<string> {
  const db = fresh();
  const r = await runCli(["import", shared("outages", FILE), "--db", db, ...IMPORT_ARGS]);
  assert.equal(r.code, 0, r.stderr);
  return db;
}

test("webhook: one signed alert per transition of Iran's event; a failing receiver gets each again with backoff until it answers 2xx", { skip: SKIP }, async () => {
  const alerts = alertsConfigSchema.parse(config());
  const store = openStore(await imported());
  try {
    new EventTracker(store, { alerts }).catchUp();
    const outbox = store.events.outbox();
    const iran = store.events.list({ entities: ["country/IR"] }).events[0];
    assert.ok(iran !== undefined);
    // open, deepening below 10 %, deepening below 5 %: one alert each, to the one channel.
    assert.deepEqual(outbox.map((a) => [a.event, a.seq, a.target]), [[iran.id, 1, "webhook:ops"], [iran.id, 2, "webhook:ops"], [iran.id, 3, "webhook:ops"]]);
    const channels = configChannels(alerts, { NIGHTLIGHT_TEST_SECRET: SECRET });
    // Rows are due from when they were queued (now); the rounds then run on a clock of their own.
    let clock = Date.now() + 1000;
    const fails = new Map<string, number>();
    receiver.received.length = 0;
    receiver.answer = (r) => {
      const seen = fails.get(r.delivery) ?? 0;
      fails.set(r.delivery, seen + 1);
      return seen < 2 ? 503 : 200;
    };
    const first = await deliverAlerts(store, { channels, retry: alerts.retry, now: () => clock });
    assert.deepEqual(first, { sent: 0, retried: 3, failed: 0 });
    const [pending] = store.events.outbox();
    assert.deepEqual([pending?.status, pending?.attempts, pending?.nextAttempt, pending?.lastError], ["pending", 1, clock + 1000, `POST to ${new URL(url).origin} answered HTTP 503`]);
    assert.deepEqual(await deliverAlerts(store, { channels, retry: alerts.retry, now: () => clock }), { sent: 0, retried: 0, failed: 0 }, "not due yet");
    clock += 1000;
    assert.deepEqual(await deliverAlerts(store, { channels, retry: alerts.retry, now: () => clock }), { sent: 0, retried: 3, failed: 0 });
    assert.equal(store.events.outbox()[0]?.nextAttempt, clock + 2000, "the delay doubles");
    clock += 2000;
    assert.deepEqual(await deliverAlerts(store, { channels, retry: alerts.retry, now: () => clock }), { sent: 3, retried: 0, failed: 0 });
    assert.deepEqual(await deliverAlerts(store, { channels, retry: alerts.retry, now: () => clock + 1e9 }), { sent: 0, retried: 0, failed: 0 }, "sent once");
    assert.equal(receiver.received.length, 9, "3 alerts × 3 attempts");
    assert.deepEqual(receiver.received.map((r) => r.verified), new Array(9).fill(undefined), "every signature verifies");
    assert.deepEqual([...new Set(receiver.received.map((r) => r.transition))], [`${iran.id}.1`, `${iran.id}.2`, `${iran.id}.3`]);
    const body = receiver.received.at(-1)?.body as { transition: Record<string, unknown>; event: Record<string, unknown> };
    assert.equal(body.event["entity"], "country/IR");
    assert.equal(body.event["start"], "2019-11-16T17:30:00Z");
    assert.equal(body.transition["state"], "deepening");
    assert.equal(verifyWebhook("another secret", { signature: "v1=00", timestamp: String(Math.floor(Date.now() / 1000)) }, "{}"), "signature does not match");
  } finally {
    store.close();
  }
});

test("a receiver that never answers 2xx: the alert is given up after the configured attempts, with its last error", { skip: SKIP }, async () => {
  const alerts = alertsConfigSchema.parse(config({ retry: { attempts: 2, firstDelayMs: 100, maxDelayMs: 100 } }));
  const store = openStore(await imported());
  try {
    new EventTracker(store, { alerts }).catchUp();
    receiver.answer = () => 500;
    const channels = configChannels(alerts, { NIGHTLIGHT_TEST_SECRET: SECRET });
    const t = Date.now() + 1000;
    assert.deepEqual(await deliverAlerts(store, { channels, retry: alerts.retry, now: () => t }), { sent: 0, retried: 3, failed: 0 });
    assert.deepEqual(await deliverAlerts(store, { channels, retry: alerts.retry, now: () => t + 100 }), { sent: 0, retried: 0, failed: 3 });
    assert.match(store.events.outbox()[0]?.lastError ?? "", /^gave up after 2 attempts: POST to .* answered HTTP 500$/);
  } finally {
    store.close();
  }
});

test("e-mail through Postfix on loopback: one message per transition, its Message-ID from the delivery", { skip: SKIP || SMTP_SKIP }, async () => {
  assert.ok(smtp !== undefined);
  const alerts = alertsConfigSchema.parse(config({
    webhooks: [],
    email: [{ name: "desk", to: ["desk@example.test"] }],
    smtp: { host: "127.0.0.1", port: smtp.port, from: "nightlight@nightlight.test" },
    subscriptions: [{ entity: "region/IR/Fars", channels: ["email:desk"] }],
  }));
  const store = openStore(await imported());
  try {
    new EventTracker(store, { alerts }).catchUp();
    const fars = store.events.list({ entities: ["region/IR/Fars"] }).events[0];
    assert.ok(fars !== undefined);
    const expected = store.events.history(fars.id).filter((t) => ["open", "deepening", "closed"].includes(t.state)).length;
    assert.ok(expected >= 1);
    const result = await deliverAlerts(store, { channels: configChannels(alerts), retry: alerts.retry });
    assert.deepEqual(result, { sent: expected, retried: 0, failed: 0 });
    // Headers unfolded (RFC 5322 §2.2.3: a long Subject is folded onto two lines), the
    // quoted-printable body's soft line breaks joined (RFC 2045 §6.7).
    const mails = (await smtp.waitFor(expected)).map((m) => {
      const [head = "", ...body] = m.split(/\r?\n\r?\n/);
      return `${head.replace(/\r?\n[ \t]+/g, " ")}\n\n${body.join("\n\n").replace(/=\r?\n/g, "")}`;
    });
    assert.equal(mails.length, expected);
    const opened = mails.find((m) => m.includes(`\nNightlight-Transition: ${fars.id}.1\n`)) ?? "";
    assert.match(opened, /^Subject: \[Nightlight\] Fars, Iran \(region\/IR\/Fars\): outage opened, \d+ % of ordinary levels$/m);
    assert.match(opened, new RegExp(`^Message-ID: <nightlight\\.${fars.id}\\.1\\.\\d+@nightlight\\.test>$`, "m"));
    assert.match(opened, /^To: desk@example\.test$/m);
    assert.match(opened, /^ {2}ipobs: 38\.7\d? against a baseline of [\d.]+ \(critical\) in the bin of 2019-11-16T16:30:00\.000Z$/m, "Fars' 38.7 at 16:30 UTC");
  } finally {
    store.close();
  }
});

/** Runs the CLI in a child process; resolves with its exit code and stderr. */
function child(args: readonly string[], onSpawn?: (kill: () => void) => void): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [join(REPO_ROOT, "bin", "nightlight.js"), ...args], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NIGHTLIGHT_TEST_SECRET: SECRET } });
    let stderr = "";
    proc.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    proc.once("error", reject);
    proc.once("exit", (code, signal) => resolve({ code, signal, stderr }));
    onSpawn?.(() => proc.kill("SIGKILL"));
  });
}

test("kill -9 of the process during a delivery, then a restart: every transition alerted, none twice but the one in flight, with the same delivery id", { skip: SKIP }, async () => {
  const db = await imported();
  const file = join(dir, "config.json");
  writeFileSync(file, JSON.stringify({ alerts: config() }));
  receiver.received.length = 0;
  // The first delivery is held unanswered; the process is killed while it waits.
  receiver.answer = (r) => (receiver.received.indexOf(r) === 0 ? undefined : 200);
  const killed = await child(["events", "--db", db, "--track", "--deliver", "--config", file], (kill) => {
    receiver.onRequest = () => kill();
  });
  receiver.onRequest = undefined;
  assert.equal(killed.signal, "SIGKILL", killed.stderr);
  assert.equal(receiver.received.length, 1);
  const inFlight = receiver.received[0]?.delivery;
  const restarted = await child(["events", "--db", db, "--track", "--deliver", "--config", file]);
  assert.equal(restarted.code, 0, restarted.stderr);
  assert.match(restarted.stderr, /tracking is up to date/);
  assert.match(restarted.stderr, /delivered 3 alerts, 0 to retry, 0 given up/);
  const deliveries = receiver.received.map((r) => r.delivery);
  assert.equal(deliveries.length, 4);
  assert.equal(new Set(deliveries).size, 3, "three transitions, three deliveries");
  assert.deepEqual(deliveries.filter((d) => d === inFlight).length, 2, "only the one in flight at the kill came again, with its id");
  const store = openStore(db, { readonly: true });
  try {
    assert.deepEqual(store.events.outbox().map((a) => [a.status, a.attempts]), [["sent", 2], ["sent", 1], ["sent", 1]]);
  } finally {
    store.close();
  }
  const again = await child(["events", "--db", db, "--track", "--deliver", "--config", file]);
  assert.match(again.stderr, /delivered 0 alerts/);
  assert.equal(receiver.received.length, 4, "a third run sends nothing");
});
