/**
 * The scamper driver against real scamper (Debian's 20211212) in two network
 * namespaces made by the test: answers, silences, no route, and the target list as
 * the only thing it probes.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, test } from "node:test";
import { ip, namespacesUnavailable } from "./netns.ts";

const skip = namespacesUnavailable(["scamper"]);
const A = `nltest-sc-a-${process.pid}`;
const B = `nltest-sc-b-${process.pid}`;

before(() => {
  if (skip !== undefined) return;
  ip("netns", "add", A);
  ip("netns", "add", B);
  ip("-n", A, "link", "add", "a0", "type", "veth", "peer", "name", "b0", "netns", B);
  ip("-n", A, "addr", "add", "198.19.254.1/31", "dev", "a0");
  ip("-n", B, "addr", "add", "198.19.254.0/31", "dev", "b0");
  for (const [ns, dev] of [[A, "a0"], [B, "b0"]] as const) {
    ip("-n", ns, "link", "set", dev, "up");
    ip("-n", ns, "link", "set", "lo", "up");
  }
  ip("-n", B, "route", "add", "blackhole", "198.18.200.0/24");
  ip("-n", B, "route", "add", "local", "198.18.200.0/26", "dev", "lo");
  ip("-n", A, "route", "add", "198.18.200.0/24", "via", "198.19.254.0");
});

after(() => {
  if (skip !== undefined) return;
  for (const ns of [A, B]) spawnSync("ip", ["netns", "del", ns]);
});

/** Runs the driver inside namespace A (scamper needs to be there): a child node process. */
function inA(script: string): string {
  const r = spawnSync("ip", ["netns", "exec", A, process.execPath, "--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return r.stdout.trim();
}

const dist = new URL("../src/probing/", import.meta.url).href;

test("answers, silences and refusals come back for each probe, and only listed addresses are probed", { skip }, () => {
  const out = inA(`
    import { ScamperPinger } from "${dist}scamper-pinger.js";
    import { RateLimiter } from "${dist}rate-limiter.js";
    import { spawnScamper } from "${dist}spawn-scamper.js";
    const allowed = new Set(["198.18.200.5", "198.18.200.100", "198.18.201.1"]);
    const s = await spawnScamper({ pps: 100 });
    const p = await ScamperPinger.connect(s.socket, { allowed, limiter: new RateLimiter(100) });
    const outcomes = await p.probe(["198.18.200.5", "198.18.200.100", "198.18.201.1"]);
    let refused = "";
    try { await p.probe(["198.18.200.6"]); } catch (e) { refused = e.message; }
    console.log(JSON.stringify({ outcomes, refused, sent: p.sent }));
    await p.close(); await s.stop();
  `);
  const r = JSON.parse(out) as { outcomes: string[]; refused: string; sent: number };
  // .5 is a local address of B; .100 is in B's blackhole; 198.18.201.0/24 has no route in A.
  assert.deepEqual(r.outcomes, ["reply", "silent", "unroutable"]);
  assert.match(r.refused, /Refusing to probe 198\.18\.200\.6: it is not in the target list/);
  assert.equal(r.sent, 3);
});
