/**
 * The footnote under every chart: where the data comes from, how it was computed, and
 * what made the figure when, so that a shared image stands alone.
 */
import type { ChartLook } from "./chart-look.ts";
import { PAD, textLine } from "./chart-look.ts";
import { nightlightVersion } from "./nightlight-version.ts";
import { wrapText } from "./svg-text.ts";

/** What the footnote says. */
export interface FooterOptions {
  readonly source?: string;
  readonly method?: string;
  readonly note?: string;
  /** Default `Nightlight v<package.json version>`. */
  readonly generator?: string;
  /** Time stamped in the footnote; default the system clock. */
  readonly clock?: () => Date;
}

/** Font size of footnotes, pixels. */
export const FOOTNOTE_SIZE = 13;

/** The footnote's SVG, its text (for the chart's description) and the y where it starts. */
export function renderFooter(options: FooterOptions, width: number, height: number, look: ChartLook): { svg: string; text: string; top: number } {
  const { locale } = look;
  const now = (options.clock ?? (() => new Date()))();
  const generator = options.generator ?? `Nightlight v${nightlightVersion()}`;
  const stamp = `${now.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const paragraphs = [
    options.source === undefined ? undefined : `${locale.source}: ${options.source}`,
    options.method === undefined ? undefined : `${locale.method}: ${options.method}`,
    options.note,
    locale.madeWith(generator, locale.digits(stamp)),
  ].filter((p): p is string => p !== undefined && p !== "");
  const lines = paragraphs.flatMap((p) => wrapText(p, width - 2 * PAD, FOOTNOTE_SIZE));
  const lineHeight = FOOTNOTE_SIZE * 1.35;
  const top = height - PAD + 6 - lines.length * lineHeight;
  const svg = lines.map((line, i) => textLine("footnote", line, top + (i + 0.8) * lineHeight, width, look)).join("");
  return { svg: `<g font-size="${FOOTNOTE_SIZE}" fill="${look.palette.muted}">${svg}</g>`, text: paragraphs.join(" "), top };
}

