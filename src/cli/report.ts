/**
 * `nightlight report`: reads an entity's signals from the store, runs detection, and
 * writes report.md with one PNG chart per signal. Reading and detection are
 * `entityReportData` (src/service), through the same `detectEntity` as `nightlight
 * detect`; this file parses the options and writes.
 */
import { UsageError } from "../model/errors.ts";
import { entityOption } from "./entity-option.ts";
import type { EntityId } from "../model/signal.ts";
import type { ReportData } from "../report/report-data.ts";
import { writeReport } from "../report/write-report.ts";
import { entityReportData } from "../service/entity-report-data.ts";
import { loadMobileAsns } from "../service/load-mobile-asns.ts";
import { openStore } from "../store/open-store.ts";
import { timeOption } from "./time-option.ts";
import { parseCliArgs } from "./parse-cli-args.ts";
import type { Command } from "./command.ts";
import { loadSignalsConfig } from "./nightlight-config.ts";
import { stepOption } from "./step-option.ts";
import type { SignalConfig } from "../model/baseline.ts";

const USAGE = `Usage: nightlight report --entity ENTITY --from TIME --until TIME
                         [--db FILE] [--out DIR] [--signal NAME]… [--step DURATION]
                         [--config FILE] [--mobile-asns FILE]

Writes DIR/report.md (summary, events, timeline, method) and DIR/SIGNAL.png, one chart
per signal with its baseline, alert levels and events, for ENTITY (e.g. country/IR)
over [--from, --until). Times are ISO 8601 dates (UTC) or times with their zone
(2019-11-11, 2019-11-16T14:00Z). The baseline also reads the history before --from.

  --db FILE        the store (default nightlight.db; --store is the same)
  --out DIR        folder to write (default report-ENTITY, e.g. report-country-IR)
  --signal NAME    only these signals (repeatable; default every stored signal)
  --step DURATION  bin size: 5m, 1h, 1d (default: the step each series is stored at).
                   A step finer than a series' stored step is refused (it would only
                   add empty bins); a coarser one must be a whole multiple of it, and
                   each bin is the mean of the stored bins in it that have data.
  --config FILE    the config file; its "signals" section overrides the detection
                   defaults (see nightlight detect --help)
  --mobile-asns FILE  mobile networks for "mobile-first" (default data/mobile-asns.json)

Events and verdict are those of nightlight detect for the same entity, window and
--config. With no event, the headline says "no outage detected" only when some signal
had data and a verdict in enough of the window's bins (minCoverage, 50 % by default);
otherwise it says "not enough data to judge", with the figures.
`;

const MINUTE = 60_000;

interface ReportArgs {
  readonly entity: EntityId;
  readonly from: number;
  readonly until: number;
  readonly db: string;
  readonly out: string;
  readonly signals: readonly string[] | undefined;
  readonly stepMs: number | undefined;
  readonly overrides: Record<string, Partial<SignalConfig>>;
  readonly config: string | undefined;
  readonly mobileAsns: string | undefined;
}

function parse(args: readonly string[]): ReportArgs {
  const parsed = parseCliArgs({
    args: [...args],
    options: {
      entity: { type: "string" },
      from: { type: "string" },
      until: { type: "string" },
      db: { type: "string" },
      store: { type: "string" },
      out: { type: "string" },
      signal: { type: "string", multiple: true },
      step: { type: "string" },
      config: { type: "string" },
      "mobile-asns": { type: "string" },
    },
  });
  const v = parsed.values;
  const entity = entityOption(v.entity);
  const from = timeOption("--from", v.from);
  const until = timeOption("--until", v.until);
  if (until <= from) throw new UsageError(`--until ${v.until ?? ""} must be after --from ${v.from ?? ""}`);
  return {
    entity,
    from,
    until,
    db: v.db ?? v.store ?? "nightlight.db",
    out: v.out ?? `report-${entity.replace(/[^A-Za-z0-9.-]+/g, "-")}`,
    signals: v.signal,
    stepMs: stepOption(v.step),
    overrides: loadSignalsConfig(v.config),
    config: v.config,
    mobileAsns: v["mobile-asns"],
  };
}


export const REPORT: Command = {
  words: ["report"],
  summary: "write a Markdown report with a PNG chart per signal for one entity and time window",
  usage: USAGE,
  async run(args, io) {
    const a = parse(args);
    const mobileAsns = loadMobileAsns(a.mobileAsns);
    const store = openStore(a.db, { readonly: true });
    let data: ReportData;
    try {
      data = {
        ...entityReportData(store, { entity: a.entity, from: a.from, until: a.until, signals: a.signals, stepMs: a.stepMs, overrides: a.overrides, mobileAsns }),
        command: `nightlight report --entity ${a.entity} --from ${new Date(a.from).toISOString()} --until ${new Date(a.until).toISOString()}` +
          (a.signals === undefined ? "" : a.signals.map((s) => ` --signal ${s}`).join("")) +
          (a.stepMs === undefined ? "" : ` --step ${a.stepMs / MINUTE}m`) +
          (a.config === undefined ? "" : ` --config ${a.config}`) +
          (a.mobileAsns === undefined ? "" : ` --mobile-asns ${a.mobileAsns}`),
      };
    } finally {
      store.close();
    }
    const written = writeReport(data, { outDir: a.out });
    io.stdout.write(`Wrote ${written.markdown} (${data.events.length} events) and ${written.images.length} charts: ${written.images.join(", ")}\n`);
    return 0;
  },
};
