#!/usr/bin/env node
// The lab's small servers, started by lab/lab.sh inside the lab's namespaces:
//
//   lab-server.mjs https --cert PEM --key PEM --site ADDR:PORT=NAME…
//       an HTTPS server per site, answering GET / with a page that names the site
//       (the "known page" the inside probe fetches and checks)
//   lab-server.mjs relay --listen ADDR:PORT --unix PATH
//       a TCP relay from ADDR:PORT (an address inside a namespace) to a Unix socket
//       (which every namespace can reach through the file system): how the lab's
//       probes reach an observatory that listens outside the namespaces
//
// Plain JavaScript, so that the lab runs from a checkout without a build.
import { readFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { connect, createServer } from "node:net";
import { parseArgs } from "node:util";

/** The page a site serves: the inside probe checks for this text. */
export function knownPage(name) {
  return `Nightlight lab: ${name}\n`;
}

function splitAddress(text, flag) {
  const colon = text.lastIndexOf(":");
  const port = Number(text.slice(colon + 1));
  if (colon < 1 || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${flag} '${text}' is not ADDRESS:PORT`);
  return { host: text.slice(0, colon), port };
}

function https(args) {
  const { values } = parseArgs({ args, options: { cert: { type: "string" }, key: { type: "string" }, site: { type: "string", multiple: true } } });
  if (values.cert === undefined || values.key === undefined || values.site === undefined) throw new Error("https needs --cert, --key and at least one --site");
  const tls = { cert: readFileSync(values.cert), key: readFileSync(values.key) };
  for (const site of values.site) {
    const eq = site.indexOf("=");
    if (eq < 0) throw new Error(`--site '${site}' is not ADDR:PORT=NAME`);
    const { host, port } = splitAddress(site.slice(0, eq), "--site");
    const name = site.slice(eq + 1);
    const server = createHttpsServer(tls, (request, response) => {
      if (request.url !== "/") {
        response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
        return;
      }
      response.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(knownPage(name));
    });
    server.listen(port, host, () => console.error(`lab-server: https://${name} on ${host}:${port}`));
  }
}

function relay(args) {
  const { values } = parseArgs({ args, options: { listen: { type: "string" }, unix: { type: "string" } } });
  if (values.listen === undefined || values.unix === undefined) throw new Error("relay needs --listen and --unix");
  const { host, port } = splitAddress(values.listen, "--listen");
  const path = values.unix;
  const server = createServer((client) => {
    const upstream = connect(path);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close);
    upstream.on("error", close);
  });
  server.listen(port, host, () => console.error(`lab-server: relay ${host}:${port} → ${path}`));
}

const [mode, ...rest] = process.argv.slice(2);
try {
  if (mode === "https") https(rest);
  else if (mode === "relay") relay(rest);
  else throw new Error("usage: lab-server.mjs https|relay …");
} catch (error) {
  console.error(`lab-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
