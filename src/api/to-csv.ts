/**
 * CSV (RFC 4180) of rows of plain values: a header line, then one line per row, CRLF
 * endings as the RFC has them. null is an empty cell: missing, never zero.
 */

type Cell = string | number | boolean | null;

/** One cell: numbers and strings as they are, null empty; quoted when it holds `,`, `"` or a line break. */
function cell(value: Cell, quoted: Map<string, string>): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  // The same strings recur on every row (an entity, a signal, a time): test each once.
  let text = quoted.get(value);
  if (text === undefined) {
    text = /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
    if (quoted.size < 4096) quoted.set(value, text);
  }
  return text;
}

/** The CSV text of `rows` under `header`. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const quoted = new Map<string, string>();
  const line = (r: readonly Cell[]): string => {
    let s = "";
    for (let i = 0; i < r.length; i++) s += (i === 0 ? "" : ",") + cell(r[i] ?? null, quoted);
    return `${s}\r\n`;
  };
  let out = line(header);
  for (const r of rows) out += line(r);
  return out;
}
