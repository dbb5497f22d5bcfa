/**
 * The legend row(s) of a signal chart: a swatch drawn the way the layer is drawn, then
 * its name; items flow left to right (right to left in a right-to-left chart) and wrap
 * to a new row when the width runs out.
 */
import { bidi, escapeXml, fmt, textWidth } from "./svg-text.ts";

/** How a legend swatch looks. */
export type SwatchKind = "line" | "dashed" | "dotted" | "band-line" | "area" | "bar" | "dot";

/** One legend entry. */
export interface LegendItem {
  readonly label: string;
  readonly color: string;
  readonly swatch: SwatchKind;
  /** Dash pattern for `dashed` swatches, as in SVG `stroke-dasharray`. */
  readonly dash?: string;
  /** Band colour behind a `band-line` swatch. */
  readonly fill?: string;
}

/** Options of {@link renderLegend}. */
export interface LegendOptions {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly fontSize: number;
  /** `rtl`: the first item at the right, each swatch right of its name. Default `ltr`. */
  readonly dir?: "ltr" | "rtl";
}

const SWATCH_WIDTH = 28;
const GAP = 8;
const ITEM_GAP = 22;

/** The legend as an SVG group, and its height in pixels. */
export function renderLegend(items: readonly LegendItem[], options: LegendOptions): { svg: string; height: number } {
  const { fontSize } = options;
  const rowHeight = Math.round(fontSize * 1.6);
  let x = options.x;
  let y = options.y;
  const parts: string[] = [];
  const rtl = options.dir === "rtl";
  for (const item of items) {
    const itemWidth = SWATCH_WIDTH + GAP + textWidth(item.label, fontSize);
    if (x > options.x && x + itemWidth > options.x + options.width) {
      x = options.x;
      y += rowHeight;
    }
    const mid = y + rowHeight / 2;
    // Right to left: the same flow mirrored about the legend's middle.
    const left = rtl ? 2 * options.x + options.width - x - SWATCH_WIDTH : x;
    parts.push(swatch(item, left, mid, fontSize));
    const label = rtl
      ? `<text x="${fmt(left - GAP)}" y="${fmt(mid)}" dy="0.35em" text-anchor="end">${escapeXml(bidi(item.label, "rtl"))}</text>`
      : `<text x="${fmt(x + SWATCH_WIDTH + GAP)}" y="${fmt(mid)}" dy="0.35em">${escapeXml(item.label)}</text>`;
    parts.push(label);
    x += itemWidth + ITEM_GAP;
  }
  const svg = `<g class="legend" font-size="${fontSize}">${parts.join("")}</g>`;
  return { svg, height: y - options.y + rowHeight };
}

function swatch(item: LegendItem, x: number, mid: number, fontSize: number): string {
  const x1 = fmt(x);
  const x2 = fmt(x + SWATCH_WIDTH);
  const line = (extra: string): string =>
    `<line x1="${x1}" x2="${x2}" y1="${fmt(mid)}" y2="${fmt(mid)}" stroke="${item.color}" ${extra}/>`;
  const h = fontSize * 0.8;
  switch (item.swatch) {
    case "line":
      return line(`stroke-width="3"`);
    case "dashed":
      return line(`stroke-width="2" stroke-dasharray="${item.dash ?? "6 4"}"`);
    case "dotted":
      return line(`stroke-width="2" stroke-dasharray="1 4" stroke-linecap="round"`);
    case "band-line":
      return (
        `<rect x="${x1}" y="${fmt(mid - h / 2)}" width="${SWATCH_WIDTH}" height="${fmt(h)}" fill="${item.fill ?? item.color}" fill-opacity="0.25"/>` +
        line(`stroke-width="2" stroke-dasharray="${item.dash ?? "1 4"}" stroke-linecap="round"`)
      );
    case "area":
      return `<rect x="${x1}" y="${fmt(mid - h / 2)}" width="${SWATCH_WIDTH}" height="${fmt(h)}" fill="${item.color}" fill-opacity="0.3"/>`;
    case "bar":
      return `<rect x="${x1}" y="${fmt(mid - 4)}" width="${SWATCH_WIDTH}" height="8" fill="${item.color}"/>`;
    case "dot":
      return `<circle cx="${fmt(x + SWATCH_WIDTH / 2)}" cy="${fmt(mid)}" r="4" fill="${item.color}"/>`;
  }
}
