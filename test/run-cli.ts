/** Runs the CLI in-process with captured output, for tests. */
import { PassThrough, Readable } from "node:stream";
import { main } from "../src/cli/main.ts";

/** Exit code and everything written. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `nightlight ARGS…` in this process. */
export async function runCli(args: readonly string[], stdin: NodeJS.ReadableStream = Readable.from([])): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (c: Buffer) => out.push(c));
  stderr.on("data", (c: Buffer) => err.push(c));
  const code = await main(args, { stdin, stdout, stderr });
  stdout.end();
  stderr.end();
  return { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}
