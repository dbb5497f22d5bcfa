/**
 * Network namespaces and veth pairs for tests against real BGP daemons: each test
 * creates its own namespaces (names carry the test process's id), addresses from
 * 198.18.0.0/15 inside them only, and tears everything down, processes it started
 * first. Tests skip with the reason where namespaces cannot be made (not root, no `ip`).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A skip reason when namespaces or the named commands are not available, else undefined. */
export function labUnavailable(commands: readonly string[] = []): string | undefined {
  if (process.platform !== "linux") return "network namespaces need Linux";
  if (process.getuid?.() !== 0) return "network namespaces need root (the test creates them with `ip netns`)";
  for (const c of ["ip", ...commands]) {
    if (spawnSync("sh", ["-c", `command -v ${c}`]).status !== 0) return `${c} is not installed (.ci/run installs it)`;
  }
  const probe = `nlprobe${process.pid}`;
  const made = spawnSync("ip", ["netns", "add", probe]);
  if (made.status !== 0) return `cannot create a network namespace here: ${made.stderr.toString().trim()}`;
  spawnSync("ip", ["netns", "del", probe]);
  return undefined;
}

/** A process started in a namespace. */
export interface LabProcess {
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code when it ends. */
  readonly exited: Promise<number | null>;
}

/** Namespaces linked by veth pairs, and the processes started in them. */
export class Lab {
  readonly dir: string;
  readonly #prefix: string;
  readonly #namespaces: string[] = [];
  readonly #processes: ChildProcess[] = [];
  #links = 0;

  constructor(name: string) {
    this.#prefix = `nl${process.pid % 100000}${name}`.slice(0, 10);
    this.dir = mkdtempSync(join(tmpdir(), `nightlight-${name}-`));
  }

  /** Creates a namespace with its loopback up; returns its name. */
  namespace(short: string): string {
    const ns = `${this.#prefix}${short}`;
    execFileSync("ip", ["netns", "add", ns]);
    this.#namespaces.push(ns);
    execFileSync("ip", ["-n", ns, "link", "set", "lo", "up"]);
    return ns;
  }

  /** Links two namespaces with a veth pair and gives each end its address (CIDR). */
  link(a: string, aAddress: string, b: string, bAddress: string): void {
    const n = this.#links++;
    const ea = `${this.#prefix.slice(-6)}a${n}`;
    const eb = `${this.#prefix.slice(-6)}b${n}`;
    execFileSync("ip", ["link", "add", ea, "type", "veth", "peer", "name", eb]);
    execFileSync("ip", ["link", "set", ea, "netns", a]);
    execFileSync("ip", ["link", "set", eb, "netns", b]);
    for (const [ns, dev, address] of [[a, ea, aAddress], [b, eb, bAddress]] as const) {
      execFileSync("ip", ["-n", ns, "addr", "add", address, "dev", dev, ...(address.includes(":") ? ["nodad"] : [])]);
      execFileSync("ip", ["-n", ns, "link", "set", dev, "up"]);
    }
  }

  /** Adds another address to the veth end of `ns` that holds `existing`. */
  address(ns: string, existing: string, address: string): void {
    const out = execFileSync("ip", ["-n", ns, "-o", "addr", "show"]).toString();
    const line = out.split("\n").find((l) => l.includes(` ${existing}/`));
    const dev = line?.split(/\s+/)[1];
    if (dev === undefined) throw new Error(`no device of ${ns} has ${existing}`);
    execFileSync("ip", ["-n", ns, "addr", "add", address, "dev", dev, ...(address.includes(":") ? ["nodad"] : [])]);
  }

  /** Runs a command in `ns` and returns its stdout. */
  exec(ns: string, command: string, args: readonly string[], options: { timeout?: number } = {}): string {
    return execFileSync("ip", ["netns", "exec", ns, command, ...args], { timeout: options.timeout ?? 30_000, maxBuffer: 256 << 20 }).toString();
  }

  /** Starts a long-running command in `ns`; tear-down ends it. */
  start(ns: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): LabProcess {
    const child = spawn("ip", ["netns", "exec", ns, command, ...args], { stdio: ["ignore", "pipe", "pipe"], env });
    this.#processes.push(child);
    let text = "";
    child.stdout?.on("data", (c: Buffer) => (text += c.toString()));
    child.stderr?.on("data", (c: Buffer) => (text += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    return { child, output: () => text, exited };
  }

  /** Ends every process started here (by its pid), then deletes the namespaces and files. */
  async teardown(): Promise<void> {
    for (const child of this.#processes) {
      if (child.exitCode !== null || child.pid === undefined) continue;
      try {
        process.kill(child.pid, "SIGCONT");
        process.kill(child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await Promise.all(this.#processes.map((c) => waitExit(c, 5000)));
    for (const ns of this.#namespaces.reverse()) spawnSync("ip", ["netns", "del", ns]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function waitExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if (child.pid !== undefined) {
        try {
          process.kill(child.pid, "SIGKILL");
        } catch {
          // gone
        }
      }
      resolve();
    }, ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Polls `check` every 100 ms until it returns a value other than undefined, or fails after `ms` naming `what`. */
export async function waitFor<T>(what: string, ms: number, check: () => T | undefined, detail: () => string = () => ""): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    let value: T | undefined;
    try {
      value = check();
    } catch {
      value = undefined;
    }
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}${detail() === "" ? "" : `\n${detail()}`}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The JSON of a file, or undefined while it is missing. */
export function readJson<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as T;
}
