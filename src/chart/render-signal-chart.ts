/**
 * A signal's time series as a self-contained SVG: the signal line (broken where there
 * is no data), the baseline, the warning and critical levels with the band between
 * them, shaded and labelled events, a time axis (UTC or a zone's wall clock), a legend,
 * and a footnote saying how the figure was made; light or dark, English or Persian
 * (right to left). Deterministic: the same data, options and clock give the same bytes.
 * The dashboard draws its charts with this function and `/charts/….png` rasterises it.
 */
import type { SignalSeries } from "../model/signal.ts";
import { renderLegend, type LegendItem } from "./chart-legend.ts";
import { renderFooter, type FooterOptions } from "./chart-footer.ts";
import { chartLook, PAD, textLine, type ChartLook, type ChartLookOptions } from "./chart-look.ts";
import { bandPath, linePath, type MaybePoint } from "./line-path.ts";
import { FONT_FAMILY, type ChartPalette } from "./palette.ts";
import { bidi, escapeXml, fmt, textWidth, wrapText } from "./svg-text.ts";
import { timeTicks } from "./time-ticks.ts";
import { formatTicks, valueTicks } from "./value-ticks.ts";
import { offsetLabel } from "./zone-offset.ts";

/** A stretch of time to shade, in milliseconds since the Unix epoch. */
export interface ChartEvent {
  readonly start: number;
  /** `null` while the event is ongoing: shaded to the end of the chart. */
  readonly end: number | null;
  /** Short label drawn at the top of the shading; default the event's number. */
  readonly label?: string;
}

/** What {@link renderSignalChart} draws. Level arrays are per bin, like `series.values`. */
export interface SignalChartData {
  readonly series: SignalSeries;
  readonly baseline?: readonly (number | null)[];
  readonly warning?: readonly (number | null)[];
  readonly critical?: readonly (number | null)[];
  readonly events?: readonly ChartEvent[];
}

/** How {@link renderSignalChart} draws it. */
export interface SignalChartOptions extends ChartLookOptions, FooterOptions {
  /** Pixels; default 1200 × 600, which also reads when a post shrinks it by half. */
  readonly width?: number;
  readonly height?: number;
  readonly title?: string;
  readonly subtitle?: string;
  /** Value axis label; default the signal's name. */
  readonly yLabel?: string;
  /** Time domain in milliseconds; default the series' bins. */
  readonly from?: number;
  readonly until?: number;
  /** Prefix of element ids, for several charts inlined in one page; default `nightlight`. */
  readonly idPrefix?: string;
}

// Sized to stay legible when a post shows a 1200-pixel chart at half size.
const FONT = { title: 28, subtitle: 18, legend: 16, axis: 15 } as const;
const NO_DATA_HEIGHT = 7;

interface Frame {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly x: (t: number) => number;
  readonly y: (v: number) => number;
}

/** Renders `data` as an SVG document string. */
export function renderSignalChart(data: SignalChartData, options: SignalChartOptions = {}): string {
  const width = options.width ?? 1200;
  const height = options.height ?? 600;
  const { series } = data;
  const from = options.from ?? series.start;
  const until = options.until ?? series.start + series.values.length * series.stepMs;
  const id = options.idPrefix ?? "nightlight";
  const look = chartLook(options);
  const { palette } = look;

  const header = renderHeader(data, options, width, look);
  const footer = renderFooter(options, width, height, look);
  const yMax = Math.max(0, ...finite(series.values), ...finite(data.baseline), ...finite(data.warning), ...finite(data.critical));
  const yTicks = valueTicks(yMax, height >= 400 ? 5 : 3);
  const yLabels = formatTicks(yTicks).map(look.locale.digits);
  const left = PAD + Math.max(...yLabels.map((l) => textWidth(l, FONT.axis))) + 10;
  const right = width - PAD - 8;
  const top = header.height + FONT.axis * 2;
  // Room under the plot for two lines of tick labels and the axis name.
  // Never a plot upside down: when the words leave too little room, the plot keeps 50 pixels and overlaps the footnote.
  const bottom = Math.max(top + 50, footer.top - FONT.axis * 3.9 - 18);
  const top0 = yTicks[yTicks.length - 1] ?? 1;
  const frame: Frame = {
    left, right, top, bottom,
    x: (t) => left + ((t - from) / Math.max(1, until - from)) * (right - left),
    y: (v) => bottom - (v / top0) * (bottom - top),
  };

  const body = [
    `<rect width="${width}" height="${height}" fill="${palette.background}"/>`,
    `<defs><clipPath id="${id}-plot"><rect x="${fmt(left)}" y="${fmt(top)}" width="${fmt(right - left)}" height="${fmt(bottom - top)}"/></clipPath></defs>`,
    header.svg,
    renderValueAxis(frame, yTicks, yLabels, options.yLabel ?? series.signal, palette),
    renderTimeAxis(frame, from, until, width, look),
    `<g clip-path="url(#${id}-plot)">`,
    renderEvents(frame, data.events ?? [], until, palette),
    renderLevels(frame, data, palette),
    renderSignal(frame, series, palette),
    renderNoData(frame, series, palette),
    renderEventLabels(frame, data.events ?? [], until, look),
    `</g>`,
    `<line class="axis" x1="${fmt(left)}" x2="${fmt(right)}" y1="${fmt(bottom)}" y2="${fmt(bottom)}" stroke="${palette.text}"/>`,
    footer.svg,
  ];
  const title = options.title ?? `${series.entity} ${series.signal}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="${FONT_FAMILY}" fill="${palette.text}"${look.locale.lang === "en" ? "" : ` lang="${look.locale.lang}"`} role="img" aria-labelledby="${id}-title ${id}-desc">\n` +
    `<title id="${id}-title">${escapeXml(title)}</title>\n` +
    `<desc id="${id}-desc">${escapeXml([options.subtitle, footer.text].filter((s) => s !== undefined).join(" "))}</desc>\n` +
    body.filter((s) => s !== "").join("\n") +
    `\n</svg>\n`
  );
}

function finite(values: readonly (number | null)[] | undefined): number[] {
  return (values ?? []).filter((v): v is number => v !== null && Number.isFinite(v));
}

function renderHeader(data: SignalChartData, options: SignalChartOptions, width: number, look: ChartLook): { svg: string; height: number } {
  const parts: string[] = [];
  let y = PAD;
  const title = options.title ?? `${data.series.entity} ${data.series.signal}`;
  for (const line of wrapText(title, width - 2 * PAD, FONT.title)) {
    y += FONT.title * 1.2;
    parts.push(textLine("title", line, y - FONT.title * 0.25, width, look, ` font-size="${FONT.title}" font-weight="bold"`));
  }
  for (const line of options.subtitle === undefined ? [] : wrapText(options.subtitle, width - 2 * PAD, FONT.subtitle)) {
    y += FONT.subtitle * 1.35;
    parts.push(textLine("subtitle", line, y - FONT.subtitle * 0.3, width, look, ` font-size="${FONT.subtitle}" fill="${look.palette.muted}"`));
  }
  const legend = renderLegend(legendItems(data, look), { x: PAD, y: y + 6, width: width - 2 * PAD, fontSize: FONT.legend, dir: look.locale.dir });
  parts.push(legend.svg);
  return { svg: parts.join("\n"), height: y + 6 + legend.height };
}

function legendItems(data: SignalChartData, { palette, locale }: ChartLook): LegendItem[] {
  const items: LegendItem[] = [{ label: data.series.signal, color: palette.signal, swatch: "line" }];
  if (data.baseline !== undefined) items.push({ label: locale.baseline, color: palette.baseline, swatch: "dashed", dash: "6 4" });
  if (data.warning !== undefined) {
    items.push({ label: locale.warningLevel, color: palette.warning, swatch: "band-line", fill: palette.warningBand });
  }
  if (data.critical !== undefined) items.push({ label: locale.criticalLevel, color: palette.critical, swatch: "dashed", dash: "12 4" });
  if ((data.events ?? []).length > 0) items.push({ label: locale.outageEvent, color: palette.event, swatch: "area" });
  if (data.series.values.some((v) => v === null)) items.push({ label: locale.noData, color: palette.noData, swatch: "bar" });
  return items;
}

function renderValueAxis(frame: Frame, ticks: readonly number[], labels: readonly string[], label: string, palette: ChartPalette): string {
  const parts = ticks.map((v, i) => {
    const y = fmt(frame.y(v));
    return (
      `<line x1="${fmt(frame.left)}" x2="${fmt(frame.right)}" y1="${y}" y2="${y}" stroke="${palette.grid}"/>` +
      `<text x="${fmt(frame.left - 8)}" y="${y}" dy="0.35em" text-anchor="end">${escapeXml(labels[i] ?? "")}</text>`
    );
  });
  parts.push(`<text class="y-label" x="${PAD}" y="${fmt(frame.top - FONT.axis * 1.1)}">↑ ${escapeXml(label)}</text>`);
  return `<g class="y-axis" font-size="${FONT.axis}">${parts.join("")}</g>`;
}

function renderTimeAxis(frame: Frame, from: number, until: number, width: number, look: ChartLook): string {
  const { palette, locale, timeZone } = look;
  const ticks = timeTicks(from, until, { width: frame.right - frame.left, timeZone, locale });
  const y = frame.bottom + 8 + FONT.axis;
  const parts = ticks.map((tick) => {
    const x = frame.x(tick.time);
    const grid = `<line x1="${fmt(x)}" x2="${fmt(x)}" y1="${fmt(frame.top)}" y2="${fmt(frame.bottom + 5)}" stroke="${tick.major ? palette.gridMajor : palette.grid}"/>`;
    // Labels at the edges are anchored inward so that none is cut off.
    const half = Math.max(textWidth(tick.label, FONT.axis), textWidth(tick.context, FONT.axis)) / 2;
    const anchor = x - half < PAD / 2 ? "start" : x + half > width - PAD / 2 ? "end" : "middle";
    const at = `x="${fmt(x)}" text-anchor="${anchor}"`;
    const label = `<text ${at} y="${fmt(y)}">${escapeXml(tick.label)}</text>`;
    const context = tick.context === ""
      ? ""
      : `<text ${at} y="${fmt(y + FONT.axis * 1.3)}" fill="${palette.muted}">${escapeXml(tick.context)}</text>`;
    return grid + label + context;
  });
  const zone = timeZone === "UTC" ? "UTC" : `${timeZone}, ${offsetLabel(from, timeZone)}`;
  const axisName = escapeXml(bidi(locale.timeAxis(locale.digits(zone)), locale.dir));
  const name = `<text class="x-label" x="${fmt(frame.right)}" y="${fmt(y + FONT.axis * 2.6)}" text-anchor="end" fill="${palette.muted}">${axisName}</text>`;
  return `<g class="x-axis" font-size="${FONT.axis}">${parts.join("")}${name}</g>`;
}

function eventSpans(frame: Frame, events: readonly ChartEvent[], until: number): { x0: number; x1: number; label: string }[] {
  return events
    .map((event, i) => ({
      x0: Math.max(frame.left, frame.x(event.start)),
      x1: Math.min(frame.right, frame.x(event.end ?? until)),
      label: event.label ?? String(i + 1),
    }))
    .filter(({ x0, x1 }) => x1 > x0);
}

function renderEvents(frame: Frame, events: readonly ChartEvent[], until: number, palette: ChartPalette): string {
  const rects = eventSpans(frame, events, until).map(({ x0, x1 }) =>
    `<rect x="${fmt(x0)}" y="${fmt(frame.top)}" width="${fmt(x1 - x0)}" height="${fmt(frame.bottom - frame.top)}" fill="${palette.event}" fill-opacity="0.2"/>`);
  return rects.length === 0 ? "" : `<g class="events">${rects.join("")}</g>`;
}

/** Event labels, drawn over the lines with a halo of the background so that they stay legible. */
function renderEventLabels(frame: Frame, events: readonly ChartEvent[], until: number, { palette, locale }: ChartLook): string {
  const labels = eventSpans(frame, events, until).map(({ x0, label }) =>
    `<text x="${fmt(x0 + 5)}" y="${fmt(frame.top + FONT.axis + 4)}">${escapeXml(bidi(locale.digits(label), locale.dir))}</text>`);
  return labels.length === 0
    ? ""
    : `<g class="event-labels" font-size="${FONT.axis}" font-weight="bold" stroke="${palette.background}" stroke-width="4" stroke-linejoin="round" paint-order="stroke">${labels.join("")}</g>`;
}

function points(frame: Frame, series: SignalSeries, values: readonly (number | null)[] | undefined): MaybePoint[] {
  return series.values.map((_, i) => {
    const v = values?.[i];
    if (v === null || v === undefined || !Number.isFinite(v)) return null;
    // At the bin's start, the time the point is stamped with (SignalPoint.time), so a
    // drop meets the edge of its event's shading.
    return [frame.x(series.start + i * series.stepMs), frame.y(v)];
  });
}

function renderLevels(frame: Frame, data: SignalChartData, palette: ChartPalette): string {
  const { series } = data;
  const parts: string[] = [];
  const warning = points(frame, series, data.warning);
  const critical = points(frame, series, data.critical);
  if (data.warning !== undefined && data.critical !== undefined) {
    parts.push(`<path class="warning-band" d="${bandPath(warning, critical)}" fill="${palette.warningBand}" fill-opacity="0.18"/>`);
  }
  const line = (cls: string, pts: MaybePoint[], color: string, extra: string): string =>
    `<path class="${cls}" d="${linePath(pts).d}" fill="none" stroke="${color}" stroke-width="2" ${extra}/>`;
  if (data.critical !== undefined) parts.push(line("critical", critical, palette.critical, `stroke-dasharray="12 4"`));
  if (data.warning !== undefined) parts.push(line("warning", warning, palette.warning, `stroke-dasharray="1 4" stroke-linecap="round"`));
  if (data.baseline !== undefined) {
    parts.push(line("baseline", points(frame, series, data.baseline), palette.baseline, `stroke-dasharray="6 4"`));
  }
  return parts.length === 0 ? "" : `<g class="levels">${parts.join("")}</g>`;
}

function renderSignal(frame: Frame, series: SignalSeries, palette: ChartPalette): string {
  const { d, isolated } = linePath(points(frame, series, series.values));
  const dots = isolated.map(([x, y]) => `<circle cx="${fmt(x)}" cy="${fmt(y)}" r="3" fill="${palette.signal}"/>`).join("");
  return `<g class="signal"><path d="${d}" fill="none" stroke="${palette.signal}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>${dots}</g>`;
}

function renderNoData(frame: Frame, series: SignalSeries, palette: ChartPalette): string {
  const parts: string[] = [];
  let i = 0;
  while (i < series.values.length) {
    if (series.values[i] !== null) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < series.values.length && series.values[j] === null) j += 1;
    const x0 = frame.x(series.start + i * series.stepMs);
    const x1 = frame.x(series.start + j * series.stepMs);
    parts.push(`<rect x="${fmt(x0)}" y="${fmt(frame.bottom - NO_DATA_HEIGHT)}" width="${fmt(x1 - x0)}" height="${NO_DATA_HEIGHT}" fill="${palette.noData}"/>`);
    i = j;
  }
  return parts.length === 0 ? "" : `<g class="no-data">${parts.join("")}</g>`;
}
