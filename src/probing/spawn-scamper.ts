/**
 * Starts scamper with a control socket for the prober, and stops it. scamper needs
 * root (or CAP_NET_RAW) for raw sockets; its own `-p` cap is set to the prober's rate
 * as a second guard behind the prober's limiter.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running scamper. */
export interface RunningScamper {
  /** Its control socket. */
  readonly socket: string;
  /** Stops scamper and removes the socket's folder. */
  stop(): Promise<void>;
}

/** Options of spawnScamper. */
export interface SpawnScamperOptions {
  /** The scamper binary (default `scamper` on PATH). */
  readonly command?: string;
  /** Packets per second scamper itself never exceeds. */
  readonly pps: number;
}

/** Starts scamper and resolves once its control socket exists. */
export async function spawnScamper(options: SpawnScamperOptions): Promise<RunningScamper> {
  const dir = mkdtempSync(join(tmpdir(), "nightlight-scamper-"));
  const socket = join(dir, "control.sock");
  const pps = Math.max(1, Math.ceil(options.pps));
  const child: ChildProcess = spawn(options.command ?? "scamper", ["-U", socket, "-p", String(pps)], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", () => resolve(null));
  });
  let spawnError: Error | undefined;
  child.once("error", (e) => {
    spawnError = e;
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  for (let waited = 0; waited < 10_000; waited += 50) {
    if (existsSync(socket)) return { socket, stop };
    if (spawnError !== undefined || child.exitCode !== null) {
      await stop();
      const why = spawnError?.message ?? `exited with status ${child.exitCode}: ${stderr.trim() || "no message"}`;
      throw new Error(`Cannot start scamper (${options.command ?? "scamper"}): ${why}${/permission|privsep|root/i.test(why) ? " (it needs root or CAP_NET_RAW)" : ""}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`scamper did not open its control socket ${socket} within 10 s: ${stderr.trim()}`);
}
