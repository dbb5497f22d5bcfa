/**
 * The `live` section of Nightlight's configuration (docs/design/0002-observatory.md):
 * the passive BGP speaker and its peers, the recording, the bins, and RIS Live. Read by
 * `nightlight collect --config FILE` and `nightlight serve`. Times are in seconds.
 *
 *     "live": {
 *       "localAs": 64512, "routerId": "198.18.0.1", "listen": "198.18.0.1:179",
 *       "collector": "live-ams1", "mrtDir": "recordings", "binSeconds": 300,
 *       "peers": [{ "address": "198.18.0.2", "asn": 65001, "connect": "passive" }],
 *       "visibility": { "fullFeedV4": 400000, "fullFeedV6": 10000, "visibleShare": 0.5 },
 *       "risLive": { "subscriptions": [{ "host": "rrc00" }] }
 *     }
 */
import { z } from "zod";
import { LIVE_NAME, RIS_COLLECTORS } from "../archive/archive-files.ts";
import { canonicalAddress } from "./canonical-address.ts";

const asn = z.number().int().min(1).max(4_294_967_295);
const address = z.string().refine((s) => canonicalAddress(s) !== null, { message: "not an IP address" });
const ipv4 = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, "not a dotted-quad IPv4 address");

/** `ADDRESS`, `ADDRESS:PORT` or `[IPv6]:PORT`; the port defaults to 179. */
export function parseListen(text: string): { address: string; port: number } | null {
  const bracket = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  const plain = /^([^:]+)(?::(\d{1,5}))?$/.exec(text);
  const m = bracket ?? (text.split(":").length > 2 ? [text, text, undefined] : plain);
  if (m === null) return null;
  const host = canonicalAddress(m[1] ?? "");
  const port = m[2] === undefined ? 179 : Number(m[2]);
  if (host === null || !(port >= 0 && port <= 65_535)) return null;
  return { address: host, port };
}

const listen = z.union([
  z.string().transform((s, ctx) => {
    const l = parseListen(s);
    if (l === null) ctx.addIssue({ code: "custom", message: "not ADDRESS[:PORT] (IPv6 as [ADDRESS]:PORT)" });
    return l ?? { address: "", port: 0 };
  }),
  z.object({ address, port: z.number().int().min(0).max(65_535).default(179) }).strict(),
]);

const peer = z.object({
  address,
  asn,
  /** Who opens the TCP connection: the peer (passive, default) or we (active). */
  connect: z.enum(["passive", "active"]).default("passive"),
  port: z.number().int().min(1).max(65_535).optional(),
  localAddress: address.optional(),
  holdTime: z.number().int().refine((n) => n === 0 || (n >= 3 && n <= 65_535), "0, or 3 to 65535 seconds (RFC 4271 §4.2)").optional(),
  addPath: z.boolean().optional(),
  name: z.string().max(100).optional(),
  password: z.unknown().optional(),
}).strict().superRefine((p, ctx) => {
  if (p.password !== undefined) {
    ctx.addIssue({
      code: "custom", path: ["password"],
      message: "TCP-MD5 (RFC 2385) is not available: Node.js has no TCP_MD5SIG socket option. Peer without a password over a link only the two of you reach (a cross-connect, an exchange's peering LAN), or tunnel the session (IPsec, WireGuard)",
    });
  }
});

const subscription = z.object({
  /** A RIS collector (`rrc00`…): RIS Live's `host`. */
  host: z.string().refine((h) => RIS_COLLECTORS.includes(h), { message: `not a RIS collector (${RIS_COLLECTORS.join(", ")})` }),
  peer: address.optional(),
  prefix: z.union([z.string(), z.array(z.string())]).optional(),
  moreSpecific: z.boolean().optional(),
  lessSpecific: z.boolean().optional(),
}).strict();

const risLive = z.object({
  url: z.string().regex(/^wss?:\/\//, "a ws:// or wss:// URL").default("wss://ris-live.ripe.net/v1/ws/"),
  /** RIS Live asks clients to name themselves (`?client=`). */
  client: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).default("nightlight"),
  subscriptions: z.array(subscription).min(1),
  /** Where the RIS bviews come from (a folder or URL in RIS layout; default RIS's archive). */
  archive: z.string().optional(),
  /** Seconds to wait after a bin's end for RIS Live's late messages (default 10). */
  lagSeconds: z.number().min(0).max(300).default(10),
}).strict();

/** The `live` section, checked. */
export const liveConfigSchema = z.object({
  localAs: asn,
  routerId: ipv4.optional(),
  listen: listen.optional(),
  collector: z.string().regex(LIVE_NAME, "live or live-NAME (lower-case letters and digits, dash-separated)").default("live"),
  mrtDir: z.string().optional(),
  binSeconds: z.number().int().min(1).max(86_400).default(300),
  connectRetrySeconds: z.number().int().min(1).max(3600).default(30),
  restartTime: z.number().int().min(0).max(4095).default(120),
  visibility: z.object({
    fullFeedV4: z.number().int().min(0).optional(),
    fullFeedV6: z.number().int().min(0).optional(),
    visibleShare: z.number().gt(0).max(1).optional(),
  }).strict().default({}),
  peers: z.array(peer).default([]),
  risLive: risLive.optional(),
}).strict().superRefine((c, ctx) => {
  if (c.routerId === undefined && c.listen?.address.includes(".") !== true) {
    ctx.addIssue({ code: "custom", path: ["routerId"], message: "needed when the speaker does not listen on an IPv4 address (RFC 6286: a 4-byte identifier)" });
  }
  const seen = new Set<string>();
  c.peers.forEach((p, i) => {
    const a = canonicalAddress(p.address) ?? p.address;
    if (seen.has(a)) ctx.addIssue({ code: "custom", path: ["peers", i, "address"], message: `peer ${a} is listed twice` });
    seen.add(a);
  });
  if (c.peers.some((p) => p.connect === "passive") && c.listen === undefined) {
    ctx.addIssue({ code: "custom", path: ["listen"], message: "passive peers connect to us: name where to listen" });
  }
});

/** The checked `live` section. */
export type LiveConfig = z.output<typeof liveConfigSchema>;
