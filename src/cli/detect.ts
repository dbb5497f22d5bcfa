/**
 * `nightlight detect --entity E --from ISO --until ISO`: outage events of an entity
 * from the signals in the store, with the signals of its regions, counties and
 * networks for the timeline and the kind of shutdown.
 */
import { UsageError } from "../model/errors.ts";
import { entityOption } from "./entity-option.ts";
import type { OutageEvent } from "../model/outage-event.ts";
import { describeVerdict } from "../detect/describe-verdict.ts";
import type { EntityJudgement } from "../detect/judge-entities.ts";
import { detectEntity, type EntityDetection } from "../service/detect-entity.ts";
import { loadMobileAsns } from "../service/load-mobile-asns.ts";
import { openStore } from "../store/open-store.ts";
import { loadSignalsConfig } from "./nightlight-config.ts";
import { parseCliArgs } from "./parse-cli-args.ts";
import { timeOption } from "./time-option.ts";
import type { Command } from "./command.ts";
import { writeOut } from "./write-out.ts";

const USAGE = `Usage: nightlight detect --entity ENTITY --from ISO --until ISO [--db FILE]
                        [--config FILE]
                        [--format table|json] [--mobile-asns FILE]

Detects outage events of ENTITY (e.g. country/IR) that overlap [from, until), from
the signals in the store (default nightlight.db), and gives a verdict: outage, no
outage, or not enough data to judge (when no signal of ENTITY has data and a verdict
in at least its minCoverage share of the window's bins, 50 % by default, e.g. too few
bins with data or too little history for the warm-up). Each series is read at the step
it was stored at, with the history its baseline needs (at least 28 days before --from).
\`nightlight report\` reads and detects the same way. Method and defaults:
docs/detection.md.

JSON is an object: entity, from, until, verdict (outage, no-outage, not-enough-data),
summary (the verdict in words, with the figures), coverage (per signal of ENTITY:
stepMs, bins, withData, judged, minCoverage, warmUpMs, historyMs, lacking) and events,
an array of: entity, start, end (null while ongoing), kind, evidence, depth (lowest
value ÷ baseline), score, signals, phases, timeline, explanation.
Mobile networks for "mobile-first" come from data/mobile-asns.json unless
--mobile-asns names another file.

--config FILE overrides the per-signal defaults of docs/detection.md with the config
file's "signals" section (docs/serve.md), e.g.
  {"signals": {"bgp": {"windowMs": 172800000, "critical": 0.4}, "probing": {"method": "same-time"}}}
Keys: method (moving-median, same-time), category, windowMs, periodMs, periods,
minPeriods, halfWidthMs, warmUpMs, minCoverage, minBaseline, warning, critical,
inpaintMaxMs.
`;

/** ISO 8601 UTC without milliseconds when they are zero. */
const iso = (t: number): string => new Date(t).toISOString().replace(".000Z", "Z");

/** The detect --format json object: the verdict, its figures, and the events. */
function judgementJson(j: EntityJudgement): unknown {
  return { entity: j.entity, from: iso(j.from), until: iso(j.until), verdict: j.verdict, summary: describeVerdict(j), coverage: j.coverage, events: j.events };
}

function table(j: EntityJudgement): string {
  const head = `${j.entity}, ${iso(j.from)} to ${iso(j.until)}: ${describeVerdict(j)}\n`;
  return j.events.length === 0 ? head : `${head}\n${eventTable(j.events)}`;
}

function eventTable(events: readonly OutageEvent[]): string {
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
    const entity = entityOption(v.entity);
    const from = timeOption("--from", v.from);
    const until = timeOption("--until", v.until);
    if (until <= from) throw new UsageError(`--until ${v.until ?? ""} is not after --from ${v.from ?? ""}`);
    const format = v.format ?? "table";
    if (format !== "table" && format !== "json") throw new UsageError(`--format must be table or json, not '${format}'`);
    const mobileAsns = loadMobileAsns(v["mobile-asns"]);
    const overrides = loadSignalsConfig(v.config);
    const store = openStore(v.db ?? v.store ?? "nightlight.db", { readonly: true });
    let detection: EntityDetection;
    try {
      detection = detectEntity(store, { entity, from, until, overrides, mobileAsns });
    } finally {
      store.close();
    }
    if (!detection.reads.some((r) => r.series.entity === entity)) {
      io.stderr.write(`nightlight detect: the store holds no signal of ${entity} before ${v.until ?? ""}\n`);
      return 1;
    }
    const j = detection.judgement;
    await writeOut(io.stdout, format === "json" ? `${JSON.stringify(judgementJson(j), null, 2)}\n` : table(j));
    return 0;
  },
};
