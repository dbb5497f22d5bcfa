/**
 * `nightlight inside --config FILE [--db FILE] [--rounds N]`: the view from inside a
 * country. Each round it measures reach to domestic and international targets (DNS,
 * TCP, HTTPS of a known page), keeps the results in its outbox and forwards them to
 * the observatory whenever it can be reached: nothing lost, nothing stored twice.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "../model/errors.ts";
import { INSIDE_DEFAULTS } from "../probing/inside-config.ts";
import type { InsideMethod } from "../probing/inside-report.ts";
import { outboxSink, storeSink, type ReportSink } from "../service/report-sink.ts";
import { runInsideProbe } from "../service/run-inside-probe.ts";
import { openStore } from "../store/open-store.ts";
import { ReportOutbox } from "../store/report-outbox.ts";
import { abortOnSignal } from "./abort-on-signal.ts";
import type { Command, CommandIo } from "./command.ts";
import { configSecret, loadConfigSection } from "./nightlight-config.ts";
import { parseCliArgs } from "./parse-cli-args.ts";

const USAGE = `Usage: nightlight inside --config FILE [--db FILE] [--rounds N]

A small probe meant to run inside a country. Each round it measures its domestic and
its international targets (DNS resolution, TCP connection, HTTPS fetch of a known page)
and reports the share of each list reached (signals inside-domestic and
inside-international of the entities it sits in). Results wait in its outbox (section
inside.outbox) until the observatory (inside.observatory: URL and a token with scope
ingest) has them, so a cut loses nothing and a resend stores nothing twice. The
detection's kinds "international cut, domestic up" and "whitelisting" use them as
evidence. See docs/probing.md.

Options:
  --config FILE   the config file (section "inside"); required
  --db FILE       store the rounds in this local store instead of reporting them
  --rounds N      stop after N rounds (default: until SIGINT or SIGTERM)
`;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values: v } = parseCliArgs({ args: [...args], options: { config: { type: "string" }, db: { type: "string" }, rounds: { type: "string" } } });
  if (v.config === undefined) throw new UsageError("--config FILE is required (section \"inside\": the targets and the observatory)");
  const rounds = v.rounds === undefined ? undefined : Number(v.rounds);
  if (rounds !== undefined && !(Number.isInteger(rounds) && rounds > 0)) throw new UsageError(`--rounds '${v.rounds}' is not a whole number above 0`);
  const config = loadConfigSection(v.config, "inside");
  const base = dirname(resolve(v.config));
  const roundSeconds = config.roundSeconds ?? INSIDE_DEFAULTS.roundSeconds;
  const timeoutSeconds = config.timeoutSeconds ?? INSIDE_DEFAULTS.timeoutSeconds;
  if (3 * timeoutSeconds + 1 >= roundSeconds) throw new UsageError(`inside.roundSeconds ${roundSeconds} must exceed three timeouts and a second (${3 * timeoutSeconds + 1} s): DNS, TCP and HTTPS each may take inside.timeoutSeconds`);
  if (config.observatory === undefined && v.db === undefined) throw new UsageError("nowhere to report: set inside.observatory (URL and token) or pass --db FILE");
  const method: InsideMethod = {
    name: config.name, entities: config.entities, roundMs: roundSeconds * 1000, timeoutMs: timeoutSeconds * 1000,
    resolver: config.resolver ?? null, domestic: config.domestic, international: config.international,
  };
  const ca = config.ca === undefined ? undefined : readFileSync(resolve(base, config.ca), "utf8");
  let sink: ReportSink;
  let close = (): void => {};
  if (v.db !== undefined) {
    const store = openStore(v.db);
    sink = storeSink(store);
    close = () => store.close();
  } else {
    const o = config.observatory;
    if (o === undefined) throw new Error("no observatory");
    const outbox = ReportOutbox.open(resolve(base, config.outbox ?? `${config.name}-outbox.db`));
    sink = outboxSink(outbox, { url: o.url, token: configSecret(o.token, "inside.observatory.token"), ...(o.ca === undefined ? {} : { ca: readFileSync(resolve(base, o.ca)) }) }, {
      onPass: (pass) => {
        if (pass.stopped !== undefined) io.stderr.write(`nightlight inside: forwarding paused: ${pass.stopped} (${pass.pending} pending)\n`);
        else if (pass.forwarded > 0) io.stderr.write(`nightlight inside: forwarded ${pass.forwarded} (${pass.pending} pending)\n`);
      },
    });
    close = () => outbox.close();
  }
  const controller = abortOnSignal();
  io.stderr.write(`nightlight inside: ${config.name}: ${config.domestic.length} domestic and ${config.international.length} international targets every ${roundSeconds} s; Ctrl-C stops\n`);
  try {
    const done = await runInsideProbe(method, sink, {
      ...(rounds === undefined ? {} : { rounds }), signal: controller.signal, ...(ca === undefined ? {} : { ca }),
      onRound: (round, delivered) => {
        const n = (r: readonly { reached: boolean }[]) => `${r.filter((x) => x.reached).length}/${r.length}`;
        io.stderr.write(`nightlight inside: round ${new Date(round.start).toISOString()}: domestic ${n(round.domestic)}, international ${n(round.international)} reached; ${delivered}\n`);
      },
    });
    await sink.close();
    io.stdout.write(`nightlight inside: ${done} rounds measured\n`);
    return 0;
  } finally {
    close();
  }
}

/** The `inside` command. */
export const INSIDE: Command = {
  words: ["inside"],
  summary: "measure reach to domestic and international targets from inside a country (store and forward)",
  usage: USAGE,
  run,
};
