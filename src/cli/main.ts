/**
 * `nightlight` command dispatcher: finds the subcommand by its words, runs it, and
 * turns failures into exit codes (0 ok, 1 failure, 2 usage error).
 */
import { nightlightVersion } from "../chart/nightlight-version.ts";
import { UsageError } from "../model/errors.ts";
import type { Command, CommandIo } from "./command.ts";
import { COMMANDS } from "./commands.ts";

const PROCESS_IO: CommandIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.words.join(" ").length));
  const lines = COMMANDS.map((c) => `  ${c.words.join(" ").padEnd(width)}  ${c.summary}`);
  return `Usage: nightlight COMMAND [OPTIONS]\n\nCommands:\n${lines.join("\n")}\n\nRun \`nightlight COMMAND --help\` for a command's options.\n`;
}

/** The commands under a group word such as `mrt`, for `nightlight mrt --help`. */
function group(args: readonly string[]): readonly Command[] {
  const words = args.filter((a) => !a.startsWith("-"));
  return words.length === 0 ? [] : COMMANDS.filter((c) => c.words.length > words.length && words.every((w, i) => c.words[i] === w));
}

/** A usage error in two lines: what was wrong, the command's synopsis, and where the rest is. */
function shortUsage(command: Command, message: string): string {
  const synopsis = command.usage.split("\n").find((l) => l.startsWith("Usage:")) ?? `Usage: nightlight ${command.words.join(" ")}`;
  return `nightlight ${command.words.join(" ")}: ${message}\n${synopsis.trim()}\nRun 'nightlight ${command.words.join(" ")} --help' for every option.\n`;
}

function find(args: readonly string[]): { command: Command; rest: readonly string[] } | undefined {
  let best: { command: Command; rest: readonly string[] } | undefined;
  for (const command of COMMANDS) {
    const n = command.words.length;
    if (n <= args.length && command.words.every((w, i) => args[i] === w)) {
      if (best === undefined || n > best.command.words.length) best = { command, rest: args.slice(n) };
    }
  }
  return best;
}

/** Runs `nightlight ARGS…`; resolves to the process exit code. */
export async function main(args: readonly string[], io: CommandIo = PROCESS_IO): Promise<number> {
  if (args.length === 0 || args[0] === "--help" || args[0] === "-h" || args[0] === "help") {
    io.stdout.write(overview());
    return args.length === 0 ? 2 : 0;
  }
  if (args[0] === "--version" || args[0] === "-V") {
    io.stdout.write(`nightlight ${nightlightVersion()}\n`);
    return 0;
  }
  const found = find(args);
  if (found === undefined) {
    const members = group(args);
    if (members.length > 0) {
      const help = args.includes("--help") || args.includes("-h");
      const width = Math.max(...members.map((c) => c.words.join(" ").length));
      (help ? io.stdout : io.stderr).write(`Commands:\n${members.map((c) => `  ${c.words.join(" ").padEnd(width)}  ${c.summary}`).join("\n")}\n`);
      return help ? 0 : 2;
    }
    const word = (args[0] ?? "").slice(0, 80);
    io.stderr.write(`nightlight: unknown command '${word}'; run 'nightlight --help' for the list\n`);
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error: unknown) {
    if (error instanceof UsageError) {
      io.stderr.write(shortUsage(command, error.message));
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`nightlight ${command.words.join(" ")}: ${message}\n`);
    return 1;
  }
}
