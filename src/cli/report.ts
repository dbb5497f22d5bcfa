/**
 * `nightlight report`: reads an entity's signals from the store, runs detection, and
 * writes report.md with one PNG chart per signal. The wiring store → detect → report
 * lives here; each stage knows nothing of the others.
 */
import { computeBaseline } from "../detect/compute-baseline.ts";
import { detectEvents } from "../detect/detect-events.ts";
import { signalConfig } from "../detect/signal-config.ts";
import { duration } from "../detect/format-numbers.ts";
import { UsageError } from "../model/errors.ts";
import type { EntityId, SignalSeries } from "../model/signal.ts";
import { writeReport } from "../report/write-report.ts";
import { openStore } from "../store/open-store.ts";
import type { SignalSummary, Store } from "../store/store.ts";
import { timeOption } from "./time-option.ts";
import { parseCliArgs } from "./parse-cli-args.ts";
import type { Command } from "./command.ts";
import { loadSignalConfig } from "./load-signal-config.ts";
import { relatedSignals } from "./related-signals.ts";
import type { SignalConfig } from "../model/baseline.ts";

const USAGE = `Usage: nightlight report --entity ENTITY --from TIME --until TIME
                         [--db FILE] [--out DIR] [--signal NAME]… [--step DURATION]
                         [--config FILE]

Writes DIR/report.md (summary, events, timeline, method) and DIR/SIGNAL.png, one chart
per signal with its baseline, alert levels and events, for ENTITY (e.g. country/IR)
over [--from, --until). Times are ISO 8601 dates (UTC) or times with their zone
(2019-11-11, 2019-11-16T14:00Z). The baseline also reads the history before --from.

  --db FILE        the store (default nightlight.db; --store is the same)
  --out DIR        folder to write (default report-ENTITY, e.g. report-country-IR)
  --signal NAME    only these signals (repeatable; default every stored signal)
  --step DURATION  bin size: 5m, 1h, 1d (default: the stored points' spacing)
  --config FILE    per-signal detection settings as JSON (see nightlight detect --help)
`;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Bin sizes a stored signal is read at: the largest no longer than its point spacing. */
const STEPS = [MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY];
const RECOVERY_MS = 2 * HOUR;

interface ReportArgs {
  readonly entity: EntityId;
  readonly from: number;
  readonly until: number;
  readonly db: string;
  readonly out: string;
  readonly signals: readonly string[] | undefined;
  readonly stepMs: number | undefined;
  readonly overrides: Record<string, Partial<SignalConfig>>;
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
    },
  });
  const v = parsed.values;
  if (v.entity === undefined || !/^[a-z-]+\/\S+$/.test(v.entity)) {
    throw new UsageError(`--entity must be an entity id such as country/IR, not ${v.entity === undefined ? "missing" : `'${v.entity}'`}`);
  }
  const from = timeOption("--from", v.from);
  const until = timeOption("--until", v.until);
  if (until <= from) throw new UsageError(`--until ${v.until ?? ""} must be after --from ${v.from ?? ""}`);
  return {
    entity: v.entity,
    from,
    until,
    db: v.db ?? v.store ?? "nightlight.db",
    out: v.out ?? `report-${v.entity.replace(/[^A-Za-z0-9.-]+/g, "-")}`,
    signals: v.signal,
    stepMs: v.step === undefined ? undefined : step(v.step),
    overrides: loadSignalConfig(v.config),
  };
}


function step(text: string): number {
  const m = /^(\d+)(m|min|h|d)$/.exec(text);
  const n = Number(m?.[1]);
  if (m === null || !(n > 0)) throw new UsageError(`--step '${text}' is not a duration such as 5m, 1h or 1d`);
  return n * (m[2] === "d" ? DAY : m[2] === "h" ? HOUR : MINUTE);
}

/** The bin size of a stored signal: the largest of STEPS within its mean point spacing. */
function storedStep(summary: SignalSummary): number {
  return summary.stepMs;
}

/** How far before `from` a signal's baseline looks. */
function lookBack(signal: string): number {
  const c = signalConfig(signal);
  const history = c.method === "moving-median" ? c.windowMs : c.periods * c.periodMs + c.halfWidthMs;
  return Math.max(history, c.warmUpMs);
}

/** Series of the entity, of what lies within it, and of its country: detection's context. */
function readSeries(store: Store, a: ReportArgs): SignalSeries[] {
  const wanted = (s: SignalSummary): boolean =>
    (a.signals === undefined || a.signals.includes(s.signal)) && s.last >= a.from - lookBack(s.signal) && s.first < a.until;
  return relatedSignals(store, a.entity).filter(wanted).map((s) => {
    const stepMs = a.stepMs ?? storedStep(s);
    // Bins on the stored points' grid (Iran's hourly points fall at :30 UTC), so that
    // each bin holds one point and the times printed are the points' own.
    const align = (t: number, round: (x: number) => number): number => s.first + round((t - s.first) / stepMs) * stepMs;
    const from = align(a.from - lookBack(s.signal), Math.floor);
    return store.getSeries({ entity: s.entity, signal: s.signal, from, until: align(a.until, Math.ceil), stepMs });
  });
}

export const REPORT: Command = {
  words: ["report"],
  summary: "write a Markdown report with a PNG chart per signal for one entity and time window",
  usage: USAGE,
  async run(args, io) {
    const a = parse(args);
    const store = openStore(a.db, { readonly: true });
    let series: SignalSeries[];
    let data;
    try {
      series = readSeries(store, a);
      const own = series.filter((s) => s.entity === a.entity);
      if (own.length === 0) {
        const held = store.listSignals(a.entity).filter((s) => s.entity === a.entity);
        throw new UsageError(
          held.length === 0
            ? `${a.db} holds no signal for ${a.entity}`
            : `${a.db} holds no ${a.signals?.join(", ") ?? ""} data for ${a.entity} in the window; it holds ${held.map((s) => `${s.signal} ${new Date(s.first).toISOString()} to ${new Date(s.last).toISOString()}`).join(", ")}`,
        );
      }
      const events = detectEvents(series, { entities: [a.entity], from: a.from, until: a.until, recoveryMs: RECOVERY_MS, minSeverity: "critical", signals: a.overrides });
      data = {
        entity: a.entity,
        name: store.getEntity(a.entity)?.name ?? null,
        from: a.from,
        until: a.until,
        signals: own.map((s) => ({ series: s, baseline: computeBaseline(s, { config: a.overrides[s.signal] ?? {} }), methods: store.getMethods(s.signal) })),
        events,
        detection:
          `An event of ${a.entity} opens at the first bin in which any of its signals is below its warning level, counts only if some signal ` +
          `falls below its critical level, and closes once every signal with a verdict has been normal for ${duration(RECOVERY_MS)} ` +
          `(bins without data neither end nor extend it). ` +
          `Baselines read up to ${duration(Math.max(...own.map((s) => lookBack(s.signal))))} of history before the window. ` +
          `Kinds and the timeline use ${series.length} series of ${new Set(series.map((s) => s.entity)).size} entities (the entity, what lies within it, and its country).`,
        command: `nightlight report --entity ${a.entity} --from ${new Date(a.from).toISOString()} --until ${new Date(a.until).toISOString()}` +
          (a.signals === undefined ? "" : a.signals.map((s) => ` --signal ${s}`).join("")) +
          (a.stepMs === undefined ? "" : ` --step ${a.stepMs / MINUTE}m`),
      };
    } finally {
      store.close();
    }
    const written = writeReport(data, { outDir: a.out });
    io.stdout.write(`Wrote ${written.markdown} (${data.events.length} events) and ${written.images.length} charts: ${written.images.join(", ")}\n`);
    return 0;
  },
};
