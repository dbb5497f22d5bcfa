/**
 * A BGP peer for the live tests, run in its own network namespace by the test
 * (`node dist/test/bgp-test-peer.js …`): it opens a session to the collector with
 * Nightlight's own state machine and sends what a script says, printing one JSON line
 * per event on stdout. Scripts:
 *
 * - `malformed`: two announcements, then an UPDATE with a bad ORIGIN (RFC 7606:
 *   treat-as-withdraw), one with a bad AGGREGATOR (attribute discard) announcing a third
 *   prefix, then one whose NLRI cannot be read (session reset); it waits for the
 *   collector's NOTIFICATION and exits.
 * - `connect`: only connects and reports whether the connection was refused.
 *
 *     node dist/test/bgp-test-peer.js SCRIPT LOCAL_ADDRESS LOCAL_AS COLLECTOR_ADDRESS COLLECTOR_AS
 */
import { connect } from "node:net";
import { BgpSession } from "../src/bgp/bgp-session.ts";
import { ATTR_AGGREGATOR, ATTR_FLAG_OPTIONAL, ATTR_FLAG_TRANSITIVE } from "../src/bgp/constants.ts";
import { encodeAttribute, encodeUpdate } from "../src/bgp/encode-update.ts";
import { decodeNotification, describeNotification } from "../src/bgp/notification-message.ts";

const [script = "", local = "", localAs = "", remote = "", remoteAs = ""] = process.argv.slice(2);
const say = (event: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(event)}\n`);
};

const socket = connect({ host: remote, port: 179, localAddress: local });
socket.on("error", (error) => say({ event: "error", message: error.message }));

if (script === "connect") {
  let bytes = 0;
  socket.on("data", (c: Buffer) => (bytes += c.length));
  socket.on("close", () => {
    say({ event: "closed", bytesReceived: bytes });
    process.exit(0);
  });
} else {
  const session = new BgpSession({ localAs: Number(localAs), routerId: local, peerAs: Number(remoteAs), active: true, holdTime: 30 }, {
    send: (b) => socket.write(b),
    close: () => socket.end(),
    connect: () => {},
    state: (_from, to, reason) => {
      say({ event: "state", to, reason });
      if (to === 6) void run();
      if (to === 1) setTimeout(() => process.exit(0), 200);
    },
    message: (b, _t, sent) => {
      if (!sent && b[18] === 3) say({ event: "notification", text: describeNotification(decodeNotification(b, 19, b.length)) });
    },
    malformed: () => {},
  }, { now: Date.now, setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) });
  session.start();
  socket.once("connect", () => session.tcpConnected());
  socket.on("data", (c: Buffer) => session.receive(new Uint8Array(c.buffer, c.byteOffset, c.byteLength)));
  socket.on("close", () => session.tcpFailed("closed"));

  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const base = { path: [Number(localAs), 64496], nextHop: local };
  async function run(): Promise<void> {
    const send = (name: string, m: Uint8Array): void => {
      say({ event: "sent", name, hex: Buffer.from(m).toString("hex") });
      socket.write(m);
    };
    send("good", encodeUpdate({ ...base, announced: ["203.0.113.0/24", "198.51.100.0/24"] }));
    await pause(500);
    const origin = encodeUpdate({ ...base, announced: ["203.0.113.0/24"] });
    origin[19 + 4 + 3] = 7; // ORIGIN value 7: RFC 7606 §7.1, treat-as-withdraw
    send("bad-origin", origin);
    await pause(500);
    const aggregator = encodeAttribute(ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE, ATTR_AGGREGATOR, [0xfd, 0xf2, 1]);
    send("bad-aggregator", encodeUpdate({ ...base, announced: ["192.0.2.0/24"], extra: [aggregator] }));
    await pause(500);
    const nlri = encodeUpdate({ ...base, announced: ["192.0.2.128/25"] });
    nlri[nlri.length - 5] = 40; // a /40 in IPv4 NLRI: RFC 7606 §5.3, session reset
    send("bad-nlri", nlri);
  }
}
