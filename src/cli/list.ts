/**
 * `nightlight list`: what a store holds. Without --entity, one line per source (its
 * method, signals, series and time span); with --entity PREFIX, one line per series
 * under it, with its native step and coverage.
 */
import { listSeries, listSources } from "../service/list-holdings.ts";
import { openStore } from "../store/open-store.ts";
import type { Command, CommandIo } from "./command.ts";
import { parseCliArgs } from "./parse-cli-args.ts";
import { UsageError } from "../model/errors.ts";
import { writeOut } from "./write-out.ts";

const USAGE = `Usage: nightlight list [--db FILE] [--entity PREFIX] [--signal NAME] [--format table|json]

Lists what the store holds. Without --entity: each source (an ingest and the digest of
the method that made it: collectors and thresholds, or an imported file's SHA-256), its
signals with their series counts, and its time span. With --entity PREFIX (country/IR,
region/IR-, asn/4424…): each series under it, with its source, native step, first and
last time with data, and coverage (bins with data of the bins from first to last).

  --db FILE        store file (default nightlight.db)
  --entity PREFIX  list series whose entity id starts with PREFIX (at most 1000)
  --signal NAME    only this signal
  --format F       table (default) or json
`;

const iso = (t: number): string => new Date(t).toISOString().replace(":00.000Z", "Z");
const step = (ms: number): string => (ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${ms / 60_000}m`);

function table(rows: readonly (readonly string[])[], head: readonly string[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return `${[line(head), ...rows.map(line)].join("\n")}\n`;
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const v = parseCliArgs({
    args: [...args], allowPositionals: false, strict: true,
    options: { db: { type: "string" }, entity: { type: "string" }, signal: { type: "string" }, format: { type: "string" } },
  }).values;
  const format = v.format ?? "table";
  if (format !== "table" && format !== "json") throw new UsageError(`--format must be table or json, not '${format}'`);
  const db = v.db ?? "nightlight.db";
  const store = openStore(db, { readonly: true });
  try {
    if (v.entity === undefined) {
      const sources = listSources(store).filter((h) => v.signal === undefined || v.signal in h.signals);
      if (format === "json" || sources.length === 0) {
        await writeOut(io.stdout, format === "json" ? `${JSON.stringify(sources, null, 2)}\n` : `${db} holds no series\n`);
        return 0;
      }
      const rows = sources.map((h) => [h.source.name, h.source.digest, h.source.kind,
        Object.entries(h.signals).map(([s, n]) => `${s} (${n} series)`).join(", "), iso(h.first), iso(h.last)]);
      await writeOut(io.stdout, table(rows, ["source", "method", "kind", "signals", "first", "last"]));
      return 0;
    }
    const { rows, more } = listSeries(store, v.entity, v.signal === undefined ? {} : { signal: v.signal });
    if (format === "json") {
      await writeOut(io.stdout, `${JSON.stringify({ series: rows, more }, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      await writeOut(io.stdout, `${db} holds no series of an entity starting with '${v.entity}'\n`);
      return 0;
    }
    const lines = rows.map((r) => [r.entity, r.signal, r.source.name, step(r.stepMs), iso(r.first), iso(r.last),
      `${r.withData}/${r.bins} (${((100 * r.withData) / r.bins).toFixed(1)} %)`]);
    const tail = more > 0 ? `… and ${more} more; narrow --entity\n` : "";
    await writeOut(io.stdout, table(lines, ["entity", "signal", "source", "step", "first", "last", "coverage"]) + tail);
    return 0;
  } finally {
    store.close();
  }
}

/** The `list` command. */
export const LIST: Command = {
  words: ["list"],
  summary: "list what the store holds: sources, signals, series, spans and coverage",
  usage: USAGE,
  run,
};
