/**
 * `nightlight collect` against a real BIRD 2, each in a network namespace of its own
 * linked by a veth pair (BIRD refuses neighbours on loopback addresses): BIRD announces
 * real IPv4 prefixes (from a 2014 RIB in ../shared/data), withdraws a quarter of them,
 * then stops. The collector's table must equal what BIRD says it exports, the store file
 * must hold each bin's visibility (lower after the withdrawal, nothing raised), the bins
 * after the session went down must have no data (never 0), and the recorded MRT must
 * decode with Nightlight's reader exactly as with Debian's bgpdump.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { test } from "node:test";
import { openStore } from "../src/store/open-store.ts";
import { Lab, labUnavailable, readJson, waitFor } from "./netns-lab.ts";
import { runCli } from "./run-cli.ts";
import { REPO_ROOT, shared, sharedDataMissing } from "./shared-data.ts";

const SKIP = labUnavailable(["bird", "birdc", "bgpdump"]) ?? sharedDataMissing() ?? false;
const BIN = 1000;
const ANNOUNCED = 2000;
const COLLECTOR = "198.18.0.1";
const DAEMON = "198.18.0.2";

interface PeerStatus {
  state: string;
  prefixes: { v4: number; v6: number };
  history: { time: string; from: string; to: string; reason: string }[];
  routes?: string[];
}
interface Status {
  sequence: number;
  lastBin: string | null;
  binsStored: number;
  listening: { address: string; port: number } | null;
  peers: PeerStatus[];
}

/** The first `n` distinct IPv4 prefixes (no default route) of bgpdump's rendering of a real RIB. */
function realPrefixes(n: number): string[] {
  const text = gunzipSync(readFileSync(shared("mrt", "expected-debian-bgpdump-1.6.2", "pyasn_rib.20140523.0600_firstMB.bz2.bgp.gz"))).toString();
  const seen = new Set<string>();
  for (const line of text.split("\n")) {
    const prefix = line.split("|")[5];
    if (prefix === undefined || prefix.includes(":") || prefix === "0.0.0.0/0") continue;
    seen.add(prefix);
    if (seen.size === n) break;
  }
  return [...seen];
}

/** BIRD 2's configuration: two static sets (`kept`, `dropped`) exported to the collector. */
function birdConfig(kept: readonly string[], dropped: readonly string[]): string {
  const routes = (list: readonly string[]) => list.map((p) => `  route ${p} unreachable;`).join("\n");
  return `router id ${DAEMON};
log stderr all;
protocol device {}
protocol static kept { ipv4; \n${routes(kept)}\n}
protocol static dropped { ipv4; \n${routes(dropped)}\n}
protocol bgp nightlight {
  local ${DAEMON} as 65001;
  neighbor ${COLLECTOR} as 64512;
  connect delay time 1;
  connect retry time 2;
  ipv4 { import none; export all; };
}
`;
}

/** The prefixes of `birdc show route export nightlight`. */
function birdExports(lab: Lab, ns: string, socket: string): string[] {
  const out = lab.exec(ns, "birdc", ["-s", socket, "show", "route", "export", "nightlight"]);
  return out.split("\n").map((l) => /^(\d+\.\d+\.\d+\.\d+\/\d+)\s/.exec(l)?.[1]).filter((p): p is string => p !== undefined).sort();
}

test("collect peers with BIRD 2 across namespaces: its table is BIRD's export, a withdrawal lowers the stored visibility, a stopped daemon leaves no data (not 0), and the MRT decodes as bgpdump decodes it", { skip: SKIP }, async () => {
  const lab = new Lab("bird");
  try {
    const c = lab.namespace("c");
    const b = lab.namespace("b");
    lab.link(c, `${COLLECTOR}/30`, b, `${DAEMON}/30`);
    const prefixes = realPrefixes(ANNOUNCED);
    const dropped = prefixes.filter((_, i) => i % 4 === 0);
    const kept = prefixes.filter((_, i) => i % 4 !== 0);
    const db = join(lab.dir, "live.db");
    const mrtDir = join(lab.dir, "mrt");
    const statusFile = join(lab.dir, "status.json");
    const collect = lab.start(c, process.execPath, [
      join(REPO_ROOT, "bin", "nightlight.js"), "collect", "--local-as", "64512", "--listen", COLLECTOR, "--peer", `${DAEMON},65001`,
      "--db", db, "--mrt-dir", mrtDir, "--bin", "1s", "--full-feed-v4", "0", "--kinds", "country,asn", "--status", statusFile,
    ]);
    const status = (): Status | undefined => readJson<Status>(statusFile);
    const detail = () => `collect:\n${collect.output()}\nstatus: ${JSON.stringify(status()?.peers.map((p) => ({ ...p, routes: p.routes?.length })))}`;
    const peer = (): PeerStatus | undefined => status()?.peers[0];
    await waitFor("the collector to listen", 60_000, () => status()?.listening ?? undefined, detail);

    const conf = join(lab.dir, "bird.conf");
    const socket = join(lab.dir, "bird.ctl");
    writeFileSync(conf, birdConfig(kept, dropped));
    const bird = lab.start(b, "bird", ["-f", "-c", conf, "-s", socket]);
    const all = await waitFor("BIRD's routes in the collector's table", 30_000, () => {
      const p = peer();
      return p?.state === "Established" && p.prefixes.v4 === prefixes.length ? Date.now() : undefined;
    }, () => `${detail()}\nbird:\n${bird.output()}`);

    // Nightlight's table equals what BIRD says it exports (prefix and origin).
    const dumped = status()!.sequence;
    process.kill(collect.child.pid!, "SIGUSR1");
    const routes = await waitFor("the status with routes", 10_000, () => (status()!.sequence > dumped ? peer()?.routes : undefined), detail);
    const exported = birdExports(lab, b, socket);
    assert.equal(exported.length, prefixes.length);
    assert.deepEqual(routes.map((r) => r.split(" ")[0]).sort(), exported);
    assert.ok(routes.every((r) => r.endsWith(" 65001")), "each route's origin is BIRD's AS");

    // A withdrawal of a quarter shows in the table, then in the bins.
    const binAfter = (ms: number) => (Math.floor(ms / BIN) + 2) * BIN;
    const beforeWithdrawal = binAfter(all);
    await waitFor("a bin with every route", 10_000, () => (Date.parse(status()!.lastBin ?? "") >= beforeWithdrawal ? true : undefined), detail);
    lab.exec(b, "birdc", ["-s", socket, "disable", "dropped"]);
    const withdrawn = await waitFor("the withdrawal in the table", 10_000, () => (peer()?.prefixes.v4 === kept.length ? Date.now() : undefined), detail);
    const afterWithdrawal = binAfter(withdrawn);
    await waitFor("a bin after the withdrawal", 10_000, () => (Date.parse(status()!.lastBin ?? "") >= afterWithdrawal ? true : undefined), detail);

    // The daemon stops: the session goes down and the collector's bins have no data.
    process.kill(bird.child.pid!, "SIGTERM");
    await bird.exited;
    const down = await waitFor("the session down", 30_000, () => {
      const change = peer()?.history.findLast((h) => h.from === "Established");
      return change === undefined ? undefined : Date.parse(change.time);
    }, detail);
    assert.equal(peer()!.prefixes.v4, 0, "a peer whose session is down has no routes (no graceful restart negotiated)");
    const afterDown = binAfter(down);
    await waitFor("bins after the session went down", 10_000, () => (Date.parse(status()!.lastBin ?? "") >= afterDown + 2 * BIN ? true : undefined), detail);
    process.kill(collect.child.pid!, "SIGTERM");
    assert.equal(await collect.exited, 0, collect.output());

    const store = openStore(db, { readonly: true });
    try {
      const countries = store.listSignals("country/").filter((s) => s.signal === "bgp");
      assert.ok(countries.length > 10, `the real prefixes cover many countries (${countries.length})`);
      const at = (entity: string, time: number) => store.getSeries({ entity, signal: "bgp", from: time, until: time + BIN, stepMs: BIN }).values[0] ?? null;
      let before = 0;
      let after = 0;
      for (const { entity } of countries) {
        const x = at(entity, beforeWithdrawal);
        const y = at(entity, afterWithdrawal);
        assert.ok(typeof x === "number" && typeof y === "number", `${entity}: bins with data while the session is up (${x}, ${y})`);
        assert.ok(y <= x, `${entity}: a withdrawal raises no count (${x} → ${y})`);
        before += x;
        after += y;
        for (let t = afterDown; t <= afterDown + 2 * BIN; t += BIN) assert.equal(at(entity, t), null, `${entity} at ${new Date(t).toISOString()}: no data, never 0`);
      }
      assert.ok(after < before, `the withdrawal lowers the visible blocks (${before} → ${after})`);
    } finally {
      store.close();
    }

    // The recording decodes with our reader exactly as with bgpdump, announcements and withdrawals included.
    const files: string[] = [];
    for (const month of readdirSync(join(mrtDir, "live"))) {
      for (const f of readdirSync(join(mrtDir, "live", month))) if (f.startsWith("updates.")) files.push(join(mrtDir, "live", month, f));
    }
    assert.ok(files.length > 0, "a recording was written");
    let lines: string[] = [];
    for (const file of files.sort()) {
      const ours = await runCli(["mrt", "dump", file]);
      assert.equal(ours.code, 0, ours.stderr);
      const reference = execFileSync("bgpdump", ["-m", file], { maxBuffer: 64 << 20 }).toString();
      assert.equal(ours.stdout, reference, file);
      lines = lines.concat(ours.stdout.split("\n").filter((l) => l !== ""));
    }
    const announced = new Set(lines.filter((l) => l.split("|")[2] === "A").map((l) => l.split("|")[5]));
    const gone = new Set(lines.filter((l) => l.split("|")[2] === "W").map((l) => l.split("|")[5]));
    assert.deepEqual([...announced].sort(), [...prefixes].sort());
    assert.deepEqual([...gone].sort(), [...dropped].sort());
    assert.ok(lines.some((l) => l.split("|")[2] === "STATE"), "state changes are recorded");
  } finally {
    await lab.teardown();
  }
});

test("serve runs the config's live section beside the archive ingest: BIRD's session shows as a bgp-peer source and its bins are stored", { skip: SKIP }, async () => {
  const lab = new Lab("serve");
  try {
    const c = lab.namespace("c");
    const b = lab.namespace("b");
    lab.link(c, `${COLLECTOR}/30`, b, `${DAEMON}/30`);
    const prefixes = realPrefixes(500);
    const db = join(lab.dir, "serve.db");
    const archive = join(lab.dir, "archive");
    mkdirSync(archive);
    const config = join(lab.dir, "nightlight.json");
    writeFileSync(config, JSON.stringify({
      sources: { collectors: ["rrc00"], archive, kinds: ["country"], backfillHours: 1 },
      live: { localAs: 64512, listen: COLLECTOR, binSeconds: 1, peers: [{ address: DAEMON, asn: 65001 }], visibility: { fullFeedV4: 0 } },
    }));
    const serve = lab.start(c, process.execPath, [join(REPO_ROOT, "bin", "nightlight.js"), "serve", "--config", config, "--db", db, "--port", "0"]);
    await waitFor("serve's live sessions to listen", 60_000, () => (/peer 198\.18\.0\.2 AS65001: Idle → Active/.test(serve.output()) ? true : undefined), serve.output);
    const conf = join(lab.dir, "bird.conf");
    writeFileSync(conf, birdConfig(prefixes, []));
    const bird = lab.start(b, "bird", ["-f", "-c", conf, "-s", join(lab.dir, "bird.ctl")]);
    await waitFor("the peer live in serve's source health", 30_000, () => (/bgp-peer:198\.18\.0\.2.*live/.test(serve.output()) ? true : undefined), () => `${serve.output()}\nbird:\n${bird.output()}`);
    const store = openStore(db, { readonly: true });
    try {
      await waitFor("stored live bins with every prefix", 30_000, () => {
        const source = store.listSources().find((s) => s.name.startsWith("bgp:live"));
        if (source === undefined) return undefined;
        const bins = store.getBins(source.id, 0, Date.now() + 60_000);
        return bins.length >= 2 && store.listSignals("country/").some((s) => s.source.id === source.id) ? true : undefined;
      }, serve.output);
    } finally {
      store.close();
    }
    process.kill(serve.child.pid!, "SIGTERM");
    assert.equal(await serve.exited, 0, serve.output());
  } finally {
    await lab.teardown();
  }
});
