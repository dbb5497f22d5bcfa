/**
 * A small RFC 4180 CSV reader: comma-separated fields, records ended by LF or CRLF,
 * quoted fields that may hold commas, line breaks and doubled quotes (`""` → `"`).
 */
import { InputSyntaxError } from "../model/errors.ts";

/** One CSV record and the 1-based line it starts on. */
export interface CsvRow {
  readonly line: number;
  readonly fields: string[];
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const LF = 10;
const CR = 13;

/**
 * Yields the records of `text`. Lines without a quote take a fast path. A bare quote
 * inside an unquoted field is kept as text (lenient, as most readers are); text after
 * a closing quote, or a quote left open at the end, is an InputSyntaxError naming
 * `file` and the line.
 */
export function* csvRows(text: string, file: string): Generator<CsvRow> {
  let pos = 0;
  let line = 1;
  let quote = -1; // next quote at or after pos; searched again only once passed
  while (pos < text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    const lineEnd = end > pos && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    if (quote < pos && quote !== -2) quote = text.indexOf('"', pos);
    if (quote === -1) quote = -2; // none left in the text
    if (quote === -2 || quote >= lineEnd) {
      if (lineEnd > pos) yield { line, fields: text.slice(pos, lineEnd).split(",") };
      pos = end + 1;
      line++;
      continue;
    }
    const record = readQuotedRecord(text, pos, line, file);
    yield { line, fields: record.fields };
    line += record.lines;
    pos = record.next;
  }
}

/** Reads one record that holds a quote, starting at `pos`; may span several lines. */
function readQuotedRecord(text: string, pos: number, line: number, file: string): { fields: string[]; next: number; lines: number } {
  const fields: string[] = [];
  let lines = 1;
  let i = pos;
  for (;;) {
    let field = "";
    if (text.charCodeAt(i) === QUOTE) {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new InputSyntaxError(file, line, fields.length + 1, "quoted field is not closed before the end of the file");
        field += text.slice(i, q);
        for (let k = i; k < q; k++) if (text.charCodeAt(k) === LF) lines++;
        if (text.charCodeAt(q + 1) === QUOTE) {
          field += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      const c = text.charCodeAt(i);
      if (i < text.length && c !== COMMA && c !== LF && c !== CR) {
        throw new InputSyntaxError(file, line, fields.length + 1, `unexpected ${JSON.stringify(text[i])} after a closing quote`);
      }
    } else {
      let j = i;
      while (j < text.length) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
        j++;
      }
      field = text.slice(i, j);
      i = j;
    }
    fields.push(field);
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      continue;
    }
    if (c === CR && text.charCodeAt(i + 1) === LF) i++;
    return { fields, next: i + 1, lines };
  }
}
