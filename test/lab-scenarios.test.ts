/**
 * The shutdown lab, end to end: the lab's network (namespaces, BIRD 2, nftables), a
 * fresh observatory, Nightlight's prober at the vantage point and its inside probe in
 * the ISP, each scenario of lab-scenarios.ts played in turn. Every check reads
 * Nightlight's own output (the API's events, the observatory's store), never the lab's
 * state: the event is detected within two rounds of the cut, on the right entity, of
 * the right kind, with phases in the scenario's order, and it closes after restoration.
 * Then: a capture at the vantage point shows every probe went to the target list, and
 * every result the inside probe stored reached the observatory exactly once, across
 * the cuts.
 *
 * Rounds of 5 s. By default two scenarios play, about three minutes with the lab's
 * build: data-plane-cut (the cut that keeps its routes, seen only by probing) and
 * international-cut (the inside probe's view; its outbox waits across the cut).
 * NIGHTLIGHT_LAB_TESTS=all plays every scenario (about 12 minutes), a comma-separated
 * list plays those, and 0 skips the lab (CI's second Node run). Runs as root with the
 * lab's Debian packages (.ci/run installs them); skipped with the reason otherwise.
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { LAB_SCENARIOS, type LabScenario } from "../src/cli/lab/lab-scenarios.ts";
import { LabSession } from "../src/cli/lab/lab-session.ts";
import { playLabScenario, type ScenarioRun } from "../src/cli/lab/play-lab-scenario.ts";
import { prefixAddresses } from "../src/probing/discover-targets.ts";
import { eligibleBlocks } from "../src/probing/eligible-blocks.ts";
import { readResponseHistory } from "../src/probing/read-response-history.ts";
import { blockAddress } from "../src/probing/target-block.ts";
import { ReportOutbox } from "../src/store/report-outbox.ts";
import { namespacesUnavailable } from "./netns.ts";

const chosen = process.env["NIGHTLIGHT_LAB_TESTS"] ?? "";
const skip = chosen === "0"
  ? "NIGHTLIGHT_LAB_TESTS=0: the lab's scenarios run in another run of the suite"
  : namespacesUnavailable(["bird", "birdc", "nft", "dnsmasq", "openssl", "scamper", "tcpdump"]);
/** The scenarios this run plays (see the file's comment). */
const SCENARIOS = chosen === "all"
  ? LAB_SCENARIOS
  : LAB_SCENARIOS.filter((s) => (chosen === "" || chosen === "0" ? ["data-plane-cut", "international-cut"] : chosen.split(",")).includes(s.name));
if (chosen !== "" && chosen !== "0" && chosen !== "all" && SCENARIOS.length !== chosen.split(",").length) {
  throw new Error(`NIGHTLIGHT_LAB_TESTS=${chosen}: not every name is a scenario (${LAB_SCENARIOS.map((s) => s.name).join(", ")})`);
}
const ROUND = 5000;
const ENTITY: Readonly<Record<LabScenario["expect"]["scope"], string | null>> = { country: "country/XL", region: "region/XL-02", none: null };

/** Phase kinds in order, without the partial transitions at a cut's start and end (the prober needs a round or two). */
function mainPhases(phases: readonly { kind: string }[]): string[] {
  const kinds = phases.map((p) => p.kind).filter((k) => k !== "partial");
  return kinds.filter((k, i) => k !== kinds[i - 1]);
}

describe("the shutdown lab", { skip, timeout: (5 + 3 * SCENARIOS.length) * 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-lab-test-"));
  let session: LabSession;
  let capture: ChildProcess | undefined;
  const runs: ScenarioRun[] = [];
  const log = (line: string): void => {
    process.stderr.write(`# lab: ${line}\n`);
  };

  before(async () => {
    session = await LabSession.start({
      dir, prefix: "nllabt", roundMs: ROUND, log,
      beforeProbes: async (lab) => {
        // Every IP packet the vantage point sends, from before discovery to the end (its
        // ARP requests are the kernel resolving the next hop, not probes).
        capture = lab.spawnIn("vp", "tcpdump", ["-i", "vp-abroad", "-n", "-U", "-w", join(dir, "vantage.pcap"), `ip and src host ${lab.env.vantageAddress}`]);
        await new Promise((r) => setTimeout(r, 1000));
      },
    });
    await session.warmUp(8);
  });

  after(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const scenario of SCENARIOS) {
    test(scenario.name, async () => {
      const run = await playLabScenario(session, scenario, { log });
      runs.push(run);
      const cutAt = run.steps[0]?.at ?? run.started;
      const entity = ENTITY[scenario.expect.scope];
      const summary = run.events.map((e) => `${e.entity} ${e.kind} ${e.start}–${e.end ?? "…"} [${e.phases.map((p) => p.kind).join(" → ")}]`).join("; ");
      if (entity === null) {
        assert.deepEqual(run.events, [], `no event, found: ${summary}`);
        return;
      }
      const mine = run.events.filter((e) => e.entity === entity);
      if (scenario.expect.optional === true && mine.length === 0) return;
      const kinds = new Set<string>(scenario.expect.kinds);
      assert.equal(mine.length, scenario.expect.count ?? 1, `events of ${entity}: ${summary}`);
      for (const e of mine) {
        assert.ok(kinds.has(e.kind), `${entity}: kind ${e.kind}, expected ${[...kinds].join(" or ")} (${e.evidence})`);
        assert.notEqual(e.end, null, `${entity}: the event ${e.start} is still open after restoration`);
      }
      const first = mine[0];
      assert.ok(first !== undefined);
      assert.ok(Date.parse(first.start) - cutAt <= 2 * ROUND, `${entity}: the event starts at ${first.start}, more than two rounds after the cut at ${new Date(cutAt).toISOString()}`);
      if (scenario.expect.phases !== undefined) assert.deepEqual(mainPhases(first.phases), scenario.expect.phases, `${entity}: phases ${first.phases.map((p) => p.kind).join(" → ")}`);
      // A region's outage is not the country's.
      if (scenario.expect.scope === "region") assert.deepEqual(run.events.filter((e) => e.entity === ENTITY.country), [], `no country event: ${summary}`);
    });
  }

  test("the prober sent nothing to an address outside its target list", async () => {
    capture?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1000));
    const listFile = join(dir, "targets.fsdb");
    const discovered = statSync(listFile).mtimeMs / 1000;
    const list = eligibleBlocks(readResponseHistory(readFileSync(listFile, "utf8"), listFile).blocks).eligible;
    const targets = new Set(list.flatMap((b) => b.addresses.map((h) => blockAddress(b.block, h))));
    const controls = new Set(session.lab.env.controls);
    const watched = new Set(prefixAddresses(session.lab.env.prefixes));
    const text = execFileSync("tcpdump", ["-nn", "-tt", "-r", join(dir, "vantage.pcap")], { encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "ignore"] });
    const bad: string[] = [];
    let probes = 0;
    for (const line of text.split("\n")) {
      if (line === "") continue;
      const echo = /^(\d+\.\d+) IP \S+ > (\d+\.\d+\.\d+\.\d+): ICMP echo request/.exec(line);
      if (echo !== null) {
        probes++;
        const t = Number(echo[1]);
        const dst = echo[2] ?? "";
        const allowed = controls.has(dst) || (t <= discovered + 0.5 ? watched.has(dst) : targets.has(dst));
        if (!allowed) bad.push(line);
        continue;
      }
      // Besides probes: the BGP session with the gateway and the observatory's answers to the probes.
      if (/ IP \S+\.(179|8080) > /.test(line) || / IP \S+ > \S+\.179: /.test(line)) continue;
      bad.push(line);
    }
    assert.ok(probes > targets.size, `the capture holds ${probes} probes`);
    assert.deepEqual(bad.slice(0, 10), [], `${bad.length} packets outside the list`);
  });

  test("every result the inside probe stored reached the observatory exactly once, across the cuts", async () => {
    assert.ok(runs.some((r) => r.steps.some((s) => /drop-international|whitelist|drop-all/.test(s.what))), "the border was cut while the probe ran");
    assert.equal(await session.stopProbe("inside"), 0);
    const outbox = ReportOutbox.open(join(dir, "inside-outbox.db"));
    const reports = outbox.all();
    outbox.close();
    const times = reports.map((r) => (JSON.parse(r.body) as { bins: { time: number }[] }).bins[0]?.time ?? -1);
    assert.ok(reports.length >= SCENARIOS.reduce((n, s) => n + s.rounds, 0), `${reports.length} rounds in the outbox`);
    assert.deepEqual(reports.filter((r) => r.forwardedAt === null).map((r) => r.key), [], "every report acknowledged");
    assert.ok(reports.some((r) => r.attempts > 1), "some reports needed more than one attempt (the border was cut)");
    const store = session.observatory.store;
    const source = store.listSources().find((s) => s.name === "inside:lab-isp");
    assert.ok(source !== undefined);
    const stored = store.getBins(source.id, 0, Date.now() + ROUND).map((b) => b.time);
    assert.equal(new Set(stored).size, stored.length, "no bin twice");
    assert.deepEqual([...stored].sort((a, b) => a - b), [...times].sort((a, b) => a - b));
  });
});
