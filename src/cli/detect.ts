/**
 * `nightlight detect --entity E --from ISO --until ISO`: outage events of an entity
 * from the signals in the store, with the signals of its regions, counties and
 * networks for the timeline and the kind of shutdown.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SourceError, UsageError } from "../model/errors.ts";
import type { OutageEvent } from "../model/outage-event.ts";
import type { SignalSeries } from "../model/signal.ts";
import { detectEvents } from "../detect/detect-events.ts";
import { openStore } from "../store/open-store.ts";
import { loadSignalConfig } from "./load-signal-config.ts";
import { relatedSignals } from "./related-signals.ts";
import { parseCliArgs } from "./parse-cli-args.ts";
import { timeOption } from "./time-option.ts";
import type { Command } from "./command.ts";
import { writeOut } from "./write-out.ts";

const USAGE = `Usage: nightlight detect --entity ENTITY --from ISO --until ISO [--db FILE]
                        [--config FILE]
                        [--format table|json] [--mobile-asns FILE]

Detects outage events of ENTITY (e.g. country/IR) that overlap [from, until), from
the signals in the store (default nightlight.db). The 28 days before --from are read
too, as baseline history. The method and defaults are in docs/detection.md.

JSON is an array of events: entity, start, end (null while ongoing), kind, evidence,
depth (lowest value ÷ baseline), score, signals, phases, timeline, explanation.
Mobile networks for "mobile-first" come from data/mobile-asns.json unless
--mobile-asns names another file.

--config FILE overrides the per-signal defaults of docs/detection.md with JSON, e.g.
  {"bgp": {"windowMs": 172800000, "critical": 0.4}, "probing": {"method": "same-time"}}
Keys: method (moving-median, same-time), category, windowMs, periodMs, periods,
minPeriods, halfWidthMs, warmUpMs, minCoverage, minBaseline, warning, critical,
inpaintMaxMs.
`;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** History read before --from: the longest default baseline (4 weeks, same time of week). */
const HISTORY_MS = 28 * DAY;

/** The repository (or package) root: the nearest folder above this file with a package.json. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The mobile ASNs of every country in a mobile-asns.json file. */
export function loadMobileAsns(file: string): Set<number> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error: unknown) {
    throw new SourceError(file, error instanceof Error ? error.message : String(error), { cause: error });
  }
  const asns = new Set<number>();
  const countries = (json as { countries?: Record<string, { asn?: unknown }[]> }).countries ?? {};
  for (const list of Object.values(countries)) for (const n of list) if (typeof n.asn === "number") asns.add(n.asn);
  return asns;
}


function table(events: readonly OutageEvent[]): string {
  if (events.length === 0) return "No events.\n";
  const rows = events.map((e) => [e.start.replace(".000Z", "Z"), (e.end ?? "ongoing").replace(".000Z", "Z"), e.kind, `${(e.depth * 100).toFixed(1)} %`, e.score.toExponential(2), e.entity]);
  const head = ["start", "end", "kind", "depth", "score", "entity"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return `${[line(head), ...rows.map(line)].join("\n")}\n\n${events.map((e) => e.explanation).join("\n\n")}\n`;
}

export const DETECT: Command = {
  words: ["detect"],
  summary: "find outage events of an entity: depth, score, kind of shutdown, who fell first",
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCliArgs({
      args: [...args],
      options: {
        entity: { type: "string" },
        from: { type: "string" },
        until: { type: "string" },
        db: { type: "string" },
        store: { type: "string" },
        config: { type: "string" },
        format: { type: "string" },
        "mobile-asns": { type: "string" },
      },
    });
    const v = parsed.values;
    const entity = v.entity;
    if (entity === undefined || !entity.includes("/")) throw new UsageError("--entity KIND/CODE is required, e.g. --entity country/IR");
    const from = timeOption("--from", v.from);
    const until = timeOption("--until", v.until);
    if (until <= from) throw new UsageError(`--until ${v.until ?? ""} is not after --from ${v.from ?? ""}`);
    const format = v.format ?? "table";
    if (format !== "table" && format !== "json") throw new UsageError(`--format must be table or json, not '${format}'`);
    const mobileFile = v["mobile-asns"] ?? join(packageRoot(), "data", "mobile-asns.json");
    const mobileAsns = v["mobile-asns"] !== undefined || existsSync(mobileFile) ? loadMobileAsns(mobileFile) : new Set<number>();

    const overrides = loadSignalConfig(v.config);
    const store = openStore(v.db ?? v.store ?? "nightlight.db", { readonly: true });
    const series: SignalSeries[] = [];
    try {
      for (const s of relatedSignals(store, entity)) {
        const stepMs = s.stepMs;
        // Read on the series' own grid (Monash's hours start at :30 UTC).
        const start = s.first + Math.max(0, Math.floor((from - HISTORY_MS - s.first) / stepMs)) * stepMs;
        const end = Math.min(until, s.last + stepMs);
        if (end <= start) continue;
        series.push(store.getSeries({ entity: s.entity, signal: s.signal, source: s.source.id, from: start, until: end, stepMs }));
      }
    } finally {
      store.close();
    }
    if (!series.some((s) => s.entity === entity)) {
      io.stderr.write(`nightlight detect: the store holds no signal of ${entity} before ${v.until ?? ""}\n`);
      return 1;
    }
    const events = detectEvents(series, { entities: [entity], from, until, mobileAsns, signals: overrides });
    await writeOut(io.stdout, format === "json" ? `${JSON.stringify(events, null, 2)}\n` : table(events));
    return 0;
  },
};
