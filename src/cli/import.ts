/**
 * `nightlight import FILE`: signals measured elsewhere (IODA API JSON, IODA dashboard
 * wide CSV, long CSV) into the store. Idempotent: points are upserted by (entity,
 * signal, time) and the file is recorded with its SHA-256, so importing the same file
 * again changes nothing.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { SourceError, UsageError } from "../model/errors.ts";
import { checkTimeZone } from "../signals/local-to-utc.ts";
import { guessFormat, importSignals, type ImportFormat, type ImportOptions, type ImportResult } from "../signals/import-signals.ts";
import { openStore } from "../store/open-store.ts";
import { echo, parseCliArgs } from "./parse-cli-args.ts";
import type { Command } from "./command.ts";

const USAGE = `Usage: nightlight import FILE [--db FILE] [--format ioda-json|wide-csv|long-csv]
                        [--entity ENTITY] [long-CSV options]

Imports signals measured elsewhere into the store (default nightlight.db).
  ioda-json  IODA v2 /v2/signals/raw/{type}/{code} responses; entity from the file
  wide-csv   a time column then one column per signal (IODA dashboard export);
             needs --entity; IODA's titles map to signals (BGP (#Visible /24s) → bgp,
             Active Probing (#/24s Up) → probing, Telescope (…) → telescope,
             Google (Search) → google-search)
  long-csv   one row per time, entity, signal and value
Without --format: long-csv when a long-CSV option is given, else guessed from the
name and header. Empty cells are gaps, not zeros.

Long-CSV options:
  --time-column C        default time          --value-column C    default value
  --entity-column C      default entity        --signal-column C   default signal
  --entity-template T    entity from columns, e.g. 'county/IR/{name_1}/{name_2}'
  --signal NAME          one signal name for every row
  --rollup T             also write the mean of the rows per T, e.g. 'region/IR/{name_1}'
                         or 'country/IR' (repeatable)
Times:
  --time-zone Z          zone of times written without one: +03:30 or Asia/Tehran (default UTC)
  --local-epoch          epoch numbers count local time in --time-zone (Kepler.gl exports)
  --duplicates error|last  the same entity, signal and time with two values (default error)

Example (Monash IP Observatory, Iran 2019):
  nightlight import monash_ipobs_irn-2019-11-11_gif.csv --time-column time_e --local-epoch \\
    --time-zone +03:30 --value-column connectivity --signal ipobs \\
    --entity-template 'county/IR/{name_1}/{name_2}' --rollup 'region/IR/{name_1}' --rollup country/IR
`;

const FORMATS: readonly ImportFormat[] = ["ioda-json", "wide-csv", "long-csv"];

/**
 * `args` with `--time-zone -04:00` joined into `--time-zone=-04:00`: parseArgs takes a
 * value that starts with '-' for an option and refuses it as ambiguous, which would
 * leave every zone west of UTC writable only with '='.
 */
function joinNegativeZones(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (args[i] === "--time-zone" && next !== undefined && /^-\d{2}:?\d{2}$/.test(next)) {
      joined.push(`--time-zone=${next}`);
      i++;
    } else joined.push(args[i] ?? "");
  }
  return joined;
}

function parse(args: readonly string[]) {
  return parseCliArgs({
    args: joinNegativeZones(args),
    allowPositionals: true,
    options: {
      db: { type: "string" },
      store: { type: "string" },
      format: { type: "string" },
      entity: { type: "string" },
      "time-column": { type: "string" },
      "entity-column": { type: "string" },
      "entity-template": { type: "string" },
      "signal-column": { type: "string" },
      signal: { type: "string" },
      "value-column": { type: "string" },
      rollup: { type: "string", multiple: true },
      "time-zone": { type: "string" },
      "local-epoch": { type: "boolean" },
      duplicates: { type: "string" },
    },
  });
}

/** Copies the options that are set, so that none is `undefined` (exactOptionalPropertyTypes). */
function defined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

export const IMPORT: Command = {
  words: ["import"],
  summary: "import signals measured elsewhere (IODA JSON, wide or long CSV) into the store",
  usage: USAGE,
  async run(args, io) {
    const { values: v, positionals } = parse(args);
    if (positionals.length !== 1) throw new UsageError(`name exactly one FILE, not ${positionals.length}`);
    const path = positionals[0] ?? "";
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error: unknown) {
      throw new SourceError(path, error instanceof Error ? error.message : String(error), { cause: error });
    }
    const text = bytes.toString("utf8");
    const longOptions = [v["entity-template"], v["entity-column"], v["value-column"], v["signal-column"], v.signal, v.rollup];
    const format = v.format ?? (longOptions.some((o) => o !== undefined) ? "long-csv" : guessFormat(path, text));
    if (!FORMATS.includes(format as ImportFormat)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not '${echo(format)}'`);
    if (v.duplicates !== undefined && v.duplicates !== "error" && v.duplicates !== "last") {
      throw new UsageError(`--duplicates must be error or last, not '${echo(v.duplicates)}'`);
    }
    if (v["time-zone"] !== undefined) {
      try {
        checkTimeZone(v["time-zone"]);
      } catch {
        throw new UsageError(`--time-zone '${echo(v["time-zone"])}' is neither an offset such as +03:30 nor a time zone name`);
      }
    }
    const file = basename(path);
    const options: ImportOptions = {
      file,
      format: format as ImportFormat,
      ...defined({
        entity: v.entity,
        timeColumn: v["time-column"],
        entityColumn: v["entity-column"],
        entityTemplate: v["entity-template"],
        signalColumn: v["signal-column"],
        signal: v.signal,
        valueColumn: v["value-column"],
        rollups: v.rollup,
        timeZone: v["time-zone"],
        localEpoch: v["local-epoch"],
        duplicates: v.duplicates as "error" | "last" | undefined,
      }),
    };
    let result: ImportResult;
    try {
      result = importSignals(text, options);
    } catch (error: unknown) {
      // A wrong column name or a missing --entity is a usage problem, not bad input.
      if (error instanceof TypeError) throw new UsageError(error.message);
      throw error;
    }
    const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
    // The dataset is the file's name and content: two files of one name are two sources.
    const source = `import:${file}`;
    const record = `${source}@${digest}`;
    const storeFile = v.db ?? v.store ?? "nightlight.db";
    const store = openStore(storeFile);
    try {
      if (store.isIngested(record, digest)) {
        io.stdout.write(`${path} is already in ${storeFile} (same SHA-256): nothing to do\n`);
        return 0;
      }
      store.transaction(() => {
        const sourceId = store.defineSource({
          name: source, digest, kind: "import", parameters: { ...options },
          methods: Object.fromEntries(result.signals.map((signal) => [signal, `imported from ${file} (${format})`])),
        });
        store.putPoints(result.points, sourceId);
        store.markIngested({
          source: record,
          kind: format,
          size: bytes.length,
          digest,
          completedAt: Date.now(),
          records: result.rows,
          errors: result.skipped.map((message) => ({ message })),
        });
      });
    } finally {
      store.close();
    }
    io.stdout.write(
      `Imported ${result.points.length} points (${result.entities.length} entities, signals ${result.signals.join(", ")}) from ${path} into ${storeFile}: ` +
        `${result.rows} rows, ${result.duplicates} duplicates (${result.conflicts} conflicting), ${result.reordered} out of order` +
        `${result.skipped.length > 0 ? `, skipped: ${result.skipped.join("; ")}` : ""}\n`,
    );
    return 0;
  },
};
