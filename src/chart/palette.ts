/**
 * Chart colours. Okabe & Ito's palette (2008), which stays distinct under the common
 * colour-vision deficiencies; every layer also differs in shape (solid, dashed,
 * dotted, band), so the chart reads in greyscale too.
 */
export const PALETTE = {
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
} as const;

/** Font stack; the PNG renderer loads DejaVu Sans when the system has it. */
export const FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif";
