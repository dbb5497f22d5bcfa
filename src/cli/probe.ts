/**
 * `nightlight probe --config FILE [--db FILE] [--rounds N]`: one vantage point's active
 * prober (Trinocular as IODA runs it, through scamper), reporting to an observatory
 * over its API with a token, or into a local store with --db. docs/probing.md.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { entityDataVersion } from "../entities/entity-data-version.ts";
import type { EntityIndex } from "../entities/entity-index.ts";
import { loadEntityIndex } from "../entities/load-entity-index.ts";
import { readEntityTable } from "../entities/read-entity-table.ts";
import { UsageError } from "../model/errors.ts";
import { blockEntities } from "../probing/block-entities.ts";
import { discoverTargets, prefixAddresses } from "../probing/discover-targets.ts";
import { eligibleBlocks } from "../probing/eligible-blocks.ts";
import type { Pinger } from "../probing/pinger.ts";
import type { ProbingMethod } from "../probing/probe-report.ts";
import { PROBING_DEFAULTS, type ProbingConfig } from "../probing/probing-config.ts";
import { RateLimiter } from "../probing/rate-limiter.ts";
import { readResponseHistory } from "../probing/read-response-history.ts";
import { ScamperPinger } from "../probing/scamper-pinger.ts";
import { spawnScamper, type RunningScamper } from "../probing/spawn-scamper.ts";
import { blockAddress } from "../probing/target-block.ts";
import { TrinocularScheduler } from "../probing/trinocular-scheduler.ts";
import { outboxSink, storeSink, type ReportSink } from "../service/report-sink.ts";
import { runProber } from "../service/run-prober.ts";
import { ReportOutbox } from "../store/report-outbox.ts";
import { openStore } from "../store/open-store.ts";
import { abortOnSignal } from "./abort-on-signal.ts";
import type { Command, CommandIo } from "./command.ts";
import { configSecret, loadConfigSection } from "./nightlight-config.ts";
import { parseCliArgs } from "./parse-cli-args.ts";

const USAGE = `Usage: nightlight probe --config FILE [--db FILE] [--rounds N]

Probes the /24 blocks of a target list from this vantage point, Trinocular's way (one
probe per block per round, more while a block's state is uncertain, at most the budget),
and reports the /24s up per country, region and network each round (signal
active-probing) to an observatory over its API (section probing.observatory: URL and a
token with scope ingest), keeping each report until the observatory has it.

The target list (probing.targets, ISI's response-history format) is the only thing ever
probed. Without the file, probing.discover names prefixes to probe every address of
first (at the same rate cap) and writes the list; with neither, the prober refuses to
start. Needs root (scamper's raw sockets). See docs/probing.md for every setting.

Options:
  --config FILE   the config file (section "probing"); required
  --db FILE       store the rounds in this local store instead of reporting them
  --rounds N      stop after N reported rounds (default: until SIGINT or SIGTERM)
`;

/** A target list's entity data, for the method digest. */
function entityIndexOf(config: ProbingConfig, base: string): Promise<{ index: EntityIndex; version: string }> {
  if (config.entities === undefined) return loadEntityIndex({ regions: true }).then((index) => ({ index, version: entityDataVersion() }));
  const table = resolve(base, config.entities.table);
  const namesFile = config.entities.names === undefined ? undefined : resolve(base, config.entities.names);
  const text = readFileSync(table, "utf8");
  const names = namesFile === undefined ? undefined : { text: readFileSync(namesFile, "utf8"), file: namesFile };
  const digest = createHash("sha256").update(text).update(names?.text ?? "").digest("hex").slice(0, 16);
  return Promise.resolve({ index: readEntityTable(text, table, names), version: `entity-table:${digest}` });
}

/** The settings with every default filled in. */
function withDefaults(c: ProbingConfig) {
  const D = PROBING_DEFAULTS;
  return {
    rate: c.rate ?? D.rate, roundSeconds: c.roundSeconds ?? D.roundSeconds, slices: c.slices ?? D.slices, budget: c.budget ?? D.budget,
    probe: c.probe ?? D.probe, tcpPort: c.tcpPort ?? D.tcpPort, timeoutSeconds: c.timeoutSeconds ?? D.timeoutSeconds,
    minAddresses: c.minAddresses ?? D.minAddresses, minAvailability: c.minAvailability ?? D.minAvailability,
  };
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values: v } = parseCliArgs({ args: [...args], options: { config: { type: "string" }, db: { type: "string" }, rounds: { type: "string" } } });
  if (v.config === undefined) throw new UsageError("--config FILE is required: the prober probes only the target list its config names");
  const rounds = v.rounds === undefined ? undefined : Number(v.rounds);
  if (rounds !== undefined && !(Number.isInteger(rounds) && rounds > 0)) throw new UsageError(`--rounds '${v.rounds}' is not a whole number above 0`);
  const config = loadConfigSection(v.config, "probing");
  const base = dirname(resolve(v.config));
  const d = withDefaults(config);
  if (config.observatory === undefined && v.db === undefined) throw new UsageError("nowhere to report: set probing.observatory (URL and token) or pass --db FILE");
  const targetsFile = resolve(base, config.targets);
  const controls = config.controls ?? [];
  const limiter = new RateLimiter(d.rate);
  let scamper: RunningScamper | undefined;
  let pinger: Pinger | undefined;
  const connect = async (allowed: ReadonlySet<string>): Promise<Pinger> => {
    await pinger?.close();
    let socket: string;
    if (config.scamper !== undefined && "socket" in config.scamper) socket = resolve(base, config.scamper.socket);
    else {
      scamper ??= await spawnScamper({ pps: d.rate, ...(config.scamper?.command === undefined ? {} : { command: config.scamper.command }) });
      socket = scamper.socket;
    }
    pinger = await ScamperPinger.connect(socket, { allowed, limiter, method: d.probe, tcpPort: d.tcpPort, timeoutSeconds: d.timeoutSeconds });
    return pinger;
  };
  let sink: ReportSink | undefined;
  try {
    if (!existsSync(targetsFile)) {
      if (config.discover === undefined) throw new UsageError(`probing.targets ${config.targets}: no such file, and no probing.discover prefixes to make one: the prober refuses to start without a target list`);
      const addresses = prefixAddresses(config.discover.prefixes);
      const passes = config.discover.passes ?? PROBING_DEFAULTS.passes;
      io.stderr.write(`nightlight probe: discovery: ${addresses.length} addresses × ${passes} passes at ${d.rate} packets/s (about ${Math.ceil((addresses.length * passes) / d.rate)} s)\n`);
      const text = await discoverTargets(config.discover.prefixes, await connect(new Set(addresses)), { passes });
      writeFileSync(targetsFile, text);
      io.stderr.write(`nightlight probe: discovery wrote ${targetsFile}\n`);
    }
    const listText = readFileSync(targetsFile, "utf8");
    const history = readResponseHistory(listText, targetsFile);
    const eligibility = eligibleBlocks(history.blocks, { minAddresses: d.minAddresses, minAvailability: d.minAvailability });
    const eligible = eligibility.eligible;
    io.stderr.write(`nightlight probe: ${targetsFile}: ${history.blocks.length} blocks, ${eligible.length} eligible (${eligibility.tooFewAddresses} with fewer than ${d.minAddresses} ever-responsive addresses, ${eligibility.tooLowAvailability} below availability ${d.minAvailability})\n`);
    if (eligible.length === 0) throw new UsageError(`${config.targets}: no eligible block to probe`);
    const roundMs = d.roundSeconds * 1000;
    const most = d.rate * d.roundSeconds;
    const least = eligible.length + 2 * controls.length;
    if (least > most) throw new UsageError(`at ${d.rate} packets/s a round of ${d.roundSeconds} s sends at most ${most} probes, fewer than the ${least} the ${eligible.length} blocks and controls need: raise probing.rate or probing.roundSeconds`);
    if ((3 * d.timeoutSeconds + 1) * 1000 >= roundMs) throw new UsageError(`probing.roundSeconds ${d.roundSeconds} must exceed three probe timeouts and a second (${3 * d.timeoutSeconds + 1} s): the answers of a round's last probes must come before the next round`);
    const allowed = new Set<string>(controls);
    for (const b of eligible) for (const h of b.addresses) allowed.add(blockAddress(b.block, h));
    const p = await connect(allowed);
    const { index, version } = await entityIndexOf(config, base);
    const method: ProbingMethod = {
      vantage: config.vantage, roundMs, slices: d.slices, budget: d.budget, method: d.probe, ...(d.probe === "tcp-syn" ? { tcpPort: d.tcpPort } : {}),
      minAddresses: d.minAddresses, minAvailability: d.minAvailability,
      targets: { sha256: createHash("sha256").update(listText).digest("hex"), blocks: history.blocks.length, eligible: eligible.length },
      controls: controls.length, entityData: version,
    };
    const scheduler = new TrinocularScheduler(eligible, { budget: d.budget, slices: d.slices });
    if (v.db !== undefined) sink = storeSink(openStore(v.db));
    else if (config.observatory !== undefined) {
      const o = config.observatory;
      const outbox = ReportOutbox.open(resolve(base, config.outbox ?? `${config.vantage}-outbox.db`));
      sink = outboxSink(outbox, { url: o.url, token: configSecret(o.token, "probing.observatory.token"), ...(o.ca === undefined ? {} : { ca: readFileSync(resolve(base, o.ca)) }) }, {
        onPass: (pass) => {
          if (pass.stopped !== undefined) io.stderr.write(`nightlight probe: forwarding stopped: ${pass.stopped} (${pass.pending} pending)\n`);
        },
      });
    }
    if (sink === undefined) throw new Error("no sink");
    const controller = abortOnSignal();
    io.stderr.write(`nightlight probe: ${config.vantage}: ${eligible.length} blocks every ${d.roundSeconds} s at most ${d.rate} packets/s, ${d.budget} probes per block and round; Ctrl-C stops\n`);
    const done = await runProber(p, {
      method, scheduler, blockEntities: blockEntities(index, eligible), named: (ids) => index.entities(ids), controls,
      // The periodic probe, one adaptive batch (or recovery), the controls at the end, and a second to spare.
      tailMs: (3 * d.timeoutSeconds + 1) * 1000,
    }, sink, {
      ...(rounds === undefined ? {} : { rounds }), signal: controller.signal,
      onRound: (round, delivered) => {
        const up = round.statuses.filter((s) => s === 0).length;
        const down = round.statuses.filter((s) => s === 1).length;
        const vantage = round.vantage.cutOff === true ? "vantage CUT OFF (not counted)" : round.vantage.cutOff === null ? "vantage not checked" : "vantage ok";
        io.stderr.write(`nightlight probe: round ${new Date(round.start).toISOString()}: ${up} up, ${down} down, ${round.statuses.length - up - down} uncertain; ${round.probes} probes; ${vantage}; ${delivered ?? "settling beliefs, not reported"}\n`);
      },
    });
    io.stdout.write(`nightlight probe: ${done} rounds reported\n`);
    return 0;
  } finally {
    await sink?.close();
    await pinger?.close();
    await scamper?.stop();
  }
}

/** The `probe` command. */
export const PROBE: Command = {
  words: ["probe"],
  summary: "probe /24 blocks from this vantage point (Trinocular via scamper) and report to an observatory",
  usage: USAGE,
  run,
};
