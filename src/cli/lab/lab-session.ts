/**
 * One lab session: the network built, a fresh observatory, Nightlight's prober at the
 * vantage point and an inside probe in the ISP (each its own `nightlight` process, as
 * in the field, reporting over the API with a token), the BGP signal from the
 * collector session, and the detection settings for rounds of seconds. Scenarios are
 * then played one after another (lab-play.ts); `close()` stops everything and tears
 * the lab down, also after a failure.
 */
import type { ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DetectionSettings } from "../../detect/detect-options.ts";
import { readEntityTable } from "../../entities/read-entity-table.ts";
import { LabBgpStandIn } from "./lab-bgp-standin.ts";
import { LabNetwork } from "./lab-network.ts";
import { LabObservatory } from "./lab-observatory.ts";

/** bin/nightlight.js of this installation. */
const NIGHTLIGHT = fileURLToPath(new URL("../../../../bin/nightlight.js", import.meta.url));

/** Options of a session. */
export interface LabSessionOptions {
  /** Folder for the lab's files (configs, stores, logs). */
  readonly dir: string;
  /** Namespace prefix (default nllab). */
  readonly prefix?: string;
  /** Round length of every probe and bin, ms (default 5 s). */
  readonly roundMs?: number;
  /** The lab's day for curfews, in rounds. */
  readonly dayRounds?: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** Runs once the network is up, before the probes start (a test's packet capture). */
  readonly beforeProbes?: (lab: LabNetwork) => Promise<void>;
}

/**
 * Detection for rounds of seconds: every window, warm-up and wait scaled to the round
 * (production keeps its defaults; these are passed as the observatory's settings).
 */
export function labDetection(roundMs: number, dayRounds: number): DetectionSettings {
  const scaled = { windowMs: 24 * roundMs, warmUpMs: 6 * roundMs };
  return {
    signals: {
      bgp: { ...scaled, minBaseline: 3 },
      "active-probing": { ...scaled, minBaseline: 3 },
      "inside-domestic": scaled,
      "inside-international": scaled,
    },
    recoveryMs: 3 * roundMs,
    minPhaseMs: 2 * roundMs,
    mobileLeadMs: 2 * roundMs,
    curfewMinDays: 3,
    curfewToleranceMs: roundMs,
    curfewPeriodMs: dayRounds * roundMs,
  };
}

/** A running session. */
export class LabSession {
  readonly lab: LabNetwork;
  readonly observatory: LabObservatory;
  readonly roundMs: number;
  readonly started: number;
  readonly #children: ChildProcess[];
  readonly #log: (line: string) => void;
  #bgpTimer: NodeJS.Timeout | undefined;

  private constructor(lab: LabNetwork, observatory: LabObservatory, roundMs: number, children: ChildProcess[], log: (line: string) => void) {
    this.lab = lab;
    this.observatory = observatory;
    this.roundMs = roundMs;
    this.#children = children;
    this.#log = log;
    this.started = Date.now();
  }

  /** Commits each round's BGP bin two seconds after the round ends (BIRD dumps every second). */
  #scheduleBgp(bgp: LabBgpStandIn): void {
    const bin = Math.floor(Date.now() / this.roundMs) * this.roundMs;
    const due = bin + this.roundMs + 2000;
    this.#bgpTimer = setTimeout(() => {
      if (this.#bgpTimer === undefined) return;
      bgp.commit(bin).catch((e: unknown) => this.#log(`BGP stand-in: ${e instanceof Error ? e.message : String(e)}`));
      this.#scheduleBgp(bgp);
    }, due - Date.now());
  }

  /** Builds everything; on any failure tears down what was built. */
  static async start(options: LabSessionOptions): Promise<LabSession> {
    const log = options.log ?? (() => {});
    const roundMs = options.roundMs ?? 5000;
    const dir = resolve(options.dir);
    log(`building the lab in ${dir}`);
    const lab = await LabNetwork.up(dir, options.prefix === undefined ? {} : { prefix: options.prefix });
    let observatory: LabObservatory | undefined;
    const children: ChildProcess[] = [];
    try {
      observatory = await LabObservatory.start(lab, { detection: labDetection(roundMs, options.dayRounds ?? 9), onError: (e) => log(`observatory: internal error: ${String(e)}`) });
      const table = readFileSync(join(dir, "entities.csv"), "utf8");
      const names = readFileSync(join(dir, "entity-names.csv"), "utf8");
      const index = readEntityTable(table, "entities.csv", { text: names, file: "entity-names.csv" });
      const entityData = `entity-table:lab/${lab.env.country}`;
      const bgp = new LabBgpStandIn(observatory.store, index, { mrtDir: lab.env.mrtDir, binMs: roundMs, fullFeedV4: Math.floor(lab.env.worldRoutes / 2), entityData });
      writeConfigs(lab, observatory.token, roundMs);
      await options.beforeProbes?.(lab);
      children.push(startProcess(lab, "vp", ["probe", "--config", join(dir, "probe.json")], join(dir, "probe.log")));
      children.push(startProcess(lab, "isp", ["inside", "--config", join(dir, "inside.json")], join(dir, "inside.log")));
      const session = new LabSession(lab, observatory, roundMs, children, log);
      session.#scheduleBgp(bgp);
      return session;
    } catch (error: unknown) {
      for (const c of children) c.kill("SIGTERM");
      await observatory?.close();
      await lab.down();
      throw error;
    }
  }

  /** Waits until the probes' series have the history detection needs. */
  async warmUp(rounds: number): Promise<void> {
    const want = rounds;
    for (;;) {
      const bins = this.observatory.store.listSources().filter((s) => s.name.startsWith("probing:"))
        .reduce((n, s) => n + this.observatory.store.getBins(s.id, 0, Date.now() + this.roundMs).length, 0);
      if (bins >= want) return;
      this.#log(`warming up: ${bins} of ${want} probing rounds stored`);
      await sleep(this.roundMs);
      for (const c of this.#children) if (c.exitCode !== null) throw new Error(`a lab probe exited with status ${c.exitCode}; see its log in ${this.lab.dir}`);
    }
  }

  /** Stops one of the lab's probes (SIGTERM: it forwards what it can, then exits); resolves at its exit. */
  async stopProbe(which: "probe" | "inside"): Promise<number | null> {
    const child = this.#children[which === "probe" ? 0 : 1];
    if (child === undefined) return null;
    return stopChild(child);
  }

  /** Stops the probes, the observatory and the lab. */
  async close(): Promise<void> {
    clearTimeout(this.#bgpTimer);
    this.#bgpTimer = undefined;
    await Promise.all(this.#children.map(stopChild));
    await this.observatory.close();
    await this.lab.down();
  }
}

/** SIGTERM, then SIGKILL after 15 s; the exit status (null: killed). */
function stopChild(c: ChildProcess): Promise<number | null> {
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve(c.exitCode);
  return new Promise((resolve) => {
    const t = setTimeout(() => c.kill("SIGKILL"), 15_000);
    c.once("exit", (code) => {
      clearTimeout(t);
      resolve(code);
    });
    c.kill("SIGTERM");
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function startProcess(lab: LabNetwork, node: string, args: readonly string[], logFile: string): ChildProcess {
  const child = lab.spawnIn(node, process.execPath, [NIGHTLIGHT, ...args]);
  const out = createWriteStream(logFile, { flags: "a" });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

/** The probes' configs, from what lab.sh wrote. */
function writeConfigs(lab: LabNetwork, token: string, roundMs: number): void {
  const e = lab.env;
  const observatory = { url: e.observatory, token };
  const roundSeconds = roundMs / 1000;
  writeFileSync(join(lab.dir, "probe.json"), JSON.stringify({
    probing: {
      vantage: "lab-vp", targets: "targets.fsdb", discover: { prefixes: e.prefixes, passes: 2 }, controls: e.controls,
      // Inside the lab only: fast enough to discover the country's 42 /24s in seconds.
      rate: 2000, roundSeconds, timeoutSeconds: 1,
      entities: { table: "entities.csv", names: "entity-names.csv" }, observatory, outbox: "probe-outbox.db",
    },
  }, null, 2));
  const targets = (m: ReadonlyMap<string, string>) => [...m.keys()].map((name) => ({ name, expect: `Nightlight lab: ${name}` }));
  writeFileSync(join(lab.dir, "inside.json"), JSON.stringify({
    inside: {
      name: "lab-isp", entities: [`country/${e.country}`], roundSeconds, timeoutSeconds: 1, resolver: e.resolver, ca: e.ca,
      domestic: targets(e.domestic), international: targets(e.world), observatory, outbox: "inside-outbox.db",
    },
  }, null, 2));
}
