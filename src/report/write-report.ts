/**
 * Writes a report folder: report.md and one PNG chart per signal, the figure people
 * share. Takes data (series, baselines, events, provenance), never a store.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { nightlightVersion } from "../chart/nightlight-version.ts";
import { renderPng } from "../chart/render-png.ts";
import { clipSignal } from "./clip-signal.ts";
import { entityName } from "../chart/entity-name.ts";
import { renderReportMarkdown } from "./render-report-markdown.ts";
import { reportChart } from "./report-chart.ts";
import type { ReportData } from "./report-data.ts";

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** Folder to write into; created if missing. Existing files of the same names are replaced. */
  readonly outDir: string;
  /** The time the report and its figures say they were made; default the system clock. */
  readonly clock?: () => Date;
  /** Default `Nightlight v<version>`. */
  readonly generator?: string;
  /** Also write each chart as SVG beside its PNG. Default false. */
  readonly svg?: boolean;
}

/** Paths of the files written. */
export interface WrittenReport {
  readonly markdown: string;
  readonly images: readonly string[];
}

/**
 * Writes `data` as report.md plus one `SIGNAL.png` per signal into `options.outDir`.
 * Series may start before `data.from` (the baseline's history): only the window is shown.
 */
export function writeReport(input: ReportData, options: WriteReportOptions): WrittenReport {
  const data: ReportData = { ...input, signals: input.signals.map((s) => clipSignal(s, input.from, input.until)) };
  const now = (options.clock ?? (() => new Date()))();
  const clock = (): Date => now;
  const generator = options.generator ?? `Nightlight v${nightlightVersion()}`;
  const name = entityName(data.entity, data.name ?? null);
  mkdirSync(options.outDir, { recursive: true });
  const files = imageNames(data.signals.map((s) => s.series.signal));
  const images = data.signals.map((signal, i) => {
    const file = files[i] ?? `signal-${i}`;
    const svg = reportChart(signal, data.events, { name, from: data.from, until: data.until, clock, generator, judgement: data.judgement });
    if (options.svg === true) writeFileSync(join(options.outDir, `${file}.svg`), svg);
    const path = join(options.outDir, `${file}.png`);
    writeFileSync(path, renderPng(svg));
    return path;
  });
  const markdown = renderReportMarkdown(data, { name, images: files.map((f) => `${f}.png`), generatedAt: now, generator });
  const path = join(options.outDir, "report.md");
  writeFileSync(path, markdown);
  return { markdown: path, images };
}

/** File names (without extension) safe on every file system, unique within the report. */
export function imageNames(signals: readonly string[]): string[] {
  const seen = new Set<string>();
  return signals.map((signal) => {
    const base = signal.toLowerCase().replace(/[^a-z0-9.-]+/g, "-").replace(/^[.-]+|-+$/g, "") || "signal";
    let name = base;
    for (let n = 2; seen.has(name) || name === "report"; n++) name = `${base}-${n}`;
    seen.add(name);
    return name;
  });
}
