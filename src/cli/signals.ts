/**
 * `nightlight signals`: prints one entity's series of one signal from the store, with
 * an empty value for a bin without data (missing is not zero).
 */
import { UsageError } from "../model/errors.ts";
import type { SignalSeries } from "../model/signal.ts";
import { nativeStepOf } from "../service/native-step-of.ts";
import { readEntitySeries } from "../service/read-entity-series.ts";
import type { SignalMethod, SourceInfo } from "../model/provenance.ts";
import type { BinRecord } from "../store/store.ts";
import { openStore } from "../store/open-store.ts";
import { stepOption } from "./step-option.ts";
import { timeOption } from "./time-option.ts";
import { parseCliArgs } from "./parse-cli-args.ts";
import { entityOption } from "./entity-option.ts";
import type { Command, CommandIo } from "./command.ts";
import { writeOut } from "./write-out.ts";

const DAY_MS = 86_400_000;
/** Step of a series the store does not hold: Nightlight's own BGP bins. */
const DEFAULT_STEP_MS = 300_000;

const USAGE = `Usage: nightlight signals --entity ID [--from TIME] [--until TIME] [options]

Prints a series from the store: one row per bin in [--from, --until), on the series'
own grid (hourly imports may fall at :30). Read as detect and report read it.

Options:
  --entity ID        country/IR, region/IR-09, asn/44244, country-asn/IR/44244
  --signal NAME      signal name (default: the entity's only stored signal, else bgp)
  --from TIME        first bin, ISO 8601 UTC: 2019-11-16 or 2019-11-16T00:00Z
                     (default: a day before --until)
  --until TIME       end (exclusive), ISO 8601 UTC (default: after the newest stored bin)
  --step DURATION    bin size: 300s, 5m, 1h, 1d (default: the step the series is
                     stored at). A finer step than that is refused (it would only
                     add empty bins); a coarser one must be a whole multiple of it,
                     each bin the mean of the stored bins in it that have data.
  --format FORMAT    table, csv or json (default table)
  --db FILE          store file (default nightlight.db in the current folder)

CSV columns: time,entity,signal,value (time ISO 8601 UTC; empty value = no data).
JSON also says where each figure came from: the source (ingest and method digest with
its parameters), how it computes the signal, and each bin's record (collectors,
full-feed peers, files read, problems, entity-data version). Where several sources hold
the signal, the observatory's own is read first.
`;


/** Bins of a series the store does not hold: all without data. */
function emptySeries(entity: string, signal: string, from: number, until: number, stepMs: number): SignalSeries {
  return { entity, signal, start: from, stepMs, values: new Array<null>(Math.ceil((until - from) / stepMs)).fill(null) };
}

/** ISO 8601 UTC without milliseconds when they are zero. */
const iso = (t: number): string => new Date(t).toISOString().replace(".000Z", "Z");

/** Runs of this many bins without data or more print as one line. */
const GAP_LINE_MIN = 3;

/** One line a bin, a long run of bins without data as one line saying how many. */
function tableRows(values: readonly (number | null)[], times: readonly (string | undefined)[]): string[] {
  const rows: string[] = [];
  for (let i = 0; i < values.length;) {
    const v = values[i];
    if (v !== null && v !== undefined) {
      rows.push(`${times[i]}  ${String(v)}`);
      i++;
      continue;
    }
    let j = i;
    while (j < values.length && values[j] === null) j++;
    if (j - i >= GAP_LINE_MIN) rows.push(`${times[i]}  no data … until ${times[j - 1]} (${j - i} bins)`);
    else for (let k = i; k < j; k++) rows.push(`${times[k]}  no data`);
    i = j;
  }
  return rows;
}

/** Where the figures came from: the source, its method, and each bin's record. */
interface Provenance {
  readonly source: SourceInfo | null;
  readonly methods: readonly SignalMethod[];
  readonly bins: readonly BinRecord[];
}

function render(series: SignalSeries, format: string, provenance: Provenance): string {
  const times = series.values.map((_, i) => iso(series.start + i * series.stepMs));
  if (format === "csv") {
    const rows = series.values.map((v, i) => `${times[i]},${series.entity},${series.signal},${v === null ? "" : String(v)}`);
    return `time,entity,signal,value\n${rows.join("\n")}${rows.length > 0 ? "\n" : ""}`;
  }
  if (format === "json") {
    const points = series.values.map((value, i) => ({ time: times[i], value }));
    const bins = provenance.bins.map((b) => ({ time: iso(b.time), completedAt: iso(b.completedAt), ...b.provenance }));
    const { source, methods } = provenance;
    return `${JSON.stringify({ entity: series.entity, signal: series.signal, stepMs: series.stepMs, nativeStepMs: series.source?.nativeStepMs ?? null, source, methods, points, bins }, null, 2)}\n`;
  }
  return `${series.entity} ${series.signal}\n${"time".padEnd(20)}  value\n${tableRows(series.values, times).join("\n")}\n`;
}

/**
 * The signal to print when none is named: the entity's only stored one, else `bgp`
 * when stored; otherwise a usage error naming those stored.
 */
function defaultSignal(db: string, entity: string): string {
  const store = openStore(db, { readonly: true });
  try {
    const held = [...new Set(store.listSignals(entity).filter((s) => s.entity === entity).map((s) => s.signal))].sort();
    if (held.length === 1) return held[0] ?? "bgp";
    if (held.length === 0 || held.includes("bgp")) return "bgp";
    throw new UsageError(`${entity} has several signals in ${db}: ${held.join(", ")}; name one with --signal`);
  } finally {
    store.close();
  }
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const values = parseCliArgs({
    args: [...args],
    options: {
      entity: { type: "string" }, signal: { type: "string" }, from: { type: "string" }, until: { type: "string" },
      step: { type: "string" }, format: { type: "string" }, db: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  }).values as Record<string, string | undefined>;
  const entity = entityOption(values["entity"]);
  const stepMs = stepOption(values["step"]);
  const format = values["format"] ?? "table";
  if (!["table", "csv", "json"].includes(format)) throw new UsageError(`--format must be table, csv or json, not '${format}'`);
  const signal = values["signal"] ?? defaultSignal(values["db"] ?? "nightlight.db", entity);
  const store = openStore(values["db"] ?? "nightlight.db", { readonly: true });
  try {
    // Without --until, the series ends with the newest stored bin; without --from, it
    // starts a day before --until.
    const held = store.listSignals(entity).find((x) => x.entity === entity && x.signal === signal);
    let until: number;
    if (values["until"] !== undefined) until = timeOption("--until", values["until"]);
    else {
      if (held === undefined) throw new UsageError(`${values["db"] ?? "nightlight.db"} holds no ${signal} signal of ${entity}; name --from and --until, or replay first`);
      until = held.last + (stepMs ?? nativeStepOf(held));
    }
    const from = values["from"] !== undefined ? timeOption("--from", values["from"]) : until - DAY_MS;
    if (until <= from) throw new UsageError(`--until ${values["until"] ?? ""} is not after --from ${values["from"] ?? ""}`);
    const [read] = readEntitySeries(store, { entity, from, until, signals: [signal], stepMs, scope: "own", history: false });
    // Nothing stored: every bin of the window is empty (5-minute bins, Nightlight's own step).
    const series: SignalSeries = read?.series ?? emptySeries(entity, signal, from, until, stepMs ?? DEFAULT_STEP_MS);
    const source = read?.summary.source ?? null;
    const provenance: Provenance = {
      source,
      methods: source === null ? [] : store.getMethods(signal).filter((m) => m.source === source.name && m.digest === source.digest),
      bins: source === null ? [] : store.getBins(source.id, series.start, series.start + series.values.length * series.stepMs),
    };
    await writeOut(io.stdout, render(series, format, provenance));
  } finally {
    store.close();
  }
  return 0;
}

/** The `signals` command. */
export const SIGNALS: Command = {
  words: ["signals"],
  summary: "print a signal's series for one entity from the store",
  usage: USAGE,
  run,
};
