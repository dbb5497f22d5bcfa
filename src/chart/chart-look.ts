/**
 * What every part of one chart draws with: the theme's colours, the language's words
 * and the time axis' zone; and the one way a line of running text sits at the reading
 * edge (left, or right and embedded right to left).
 */
import { chartLocale, type ChartLang, type ChartLocale } from "./chart-locale.ts";
import { paletteOf, type ChartPalette, type ChartTheme } from "./palette.ts";
import { bidi, escapeXml, fmt } from "./svg-text.ts";

/** Colours, words and zone of one chart. */
export interface ChartLook {
  readonly palette: ChartPalette;
  readonly locale: ChartLocale;
  readonly timeZone: string;
}

/** The options every chart takes for its look. */
export interface ChartLookOptions {
  /** Default `light`. */
  readonly theme?: ChartTheme;
  /** Language of the chart's own words and numerals; `fa` is drawn right to left. Default `en`. */
  readonly lang?: ChartLang;
  /** IANA zone of the time axis' wall clock; default `UTC`. */
  readonly timeZone?: string;
}

/** The look `options` ask for. */
export function chartLook(options: ChartLookOptions): ChartLook {
  return { palette: paletteOf(options.theme), locale: chartLocale(options.lang), timeZone: options.timeZone ?? "UTC" };
}

/** Chart margin, pixels. */
export const PAD = 24;

/** A line of text at the reading edge of a `width`-pixel chart: left, or right (embedded) in a right-to-left one. */
export function textLine(cls: string, text: string, y: number, width: number, look: ChartLook, attrs = ""): string {
  const rtl = look.locale.dir === "rtl";
  const at = rtl ? `x="${fmt(width - PAD)}" text-anchor="end"` : `x="${PAD}"`;
  return `<text class="${cls}" ${at} y="${fmt(y)}"${attrs}>${escapeXml(bidi(text, look.locale.dir))}</text>`;
}
