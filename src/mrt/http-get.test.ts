import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { httpGet } from "./http-get.ts";

const BODY = Buffer.from("the body\n");
let server: Server;
let base = "";
/** Requests seen per connection, to answer the second one on a connection differently. */
const perSocket = new WeakMap<object, number>();

before(async () => {
  server = createServer((request, response) => {
    const n = (perSocket.get(request.socket) ?? 0) + 1;
    perSocket.set(request.socket, n);
    const path = request.url ?? "/";
    if (path === "/loop") return void response.writeHead(302, { location: "/loop" }).end();
    if (path === "/moved") return void response.writeHead(308, { location: "/file" }).end("moved");
    if (path === "/elsewhere") return void response.writeHead(302, { location: "ftp://127.0.0.1/file" }).end();
    // A server that dropped a kept-alive connection: the next request on it gets a reset.
    if (path === "/drops-reused" && n > 1) return void request.socket.destroy();
    if (path === "/file" || path === "/drops-reused") {
      return void response.writeHead(200, { "content-length": BODY.length, etag: '"e"', "x-twice": ["a", "b"] }).end(BODY);
    }
    response.writeHead(404, "Nowhere").end();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

async function text(body: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(part);
  return Buffer.concat(parts).toString("utf8");
}

test("httpGet() resolves with the status, the headers and the body stream", async () => {
  const response = await httpGet(`${base}/file`);
  assert.equal(response.status, 200);
  assert.equal(response.url, `${base}/file`);
  assert.equal(response.header("ETag"), '"e"');
  assert.equal(response.header("x-twice"), "a, b");
  assert.equal(response.header("x-absent"), null);
  assert.equal(await text(response.body), "the body\n");
  const missing = await httpGet(`${base}/none`);
  assert.deepEqual([missing.status, missing.statusText], [404, "Nowhere"]);
  missing.body.destroy();
});

test("httpGet() follows redirects and gives up on a loop or a non-http target", async () => {
  const response = await httpGet(`${base}/moved`);
  assert.equal(response.url, `${base}/file`);
  assert.equal(await text(response.body), "the body\n");
  await assert.rejects(httpGet(`${base}/loop`, { maxRedirects: 3 }), { message: "more than 3 redirects (last to /loop)" });
  await assert.rejects(httpGet(`${base}/elsewhere`), { message: "redirected to ftp://127.0.0.1/file, which is not http(s)" });
});

test("httpGet() sends a request again on a new connection when a kept-alive one was dropped", async () => {
  const first = await httpGet(`${base}/drops-reused`);
  assert.equal(await text(first.body), "the body\n");
  // The same connection is reused (Node's agent keeps it alive); the server resets it.
  const second = await httpGet(`${base}/drops-reused`);
  assert.equal(second.status, 200);
  assert.equal(await text(second.body), "the body\n");
});
