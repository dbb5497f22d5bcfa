/**
 * Small helpers for writing SVG text deterministically: fixed-precision numbers and
 * XML escaping. Charts are compared byte for byte in snapshot tests, so every number
 * goes through {@link fmt}.
 */

/** Formats a coordinate with at most 2 decimals and no trailing zeros (`-0` becomes `0`). */
export function fmt(x: number): string {
  const rounded = Math.round(x * 100) / 100;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

/** Escapes text for use in SVG character data and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * Estimated width of `text` in pixels at `fontSize`, for DejaVu Sans / Verdana-like
 * fonts. SVG has no text measurement without a renderer; 0.6 em per character errs on
 * the wide side so that wrapped lines and legends never overlap.
 */
export function textWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * 0.6;
}

/** Splits `text` into lines no wider than `maxWidth` pixels at `fontSize`, at spaces. */
export function wrapText(text: string, maxWidth: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (line !== "" && textWidth(candidate, fontSize) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/**
 * `text` embedded right to left (U+202B … U+202C) for `rtl`, else as it is. SVG's
 * `direction` attribute is read differently by renderers (resvg anchors by the visual
 * edge, Chromium by the logical one), while an explicit embedding (UAX #9 §2.1) is
 * honoured alike; so right-to-left text is drawn with `text-anchor="end"` at its right
 * edge and embedded.
 */
export function bidi(text: string, dir: "ltr" | "rtl"): string {
  return dir === "rtl" ? `\u202B${text}\u202C` : text;
}
