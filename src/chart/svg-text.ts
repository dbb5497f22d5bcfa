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
