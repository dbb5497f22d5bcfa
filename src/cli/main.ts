/**
 * `nightlight` command dispatcher: finds the subcommand by its words, runs it, and
 * turns failures into exit codes (0 ok, 1 failure, 2 usage error).
 */
import { UsageError } from "../model/errors.ts";
import type { Command, CommandIo } from "./command.ts";
import { COMMANDS } from "./commands.ts";

const PROCESS_IO: CommandIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.words.join(" ").length));
  const lines = COMMANDS.map((c) => `  ${c.words.join(" ").padEnd(width)}  ${c.summary}`);
  return `Usage: nightlight COMMAND [OPTIONS]\n\nCommands:\n${lines.join("\n")}\n\nRun \`nightlight COMMAND --help\` for a command's options.\n`;
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
  const found = find(args);
  if (found === undefined) {
    io.stderr.write(`nightlight: unknown command '${args.join(" ")}'\n\n${overview()}`);
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
      io.stderr.write(`nightlight ${command.words.join(" ")}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`nightlight ${command.words.join(" ")}: ${message}\n`);
    return 1;
  }
}
