/**
 * Whether this machine lets a test build network namespaces (root, iproute2, the
 * kernel's namespaces), and the tools a test needs; a skip message when not.
 */
import { execFileSync, spawnSync } from "node:child_process";

/** A skip reason, or undefined when namespaces and every tool in `tools` are there. */
export function namespacesUnavailable(tools: readonly string[] = []): string | undefined {
  if (process.getuid?.() !== 0) return "network namespaces need root: lab tests skipped (CI runs them as root)";
  for (const tool of ["ip", ...tools]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} is not installed: lab tests skipped (.ci/run installs it)`;
  }
  const name = `nltest-probe-${process.pid}`;
  const made = spawnSync("ip", ["netns", "add", name]);
  if (made.status !== 0) return `network namespaces are not permitted here (${made.stderr.toString().trim()}): lab tests skipped`;
  spawnSync("ip", ["netns", "del", name]);
  return undefined;
}

/** Runs `ip ARGS…`, throwing with its message on failure. */
export function ip(...args: string[]): void {
  execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });
}
