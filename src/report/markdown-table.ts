/** GitHub-flavoured Markdown tables, with cells escaped. */

/** Escapes a cell: pipes would end it, newlines would end the row. */
export function markdownCell(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll("|", "\\|").replace(/\r?\n/g, " ");
}

/** A table with `headers` and `rows`; columns named in `right` are right-aligned. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[], right: readonly string[] = []): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(markdownCell).join(" | ")} |`;
  const rule = `|${headers.map((h) => (right.includes(h) ? "---:" : "---")).join("|")}|`;
  return [line(headers), rule, ...rows.map(line)].join("\n");
}
