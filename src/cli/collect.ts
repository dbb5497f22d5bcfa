/**
 * `nightlight collect`: the route collector alone (for a machine at an exchange point
 * feeding a central observatory): the passive BGP speaker's sessions, recorded to MRT in
 * RIS's layout, their bins stored, until SIGINT or SIGTERM.
 */
import { interrupted } from "./interrupted.ts";
import { renameSync, writeFileSync } from "node:fs";
import { UsageError } from "../model/errors.ts";
import { liveConfigSchema, parseListen, type LiveConfig } from "../live/live-config.ts";
import { loadConfig } from "./nightlight-config.ts";
import { canonicalAddress } from "../live/canonical-address.ts";
import { BGP_ENTITY_KINDS, type BgpEntityKind } from "../routing/bin-points.ts";
import { startLiveBgpSource, type LiveBgpSource } from "../service/live-bgp-source.ts";
import { openStore } from "../store/open-store.ts";
import type { Command, CommandIo } from "./command.ts";
import { echo, parseCliArgs } from "./parse-cli-args.ts";
import { stepOption } from "./step-option.ts";

const USAGE = `Usage: nightlight collect --config FILE
       nightlight collect --local-as N --listen ADDRESS[:PORT] --peer ADDRESS,ASN[,active]… [options]

Runs a passive BGP speaker: peers with the routers named (it never announces a route),
records every session to MRT as RIPE RIS does (BGP4MP_ET, a file every 5 minutes,
COLLECTOR/YYYY.MM/updates.YYYYMMDD.HHMM.gz, readable by bgpdump and by
\`nightlight replay --archive DIR --collector COLLECTOR\`), and stores the BGP signal of
its peers every bin, within seconds of the bin's end. A connection from an address that
is not a configured peer is refused and logged. Stops on SIGINT or SIGTERM, ending each
session with a Cease NOTIFICATION.

Options (they override the file's):
  --config FILE          JSON with a "live" section (docs/live-bgp.md) and "store": { "db" }
  --local-as N           our AS number (4-byte ASNs allowed)
  --router-id A.B.C.D    our BGP identifier (default: the --listen address, when IPv4)
  --listen ADDR[:PORT]   where peers connect to (default port 179; IPv6 as [ADDR]:PORT)
  --peer ADDR,ASN[,active|passive]
                         a peer (repeatable); passive (default): it connects to us
  --collector NAME       live or live-NAME: the name of the recording and the source
                         bgp:NAME (default live)
  --db FILE              store file (default nightlight.db)
  --mrt-dir DIR          record the sessions here (default: not recorded)
  --bin DURATION         bin length: 5m (default), 1m, 10s… (whole seconds)
  --full-feed-v4 N       a peer with more than N IPv4 routes is full-feed (default 400000)
  --full-feed-v6 N       likewise for IPv6 (default 10000)
  --visible-share X      share of full-feed peer ASNs that must see a prefix (default 0.5)
  --kinds LIST           entity kinds to write (default country,region,asn,country-asn)
  --status FILE          write each peer's state, prefixes, updates/s and last message
                         here every 2 s; on SIGUSR1 with every peer's routes

TCP-MD5 (RFC 2385) is not available (Node.js has no TCP_MD5SIG socket option).
`;

function parse(args: readonly string[]) {
  return parseCliArgs({
    args: [...args],
    allowPositionals: false,
    strict: true,
    options: {
      config: { type: "string" }, "local-as": { type: "string" }, "router-id": { type: "string" }, listen: { type: "string" },
      peer: { type: "string", multiple: true }, collector: { type: "string" }, db: { type: "string" }, "mrt-dir": { type: "string" },
      bin: { type: "string" }, "full-feed-v4": { type: "string" }, "full-feed-v6": { type: "string" }, "visible-share": { type: "string" },
      kinds: { type: "string" }, status: { type: "string" },
    },
  }).values;
}

function count(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new UsageError(`${flag} '${echo(text)}' is not a whole number`);
  return n;
}

/** `ADDRESS,ASN[,active|passive]`. */
function peerOption(text: string): Record<string, unknown> {
  const [address = "", asn = "", connect = "passive", ...rest] = text.split(",");
  if (canonicalAddress(address) === null || !/^\d+$/.test(asn) || rest.length > 0 || (connect !== "active" && connect !== "passive")) {
    throw new UsageError(`--peer '${echo(text)}' is not ADDRESS,ASN or ADDRESS,ASN,active`);
  }
  return { address, asn: Number(asn), connect };
}

/** Everything a run needs, checked. */
export interface CollectSettings {
  readonly live: LiveConfig;
  readonly db: string;
  readonly kinds: ReadonlySet<BgpEntityKind>;
  readonly status: string | undefined;
}

/** The file's `live` section with the flags over it, checked by the schema. */
export function collectSettings(args: readonly string[]): CollectSettings {
  const v = parse(args);
  // The one config loader checks the file (errors name it and the key path); the flags
  // then go over its live section, which is checked again with them.
  const file = loadConfig(v.config);
  const live: Record<string, unknown> = { ...(file.live ?? {}) };
  if (v["local-as"] !== undefined) live["localAs"] = count("--local-as", v["local-as"]);
  if (v["router-id"] !== undefined) live["routerId"] = v["router-id"];
  if (v.listen !== undefined) {
    if (parseListen(v.listen) === null) throw new UsageError(`--listen '${echo(v.listen)}' is not ADDRESS[:PORT] (IPv6 as [ADDRESS]:PORT)`);
    live["listen"] = v.listen;
  }
  if (v.peer !== undefined) live["peers"] = v.peer.map(peerOption);
  if (v.collector !== undefined) live["collector"] = v.collector;
  if (v["mrt-dir"] !== undefined) live["mrtDir"] = v["mrt-dir"];
  if (v.bin !== undefined) {
    const ms = stepOption(v.bin)!;
    if (ms % 1000 !== 0) throw new UsageError(`--bin '${echo(v.bin)}' is not a whole number of seconds`);
    live["binSeconds"] = ms / 1000;
  }
  const visibility = { ...((live["visibility"] as Record<string, unknown> | undefined) ?? {}) };
  if (v["full-feed-v4"] !== undefined) visibility["fullFeedV4"] = count("--full-feed-v4", v["full-feed-v4"]);
  if (v["full-feed-v6"] !== undefined) visibility["fullFeedV6"] = count("--full-feed-v6", v["full-feed-v6"]);
  if (v["visible-share"] !== undefined) visibility["visibleShare"] = Number(v["visible-share"]);
  live["visibility"] = visibility;
  if (live["localAs"] === undefined) throw new UsageError("--local-as is required (or live.localAs in --config)");
  const parsed = liveConfigSchema.safeParse(live);
  if (!parsed.success) {
    const where = v.config === undefined ? "" : `${echo(v.config)}: `;
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${where}live.${issue.path.join(".")}: ${issue.message}`);
  }
  const kinds = new Set<BgpEntityKind>();
  for (const k of (v.kinds ?? BGP_ENTITY_KINDS.join(",")).split(",")) {
    const kind = BGP_ENTITY_KINDS.find((x) => x === k.trim());
    if (kind === undefined) throw new UsageError(`--kinds: '${echo(k)}' is none of ${BGP_ENTITY_KINDS.join(", ")}`);
    kinds.add(kind);
  }
  return { live: parsed.data, db: v.db ?? file.store?.db ?? "nightlight.db", kinds, status: v.status };
}


/** Writes the status file (atomically: a reader never sees half of it). */
function writeStatus(file: string, live: LiveBgpSource, bins: { last: number | null; stored: number }, withRoutes: boolean, sequence: number): void {
  const c = live.collector;
  const peers = c.status().map((s) => ({
    address: s.peer.address, asn: s.peer.asn, name: s.peer.name ?? null, state: s.state, since: new Date(s.since).toISOString(),
    prefixes: s.prefixes, stale: s.stale, updates: s.updates,
    history: s.history.map((h) => ({ ...h, time: new Date(h.time).toISOString() })), updatesPerSecond: s.updatesPerSecond,
    lastMessage: s.lastMessage === null ? null : new Date(s.lastMessage).toISOString(), lastError: s.lastError,
    ...(withRoutes ? { routes: c.routes(s.peer) } : {}),
  }));
  const body = { sequence, time: new Date().toISOString(), source: live.source, listening: c.listening ?? null, lastBin: bins.last === null ? null : new Date(bins.last).toISOString(), binsStored: bins.stored, peers };
  writeFileSync(`${file}.tmp`, `${JSON.stringify(body, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const s = collectSettings(args);
  const store = openStore(s.db);
  const log = (line: string): void => {
    io.stderr.write(`${new Date().toISOString()} ${line}\n`);
  };
  const bins = { last: null as number | null, stored: 0 };
  let live: LiveBgpSource | undefined;
  let pending = false;
  const soon = (): void => {
    // A state change shows in the status file at once (batched within the tick).
    if (pending || status === undefined) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      write(false);
    });
  };
  const status = s.status;
  let sequence = 0;
  const write = (withRoutes: boolean): void => {
    if (status === undefined || live === undefined) return;
    try {
      writeStatus(status, live, bins, withRoutes, ++sequence);
    } catch (error: unknown) {
      log(`status: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  try {
    live = await startLiveBgpSource(store, s.live, s.kinds, {
      log,
      onState: soon,
      onBin: (bin, committed) => {
        bins.last = bin.time;
        if (committed !== undefined) bins.stored++;
      },
    });
  } catch (error: unknown) {
    store.close();
    throw error;
  }
  const started = live;
  const l = started.collector.listening;
  log(`collecting as AS${s.live.localAs} (${started.source})${l === undefined ? "" : `, listening on ${l.address} port ${l.port}`}, ${s.live.peers.length} peer${s.live.peers.length === 1 ? "" : "s"}, bins of ${s.live.binSeconds} s into ${s.db}${s.live.mrtDir === undefined ? "" : `, recording into ${s.live.mrtDir}`}`);
  const timer = setInterval(() => write(false), 2000);
  const dump = (): void => write(true);
  process.on("SIGUSR1", dump);
  write(false);
  const signal = await interrupted();
  clearInterval(timer);
  process.off("SIGUSR1", dump);
  await started.stop();
  write(false);
  store.close();
  log(`stopped (${signal}): ${bins.stored} bin${bins.stored === 1 ? "" : "s"} stored`);
  return 0;
}

/** The `collect` command. */
export const COLLECT: Command = {
  words: ["collect"],
  summary: "run a passive BGP collector: sessions recorded to MRT, their BGP signal stored",
  usage: USAGE,
  run,
};
