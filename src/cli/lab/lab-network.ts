/**
 * The lab's network as the orchestrator drives it: lab/lab.sh builds it, cuts and
 * restores it and tears it down; this module runs the script, reads what it wrote
 * (lab.env) and starts processes inside its namespaces. Tear-down is complete: every
 * namespace of the lab's prefix goes, with every process in it.
 */
import { type ChildProcess, execFile, spawn, type SpawnOptions } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** lab/lab.sh in the installed package or the checkout. */
export const LAB_SCRIPT = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = dirname(dir)) {
    const candidate = join(dir, "lab", "lab.sh");
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // not here
    }
  }
  return resolve("lab", "lab.sh");
})();

/** The cuts lab.sh knows. */
export type LabCut = "withdraw-routes" | "drop-all" | "drop-international" | "drop-mobile" | "drop-region" | "whitelist" | "throttle" | "cut-vantage";

/** What lab.sh wrote into lab.env. */
export interface LabEnv {
  readonly prefix: string;
  readonly country: string;
  readonly vantageAddress: string;
  readonly observatory: string;
  readonly resolver: string;
  readonly ca: string;
  readonly mrtDir: string;
  /** name → address of the world's and the country's services. */
  readonly world: ReadonlyMap<string, string>;
  readonly domestic: ReadonlyMap<string, string>;
  readonly prefixes: readonly string[];
  readonly mobileAsns: readonly number[];
  readonly controls: readonly string[];
  readonly worldRoutes: number;
}

function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile("bash", [LAB_SCRIPT, ...args], { env, maxBuffer: 1 << 22 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`lab.sh ${args.join(" ")} failed: ${stderr.trim() || error.message}`));
      else resolvePromise(stdout);
    });
  });
}

function parseEnv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^(NLLAB_[A-Z_]+)="(.*)"$/.exec(line);
    if (m !== null) out.set(m[1] ?? "", m[2] ?? "");
  }
  return out;
}

const pairs = (text: string): Map<string, string> => new Map(text.trim().split(/\s+/).filter(Boolean).map((p) => p.split("=") as [string, string]));
const words = (text: string): string[] => text.trim().split(/\s+/).filter(Boolean);

/** A built lab. */
export class LabNetwork {
  readonly dir: string;
  readonly env: LabEnv;
  readonly #processEnv: NodeJS.ProcessEnv;
  readonly #children = new Set<ChildProcess>();

  private constructor(dir: string, env: LabEnv, processEnv: NodeJS.ProcessEnv) {
    this.dir = dir;
    this.env = env;
    this.#processEnv = processEnv;
  }

  /** Builds the lab into `dir` (tearing down any lab of the same prefix first). */
  static async up(dir: string, options: { readonly prefix?: string } = {}): Promise<LabNetwork> {
    const processEnv = { ...process.env, NLLAB_PREFIX: options.prefix ?? "nllab", NLLAB_DIR: dir };
    await run(["up", dir], processEnv);
    const e = parseEnv(readFileSync(join(dir, "lab.env"), "utf8"));
    const get = (k: string): string => e.get(k) ?? "";
    const env: LabEnv = {
      prefix: get("NLLAB_PREFIX"), country: get("NLLAB_COUNTRY"), vantageAddress: get("NLLAB_VP_ADDR"), observatory: get("NLLAB_OBSERVATORY"),
      resolver: get("NLLAB_RESOLVER"), ca: get("NLLAB_CA"), mrtDir: get("NLLAB_MRT_DIR"),
      world: pairs(get("NLLAB_WORLD")), domestic: pairs(get("NLLAB_DOMESTIC")), prefixes: words(get("NLLAB_PREFIXES")),
      mobileAsns: words(get("NLLAB_MOBILE_ASNS")).map(Number), controls: words(get("NLLAB_CONTROLS")), worldRoutes: Number(get("NLLAB_WORLD_ROUTES")),
    };
    return new LabNetwork(dir, env, processEnv);
  }

  /** Tears down every namespace of `prefix` and what runs in them (safe when nothing is up). */
  static async down(options: { readonly prefix?: string; readonly dir?: string } = {}): Promise<void> {
    await run(["down", ...(options.dir === undefined ? [] : [options.dir])], { ...process.env, NLLAB_PREFIX: options.prefix ?? "nllab" });
  }

  /** Namespace of a lab node (`vp`, `isp`, `gw`…). */
  namespace(node: string): string {
    return `${this.env.prefix}-${node}`;
  }

  /** Applies a cut at the border. */
  async cut(cut: LabCut): Promise<void> {
    await run(["cut", cut], this.#processEnv);
  }

  /** Undoes every cut. */
  async restore(): Promise<void> {
    await run(["restore"], this.#processEnv);
  }

  /** Starts `command` inside the namespace of `node`; the process is ended by `down()` at the latest. */
  spawnIn(node: string, command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn("ip", ["netns", "exec", this.namespace(node), command, ...args], { stdio: ["ignore", "pipe", "pipe"], ...options });
    this.#children.add(child);
    child.once("exit", () => this.#children.delete(child));
    return child;
  }

  /** Ends the processes it started, then tears the lab down. */
  async down(): Promise<void> {
    for (const child of this.#children) if (child.exitCode === null) child.kill("SIGTERM");
    await LabNetwork.down({ prefix: this.env.prefix, dir: this.dir });
  }
}
