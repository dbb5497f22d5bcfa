/**
 * Runs an external decompressor (`lbzip2 -dc`, `bzip2 -dc`) as a child process: the
 * compressed bytes are piped into it and its output is read back, with backpressure
 * both ways, so decompression runs on another core in parallel with our parsing.
 */
import { spawn } from "node:child_process";
import { pipeline } from "node:stream/promises";

/** Options of {@link runDecompressor}. */
export interface RunDecompressorOptions {
  /** Kills the child process when aborted. */
  readonly signal?: AbortSignal;
}

/**
 * The child process failed (non-zero exit, killed, or could not start) after writing
 * `delivered` bytes. Not shown to users as such: the caller either recovers the rest
 * with another decoder or turns it into a `CompressedStreamError` / `SourceError`.
 */
export class DecompressorFailure extends Error {
  override readonly name = "DecompressorFailure";
  /** The command that failed, e.g. `lbzip2`. */
  readonly command: string;
  /** Decompressed bytes it wrote before failing. */
  readonly delivered: number;
  /** The first lines of its standard error, trimmed. */
  readonly stderr: string;
  /** Whether its complaint says the input ends early (both tools have their words). */
  readonly truncated: boolean;

  constructor(command: string, detail: { readonly delivered: number; readonly stderr: string; readonly status: string }, options?: ErrorOptions) {
    const said = detail.stderr === "" ? "" : `: ${detail.stderr}`;
    super(`${command} -dc ${detail.status}${said}`, options);
    this.command = command;
    this.delivered = detail.delivered;
    this.stderr = detail.stderr;
    // bzip2 1.0.8: "Compressed file ends unexpectedly"; lbzip2 2.5: "unexpected end of file".
    this.truncated = /ends unexpectedly|unexpected end of (?:file|input)/i.test(detail.stderr);
  }
}

/** Output is yielded in chunks of at least this size (except the last). */
const MIN_CHUNK = 64 * 1024;

/** Keeps at most this much of a child's stderr: its first complaint is what matters. */
const STDERR_LIMIT = 2000;

/**
 * Yields `command -dc`'s output for the bytes of `source`. Throws
 * {@link DecompressorFailure} after the last output byte when the child fails. Stopping
 * early (break, return, abort) kills the child and waits for it to exit.
 */
export async function* runDecompressor(
  command: string,
  source: AsyncIterable<Uint8Array>,
  options: RunDecompressorOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const child = spawn(command, ["-dc"], { stdio: ["pipe", "pipe", "pipe"] });
  const exited = new Promise<{ code: number | null; signal: string | null; error?: Error }>((resolve) => {
    child.once("error", (error) => resolve({ code: null, signal: null, error }));
    child.once("close", (code, signal) => resolve({ code, signal }));
  });
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  options.signal?.addEventListener("abort", kill, { once: true });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += text;
  });
  let feedError: unknown;
  // The child closing its stdin early (it failed, or we stopped it) is not a feed error.
  const feeding = pipeline(source, child.stdin).catch((error: unknown) => {
    if (!isBrokenPipe(error)) feedError = error;
  });
  let delivered = 0;
  let finished = false;
  try {
    // bzip2 writes 5000 bytes at a time: gather them so the record reader gets few, large chunks.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < MIN_CHUNK) continue;
      const out = pending.length === 1 ? chunk : Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      delivered += out.length;
      yield out;
    }
    if (pendingBytes > 0) {
      delivered += pendingBytes;
      yield Buffer.concat(pending, pendingBytes);
    }
    const result = await exited;
    await Promise.race([feeding, exited]);
    if (feedError !== undefined) throw feedError;
    finished = true;
    if (result.error !== undefined || result.code !== 0) {
      const status =
        result.error !== undefined
          ? `could not run: ${result.error.message}`
          : result.code === null
            ? `was killed by ${result.signal ?? "a signal"}`
            : `exited with status ${result.code}`;
      throw new DecompressorFailure(command, { delivered, stderr: firstLines(stderr), status }, { cause: result.error });
    }
  } finally {
    options.signal?.removeEventListener("abort", kill);
    if (!finished) kill();
    child.stdout.destroy();
    child.stdin.destroy();
    await exited;
  }
}

function isBrokenPipe(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "EPIPE" || code === "ERR_STREAM_DESTROYED" || code === "ERR_STREAM_PREMATURE_CLOSE";
}

function firstLines(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .slice(0, 2)
    .join(" ");
}
