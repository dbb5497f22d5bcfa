/**
 * Chart colours, a light and a dark theme. Okabe & Ito's palette (2008), which stays
 * distinct under the common colour-vision deficiencies; every layer also differs in
 * shape (solid, dashed, dotted, band), so the chart reads in greyscale too. The dark
 * theme takes the palette's lighter members (sky blue for the signal) so that each
 * layer keeps its contrast on a dark ground.
 */

/** The colours of one theme. */
export interface ChartPalette {
  readonly signal: string;
  readonly baseline: string;
  readonly warning: string;
  readonly critical: string;
  readonly warningBand: string;
  readonly event: string;
  readonly noData: string;
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly gridMajor: string;
  readonly background: string;
}

/** The light theme: what `nightlight report` has always drawn. */
export const PALETTE: ChartPalette = {
  signal: "#0072B2",
  baseline: "#333333",
  warning: "#E69F00",
  critical: "#D55E00",
  warningBand: "#E69F00",
  event: "#CC79A7",
  noData: "#999999",
  text: "#222222",
  muted: "#555555",
  grid: "#E4E4E4",
  gridMajor: "#C8C8C8",
  background: "#FFFFFF",
};

/** The dark theme. */
export const DARK_PALETTE: ChartPalette = {
  signal: "#56B4E9",
  baseline: "#D0D0D0",
  warning: "#F0E442",
  critical: "#E69F00",
  warningBand: "#F0E442",
  event: "#CC79A7",
  noData: "#8A8A8A",
  text: "#E8E8E8",
  muted: "#AAAAAA",
  grid: "#2E3238",
  gridMajor: "#474C55",
  background: "#16181D",
};

/** A theme's name. */
export type ChartTheme = "light" | "dark";

/** The palette of `theme`. */
export function paletteOf(theme: ChartTheme = "light"): ChartPalette {
  return theme === "dark" ? DARK_PALETTE : PALETTE;
}

/** Font stack; the PNG renderer loads DejaVu Sans when the system has it. */
export const FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif";
