/**
 * What an inside probe measures of one target, each step on its own so that a report
 * can tell what failed: DNS resolution of the name (the configured resolver), a TCP
 * connection to the address, and an HTTPS fetch of the known page (certificate checked
 * against the system's CAs and any configured one, the page checked for its text).
 * The target is reached when the page was fetched (TCP connected, for a target whose
 * port is not 443).
 */
import { Resolver } from "node:dns/promises";
import { request } from "node:https";
import { connect } from "node:net";
import { rootCertificates } from "node:tls";
import type { InsideTarget } from "./inside-config.ts";

/** One step's outcome: whether it worked, how long it took, and why not. */
export interface StepResult {
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
}

/** A target's measurement in one round. */
export interface TargetResult {
  readonly name: string;
  readonly address: string | null;
  readonly dns: StepResult;
  readonly tcp: StepResult;
  /** null when the target is not HTTPS (port other than 443). */
  readonly https: StepResult | null;
  readonly reached: boolean;
}

/** How to measure. */
export interface MeasureOptions {
  readonly resolver?: string;
  readonly timeoutMs: number;
  /** Extra CA certificates (PEM). */
  readonly ca?: string;
  readonly now?: () => number;
}

const why = (error: unknown): string => (error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error)).slice(0, 200);

async function step<T>(now: () => number, run: () => Promise<T>): Promise<{ result: StepResult; value: T | undefined }> {
  const t = now();
  try {
    const value = await run();
    return { result: { ok: true, ms: now() - t }, value };
  } catch (error: unknown) {
    return { result: { ok: false, ms: now() - t, error: why(error) }, value: undefined };
  }
}

function withTimeout<T>(ms: number, what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`${what}: no answer within ${ms} ms`)), ms);
  return run(controller.signal).finally(() => clearTimeout(timer));
}

function tcpConnect(address: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port, timeout: timeoutMs });
    socket.once("connect", () => {
      socket.destroy();
      resolve();
    });
    socket.once("timeout", () => {
      socket.destroy();
      reject(new Error(`ETIMEDOUT after ${timeoutMs} ms`));
    });
    socket.once("error", reject);
  });
}

function fetchPage(target: InsideTarget, address: string, options: MeasureOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const ca = options.ca === undefined ? undefined : [...rootCertificates, options.ca];
    const req = request({
      host: address, servername: target.name, port: target.port ?? 443, path: target.path ?? "/", method: "GET",
      headers: { host: target.name, "user-agent": "nightlight-inside" }, timeout: options.timeoutMs, agent: false,
      ...(ca === undefined ? {} : { ca }),
    }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        if (body.length < 65_536) body += d;
      });
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) reject(new Error(`HTTP ${status}`));
        else if (target.expect !== undefined && !body.includes(target.expect)) reject(new Error("the page does not hold the expected text"));
        else resolve();
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`ETIMEDOUT after ${options.timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

/** Measures one target. */
export async function measureTarget(target: InsideTarget, options: MeasureOptions): Promise<TargetResult> {
  const now = options.now ?? (() => performance.now());
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
  if (options.resolver !== undefined) resolver.setServers([options.resolver]);
  const dns = await step(now, () => withTimeout(options.timeoutMs + 500, "DNS", () => resolver.resolve4(target.name)));
  resolver.cancel();
  const address = target.address ?? dns.value?.[0] ?? null;
  const port = target.port ?? 443;
  if (address === null) {
    const none: StepResult = { ok: false, ms: 0, error: "no address: the name did not resolve" };
    return { name: target.name, address, dns: dns.result, tcp: none, https: port === 443 ? none : null, reached: false };
  }
  const tcp = await step(now, () => tcpConnect(address, port, options.timeoutMs));
  if (port !== 443) return { name: target.name, address, dns: dns.result, tcp: tcp.result, https: null, reached: tcp.result.ok };
  const https = tcp.result.ok
    ? (await step(now, () => fetchPage(target, address, options))).result
    : { ok: false, ms: 0, error: "not tried: TCP did not connect" };
  return { name: target.name, address, dns: dns.result, tcp: tcp.result, https, reached: https.ok };
}
