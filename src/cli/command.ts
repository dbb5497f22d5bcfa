/** What every subcommand provides to the dispatcher in main.ts. */
export interface Command {
  /** Words that select it, e.g. `["mrt", "dump"]`. */
  readonly words: readonly string[];
  /** One line for `nightlight --help`. */
  readonly summary: string;
  /** Full usage text for `nightlight WORDS --help`. */
  readonly usage: string;
  /** Runs with the arguments after the words; resolves to the exit code. */
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/** The process streams, injected so tests can run commands in-process. */
export interface CommandIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}
