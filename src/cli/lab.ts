/**
 * `nightlight lab list` and `nightlight lab run SCENARIO [--format json]`: the shutdown
 * lab (lab/lab.sh; docs/lab.md). `run` builds the lab, starts a fresh observatory and
 * Nightlight's probes in it, plays the scenario, prints the events Nightlight detected
 * (as its API gives them) and tears everything down, also after a failure or Ctrl-C.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../model/errors.ts";
import type { Command, CommandIo } from "./command.ts";
import { LAB_SCENARIOS, labScenario } from "./lab/lab-scenarios.ts";
import { LabSession } from "./lab/lab-session.ts";
import { playLabScenario, type ScenarioRun } from "./lab/play-lab-scenario.ts";
import { parseCliArgs } from "./parse-cli-args.ts";

const LIST_USAGE = `Usage: nightlight lab list

Names the shutdown lab's scenarios with what each one cuts.
`;

const RUN_USAGE = `Usage: nightlight lab run SCENARIO [--format text|json] [--round-seconds N] [--dir DIR]

Builds the shutdown lab (network namespaces: a small country behind one gateway, each
network running BIRD 2; Nightlight's vantage point abroad; an inside probe in the ISP),
starts a fresh observatory with Nightlight's prober and inside probe reporting to it,
plays SCENARIO (see 'nightlight lab list'), prints the events Nightlight detected as its
API gives them, and tears everything down. Needs root, and the Debian packages bird2,
nftables, dnsmasq-base, scamper and openssl. Every address is in 198.18.0.0/15 and lives
only inside the lab's namespaces. A scenario takes a few minutes (shorter rounds than
production: detection runs with settings scaled to the round, printed with the result).

Options:
  --format F          text (default) or json (the scenario, its steps, the API's events)
  --round-seconds N   round of every probe and bin, seconds (default 5)
  --dir DIR           keep the lab's files (configs, stores, logs) in DIR (default: a
                      temporary folder, removed afterwards)
`;

function iso(t: number): string {
  return new Date(t).toISOString().replace(".000Z", "Z");
}

function printText(io: CommandIo, run: ScenarioRun): void {
  io.stdout.write(`Scenario ${run.scenario}: rounds of ${run.roundMs / 1000} s, from ${iso(run.started)}\n`);
  for (const s of run.steps) io.stdout.write(`  ${iso(s.at)}  ${s.what}\n`);
  if (run.events.length === 0) {
    io.stdout.write("Events: none\n");
    return;
  }
  io.stdout.write(`Events (${run.events.length}):\n`);
  for (const e of run.events) {
    const phases = e.phases.map((p) => p.kind).join(" → ");
    io.stdout.write(`  ${e.entity}  ${e.start} – ${e.end ?? "ongoing"}  ${e.kind}  depth ${(e.depth * 100).toFixed(0)} %  phases ${phases}\n    ${e.evidence}\n`);
  }
}

async function list(args: readonly string[], io: CommandIo): Promise<number> {
  parseCliArgs({ args: [...args], options: {}, allowPositionals: false });
  const width = Math.max(...LAB_SCENARIOS.map((s) => s.name.length));
  for (const s of LAB_SCENARIOS) io.stdout.write(`${s.name.padEnd(width)}  ${s.summary}\n`);
  return 0;
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values: v, positionals } = parseCliArgs({ args: [...args], allowPositionals: true, options: { format: { type: "string" }, "round-seconds": { type: "string" }, dir: { type: "string" } } });
  if (positionals.length !== 1) throw new UsageError(`name one scenario (${LAB_SCENARIOS.map((s) => s.name).join(", ")})`);
  const scenario = labScenario(positionals[0] ?? "");
  if (scenario === undefined) throw new UsageError(`unknown scenario '${(positionals[0] ?? "").slice(0, 40)}'; 'nightlight lab list' names them`);
  const format = v.format ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not '${format.slice(0, 20)}'`);
  const seconds = v["round-seconds"] === undefined ? 5 : Number(v["round-seconds"]);
  if (!(Number.isInteger(seconds) && seconds >= 5 && seconds <= 600)) throw new UsageError(`--round-seconds must be a whole number from 5 to 600, not '${v["round-seconds"]}'`);
  if (process.getuid?.() !== 0) throw new UsageError("the lab needs root (it builds network namespaces)");
  const dir = v.dir ?? mkdtempSync(join(tmpdir(), "nightlight-lab-"));
  const log = (line: string): void => {
    io.stderr.write(`lab: ${line}\n`);
  };
  const session = await LabSession.start({ dir, roundMs: seconds * 1000, log, ...(scenario.dayRounds === undefined ? {} : { dayRounds: scenario.dayRounds }) });
  const stop = (): void => {
    log("interrupted: tearing the lab down");
    void session.close().finally(() => process.exit(130));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    await session.warmUp(8);
    const result = await playLabScenario(session, scenario, { log });
    if (format === "json") io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else printText(io, result);
    return 0;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    await session.close();
    if (v.dir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** `nightlight lab list`. */
export const LAB_LIST: Command = { words: ["lab", "list"], summary: "name the shutdown lab's scenarios", usage: LIST_USAGE, run: list };

/** `nightlight lab run`. */
export const LAB_RUN: Command = { words: ["lab", "run"], summary: "play a shutdown scenario in the lab and print what Nightlight detected", usage: RUN_USAGE, run };
