/**
 * "Who fell first" as a chart: one row per region or network (and signal) of an
 * event, in the order they fell; a thin line from the first alert to the fall (the
 * first bin below the critical level), a bar from the fall to the event's end (to the
 * chart's edge while it goes on), and the depth reached. The same time axis, look and
 * footnote as the signal chart, so that both read alike in a page and in a PNG.
 */
import { renderFooter, type FooterOptions } from "./chart-footer.ts";
import { chartLook, PAD, textLine, type ChartLookOptions } from "./chart-look.ts";
import { FONT_FAMILY } from "./palette.ts";
import { bidi, escapeXml, fmt, textWidth, wrapText } from "./svg-text.ts";
import { timeTicks } from "./time-ticks.ts";

/** One row: an entity's signal within the event. Times are ms UTC. */
export interface TimelineRow {
  /** What the row is called (an entity's name and its signal). */
  readonly label: string;
  /** First alert of the run that reached critical. */
  readonly start: number;
  /** First bin below the critical level. */
  readonly fell: number;
  /** End of the event, or null while it goes on. */
  readonly end: number | null;
  /** Lowest value ÷ baseline, 0–1. */
  readonly depth: number;
}

/** How {@link renderTimelineChart} draws. */
export interface TimelineChartOptions extends ChartLookOptions, FooterOptions {
  readonly from: number;
  readonly until: number;
  /** Pixels; default 1200 wide, and as tall as the rows need. */
  readonly width?: number;
  readonly title?: string;
  /** At most this many rows are drawn (the first to fall); the rest are counted in a line. Default 20. */
  readonly maxRows?: number;
  /** Prefix of element ids; default `timeline`. */
  readonly idPrefix?: string;
  /** Words of the row annotations; default English `fell HH:MM`. */
  readonly words?: { readonly depth: (percent: string) => string; readonly more: (n: number) => string };
}

const ROW = 30;
const FONT = { title: 22, label: 14, axis: 13 } as const;
const ENGLISH = { depth: (p: string): string => `lowest ${p} %`, more: (n: number): string => `and ${n} more` };

/** Renders the timeline as an SVG document string. */
export function renderTimelineChart(rows: readonly TimelineRow[], options: TimelineChartOptions): string {
  const look = chartLook(options);
  const { palette, locale } = look;
  const rtl = locale.dir === "rtl";
  const width = options.width ?? 1200;
  const words = options.words ?? ENGLISH;
  const id = options.idPrefix ?? "timeline";
  const shown = rows.slice(0, options.maxRows ?? 20);
  const hidden = rows.length - shown.length;
  const title = options.title ?? "";
  const titleLines = title === "" ? [] : wrapText(title, width - 2 * PAD, FONT.title);
  const top = PAD + titleLines.length * FONT.title * 1.3 + 8;
  const labelWidth = Math.min(width * 0.35, Math.max(80, ...shown.map((r) => textWidth(r.label, FONT.label))) + 12);
  // The depth of each row has a column of its own, on the far side from the names.
  const noteWidth = Math.max(textWidth(words.depth("00.0"), FONT.label), 60) + 16;
  const [left, right] = rtl ? [PAD + noteWidth, width - PAD - labelWidth] : [PAD + labelWidth, width - PAD - noteWidth];
  const bottom = top + Math.max(1, shown.length) * ROW + (hidden > 0 ? ROW : 0);
  const span = Math.max(1, options.until - options.from);
  const x = (t: number): number => left + (Math.min(Math.max(t, options.from), options.until) - options.from) / span * (right - left);
  // Footer height is known only once laid out: lay it out against a tall canvas, then place it.
  const probe = renderFooter(options, width, 10_000, look);
  const height = Math.ceil(bottom + FONT.axis * 4 + (10_000 - probe.top) + 8);
  const footer = renderFooter(options, width, height, look);

  const parts: string[] = [`<rect width="${width}" height="${height}" fill="${palette.background}"/>`];
  titleLines.forEach((line, i) => {
    parts.push(textLine("title", line, PAD + (i + 1) * FONT.title * 1.2, width, look, ` font-size="${FONT.title}" font-weight="bold"`));
  });
  const ticks = timeTicks(options.from, options.until, { width: right - left, timeZone: look.timeZone, locale });
  const axis = ticks.map((t) => {
    const tx = fmt(x(t.time));
    // Labels at the edges are anchored inward so that none is cut off.
    const half = Math.max(textWidth(t.label, FONT.axis), textWidth(t.context, FONT.axis)) / 2;
    const anchor = x(t.time) - half < PAD / 2 ? "start" : x(t.time) + half > width - PAD / 2 ? "end" : "middle";
    return `<line x1="${tx}" x2="${tx}" y1="${fmt(top)}" y2="${fmt(bottom + 4)}" stroke="${t.major ? palette.gridMajor : palette.grid}"/>` +
      `<text x="${tx}" y="${fmt(bottom + 4 + FONT.axis * 1.2)}" text-anchor="${anchor}">${escapeXml(t.label)}</text>` +
      (t.context === "" ? "" : `<text x="${tx}" y="${fmt(bottom + 4 + FONT.axis * 2.5)}" text-anchor="${anchor}" fill="${palette.muted}">${escapeXml(t.context)}</text>`);
  });
  parts.push(`<g class="x-axis" font-size="${FONT.axis}">${axis.join("")}</g>`);
  // A name longer than its column is cut with an ellipsis (the full name stays in the row's title).
  const maxChars = Math.max(4, Math.floor((labelWidth - 12) / (FONT.label * 0.6)));
  shown.forEach((row, i) => {
    const label = [...row.label].length > maxChars ? `${[...row.label].slice(0, maxChars - 1).join("")}…` : row.label;
    parts.push(renderRow({ ...row, label }, top + i * ROW + ROW / 2, { x, rtl, left, right, look, words, until: options.until }));
  });
  if (hidden > 0) parts.push(textLine("more", words.more(hidden), top + shown.length * ROW + ROW * 0.65, width, look, ` font-size="${FONT.label}" fill="${palette.muted}"`));
  parts.push(footer.svg);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="${FONT_FAMILY}" fill="${palette.text}"${locale.lang === "en" ? "" : ` lang="${locale.lang}"`} role="img" aria-labelledby="${id}-title">\n` +
    `<title id="${id}-title">${escapeXml(title)}</title>\n${parts.join("\n")}\n</svg>\n`
  );
}

interface RowFrame {
  readonly x: (t: number) => number;
  readonly rtl: boolean;
  readonly left: number;
  readonly right: number;
  readonly look: ReturnType<typeof chartLook>;
  readonly words: NonNullable<TimelineChartOptions["words"]>;
  readonly until: number;
}

function renderRow(row: TimelineRow, mid: number, f: RowFrame): string {
  const { palette, locale } = f.look;
  const [x0, x1, x2] = [f.x(row.start), f.x(row.fell), f.x(row.end ?? f.until)];
  const label = f.rtl
    ? `<text x="${fmt(f.right + 8)}" y="${fmt(mid)}" dy="0.35em">${escapeXml(bidi(row.label, "rtl"))}</text>`
    : `<text x="${fmt(f.left - 8)}" y="${fmt(mid)}" dy="0.35em" text-anchor="end">${escapeXml(row.label)}</text>`;
  const depth = locale.digits(f.words.depth((row.depth * 100).toFixed(row.depth < 0.1 ? 1 : 0)));
  const note = f.rtl
    ? `<text x="${fmt(f.left - 8)}" y="${fmt(mid)}" dy="0.35em" fill="${palette.muted}" text-anchor="end">${escapeXml(bidi(depth, "rtl"))}</text>`
    : `<text x="${fmt(f.right + 8)}" y="${fmt(mid)}" dy="0.35em" fill="${palette.muted}">${escapeXml(depth)}</text>`;
  return `<g class="row" font-size="${FONT.label}">${label}` +
    `<line x1="${fmt(x0)}" x2="${fmt(x1)}" y1="${fmt(mid)}" y2="${fmt(mid)}" stroke="${palette.warning}" stroke-width="2"/>` +
    `<rect class="fallen" x="${fmt(x1)}" y="${fmt(mid - 7)}" width="${fmt(Math.max(2, x2 - x1))}" height="14" fill="${palette.critical}" fill-opacity="0.75"/>` +
    `<circle cx="${fmt(x1)}" cy="${fmt(mid)}" r="4" fill="${palette.critical}"/>${note}</g>`;
}
