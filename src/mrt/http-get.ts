/**
 * One HTTP(S) GET with Node's own `node:http` / `node:https` client, following
 * redirects, that yields the body as a Node stream.
 *
 * Why not the global `fetch`: Node's fetch is a bundled copy of undici, and the copy in
 * Node 24.21 kills the process with an uncatchable `AssertionError: assert(!this.paused)`
 * when a server closes the connection after a response (`Connection: close`, as
 * Python's `http.server` and many mirrors do) while the body is paused by backpressure
 * (undici issue #5360, fixed upstream in undici PR #5474 but not in every Node that
 * users run). `mrt stats http://…` of a 3 MB file from `python3 -m http.server`
 * crashed in 28 of 50 runs that way (0 of 50 with this client). `node:http` does not
 * have that bug, behaves the same on Node 20, 22 and 24, and needs no dependency (the
 * fixed `undici` 8 package requires Node ≥ 22.19, not 20).
 */
import { request as requestHttp } from "node:http";
import type { IncomingMessage } from "node:http";
import { request as requestHttps } from "node:https";

/** Options of {@link httpGet}. */
export interface HttpGetOptions {
  /** Aborting destroys the request and the response body. */
  readonly signal?: AbortSignal;
  /** A connection silent this long, before or during the body, fails. Default 5 minutes (undici's default). */
  readonly idleTimeoutMs?: number;
  /** Redirects followed before giving up. Default 20, as in the Fetch standard (§4.4 HTTP-redirect fetch). */
  readonly maxRedirects?: number;
}

/** A response whose status and headers are in; the body is still to be read. */
export interface HttpResponse {
  /** The URL that answered, after redirects. */
  readonly url: string;
  readonly status: number;
  /** The reason phrase, e.g. `Not Found` (may be empty). */
  readonly statusText: string;
  /** A header's value (lower-case name), or null when absent; repeated headers joined by `, `. */
  header(name: string): string | null;
  /** The body bytes: iterate it, pipe it, or `destroy()` it to drop the connection. */
  readonly body: IncomingMessage;
}

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const DEFAULT_IDLE_MS = 300_000;

/**
 * GETs `url` (http: or https:) and resolves once the final response's headers are in,
 * whatever its status; 3xx with a `Location` are followed. Rejects with Node's error
 * (e.g. `connect ECONNREFUSED 127.0.0.1:9`, with its `code`) when no response comes.
 * The body asks for no content coding (`Accept-Encoding: identity`): a `.gz` file
 * arrives as the file's bytes. A body cut short by the server makes iterating `body`
 * throw (Node's `aborted` error, code `ECONNRESET`).
 */
export async function httpGet(url: string, options: HttpGetOptions = {}): Promise<HttpResponse> {
  const maxRedirects = options.maxRedirects ?? 20;
  let current = new URL(url);
  for (let redirects = 0; ; redirects++) {
    const response = await getOnce(current, options);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0) || location === undefined) return wrap(current.href, response);
    response.destroy();
    if (redirects >= maxRedirects) throw new Error(`more than ${maxRedirects} redirects (last to ${location})`);
    current = new URL(location, current);
    if (current.protocol !== "http:" && current.protocol !== "https:") {
      throw new Error(`redirected to ${current.href}, which is not http(s)`);
    }
  }
}

/**
 * One request. A kept-alive connection that the server closed while idle fails the
 * next request with ECONNRESET before any response; such a request is sent again once
 * on a new connection, as Node's documentation advises (`request.reusedSocket`).
 */
async function getOnce(url: URL, options: HttpGetOptions): Promise<IncomingMessage> {
  try {
    return await send(url, options);
  } catch (error: unknown) {
    if (!(error instanceof StaleConnection)) throw error;
  }
  try {
    return await send(url, options);
  } catch (error: unknown) {
    throw error instanceof StaleConnection ? error.cause : error;
  }
}

/** The request failed on a reused connection before any response. */
class StaleConnection extends Error {
  override readonly name = "StaleConnection";
}

function send(url: URL, options: HttpGetOptions): Promise<IncomingMessage> {
  const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_MS;
  const request = (url.protocol === "https:" ? requestHttps : requestHttp)(url, {
    method: "GET",
    headers: { "accept-encoding": "identity", "user-agent": "nightlight" },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return new Promise((resolve, reject) => {
    let response: IncomingMessage | undefined;
    request.setTimeout(idleMs, () => {
      const error = new Error(`no data for ${idleMs / 1000} s`);
      // Once the body is being read, its reader must see the error, not an early end.
      response?.destroy(error);
      request.destroy(error);
    });
    // Kept for the whole exchange: a request error after the response (a timeout) must
    // not go unhandled; reject() after resolve() does nothing.
    request.on("error", (error: Error & { code?: string }) => {
      const stale = response === undefined && request.reusedSocket && error.code === "ECONNRESET";
      reject(stale ? new StaleConnection(error.message, { cause: error }) : error);
    });
    request.once("response", (message) => {
      response = message;
      resolve(message);
    });
    request.end();
  });
}

function wrap(url: string, body: IncomingMessage): HttpResponse {
  return {
    url,
    status: body.statusCode ?? 0,
    statusText: body.statusMessage ?? "",
    header: (name) => {
      const value = body.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
    body,
  };
}
