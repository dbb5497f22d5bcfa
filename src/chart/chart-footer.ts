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

/**
 * Sources and methods are written in English: inside right-to-left text each is embedded
 * left to right (U+202A … U+202C), so that its parentheses and order stay its own.
 */
function ltr(text: string): string {
  return `\u202A${text}\u202C`;
}

/** Font size of footnotes, pixels. */
export const FOOTNOTE_SIZE = 13;

/** The footnote's SVG, its text (for the chart's description) and the y where it starts. */
export function renderFooter(options: FooterOptions, width: number, height: number, look: ChartLook): { svg: string; text: string; top: number } {
  const { locale } = look;
  const now = (options.clock ?? (() => new Date()))();
  const generator = options.generator ?? `Nightlight v${nightlightVersion()}`;
  const stamp = `${now.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  // Each paragraph: a lead-in in the chart's language, then its text. Sources and methods
  // are English: in a right-to-left chart each of their lines is embedded left to right.
  const paragraphs: [lead: string, text: string, english: boolean][] = [];
  if (options.source !== undefined) paragraphs.push([`${locale.source}: `, options.source, true]);
  if (options.method !== undefined) paragraphs.push([`${locale.method}: `, options.method, true]);
  if (options.note !== undefined && options.note !== "") paragraphs.push(["", options.note, false]);
  paragraphs.push(["", locale.madeWith(generator, locale.digits(stamp)), false]);
  const lines = paragraphs.flatMap(([lead, text, english]) =>
    wrapText(`${lead}${text}`, width - 2 * PAD, FOOTNOTE_SIZE).map((line, i) => {
      if (!english || locale.dir === "ltr") return line;
      const body = i === 0 ? line.slice(lead.length) : line;
      return `${i === 0 ? lead : ""}${ltr(body)}`;
    }));
  const lineHeight = FOOTNOTE_SIZE * 1.35;
  const top = height - PAD + 6 - lines.length * lineHeight;
  const svg = lines.map((line, i) => textLine("footnote", line, top + (i + 0.8) * lineHeight, width, look)).join("");
  const text = paragraphs.map(([lead, t]) => `${lead}${t}`).join(" ");
  return { svg: `<g font-size="${FOOTNOTE_SIZE}" fill="${look.palette.muted}">${svg}</g>`, text, top };
}

