/**
 * CSV (RFC 4180) of rows of plain values: a header line, then one line per row, CRLF
 * endings as the RFC has them. null is an empty cell: missing, never zero.
 */

/** One cell: numbers and strings as they are, null empty; quoted when it holds `,`, `"` or a line break. */
function cell(value: string | number | boolean | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV text of `rows` under `header`. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null)[])[]): string {
  return [header, ...rows].map((r) => `${r.map(cell).join(",")}\r\n`).join("");
}
