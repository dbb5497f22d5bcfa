/**
 * One JSON POST over http(s) with node:http (as the archive reader, not fetch: Node 24's
 * fetch failed on servers that close each connection). Resolves with the status and
 * the body's text; rejects on network errors and on the timeout.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

/** Options of postJson. */
export interface PostOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** CA certificate(s) to trust for https. */
  readonly ca?: string | Buffer;
}

/** The answer to a POST. */
export interface PostAnswer {
  readonly status: number;
  readonly body: string;
}

/** POSTs `body` (JSON text) to `url`. */
export function postJson(url: string, body: string, options: PostOptions = {}): Promise<PostAnswer> {
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...options.headers },
      timeout: options.timeoutMs ?? 10_000,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer from ${target.host} within ${options.timeoutMs ?? 10_000} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}
