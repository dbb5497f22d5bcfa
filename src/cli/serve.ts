/**
 * `nightlight serve --db FILE [--port N] [--host ADDR]`: the HTTP API (docs/api.md)
 * over a store opened read-only, until SIGINT or SIGTERM.
 */
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createApp } from "../api/create-app.ts";
import { UsageError } from "../model/errors.ts";
import { loadMobileAsns } from "../service/load-mobile-asns.ts";
import { openStore } from "../store/open-store.ts";
import type { Command, CommandIo } from "./command.ts";
import { parseCliArgs } from "./parse-cli-args.ts";

/** 8080: the usual unprivileged HTTP port; IODA's clients need only the base URL changed. */
export const DEFAULT_PORT = 8080;
/** Loopback by default: serving beyond this machine is a choice made with --host. */
export const DEFAULT_HOST = "127.0.0.1";

const USAGE = `Usage: nightlight serve [--db FILE] [--port N] [--host ADDR]

Serves the store (default nightlight.db, opened read-only) over HTTP until
interrupted (SIGINT or SIGTERM):
  /v2/signals/raw/{entityType}/{entityCode}, /v2/entities/query, /v2/datasources,
  /v2/outages/events, /v2/outages/summary   IODA-compatible: change the base URL
  /v1/series/{entity}/{signal}, /v1/entities, /v1/sources, /v1/verdict,
  /v1/events, /v1/events/{id}, /v1/state      Nightlight's own
  /openapi.json                              every route and parameter
Series and events also come as CSV (?format=csv or Accept: text/csv). docs/api.md
lists IODA's datasources each signal maps to, and every difference from IODA.

Options:
  --db FILE     store file (default nightlight.db)
  --port N      TCP port, 0 for any free one (default ${DEFAULT_PORT})
  --host ADDR   address to listen on (default ${DEFAULT_HOST}, this machine only)
`;

/** The port option as a number 0–65535. */
function portOption(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) throw new UsageError(`--port must be a number from 0 to 65535, not '${text}'`);
  return port;
}

/** Resolves once the server listens, with the address it got. */
function listen(fetch: (request: Request) => Response | Promise<Response>, port: number, hostname: string): Promise<{ server: ServerType; address: AddressInfo }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (address) => resolve({ server, address }));
    server.once("error", reject);
  });
}

/** Resolves at the first SIGINT or SIGTERM. */
function interrupted(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values: v } = parseCliArgs({
    args: [...args],
    options: { db: { type: "string" }, store: { type: "string" }, port: { type: "string" }, host: { type: "string" } },
  });
  const port = portOption(v.port);
  const host = v.host ?? DEFAULT_HOST;
  const file = v.db ?? v.store ?? "nightlight.db";
  const store = openStore(file, { readonly: true });
  try {
    const series = store.listSignals().length;
    const app = createApp({ store, mobileAsns: loadMobileAsns() }, {
      onInternalError: (error) => io.stderr.write(`nightlight serve: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
    });
    const stopped = interrupted();
    const { server, address } = await listen(app.fetch, port, host);
    const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
    io.stderr.write(`nightlight serve: http://${shown}:${address.port}/ serving ${file} (${series} series, read-only); /openapi.json lists the routes; Ctrl-C stops\n`);
    const signal = await stopped;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    io.stderr.write(`nightlight serve: stopped (${signal})\n`);
    return 0;
  } finally {
    store.close();
  }
}

export const SERVE: Command = {
  words: ["serve"],
  summary: "serve the store over HTTP: IODA-compatible /v2 and Nightlight's /v1 API",
  usage: USAGE,
  run,
};
