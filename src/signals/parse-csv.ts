/**
 * CSV records (RFC 4180): comma-separated, `"` quotes a cell, `""` is a quote inside
 * one, a quoted cell may span lines. Each record carries the line it starts on, so
 * errors can name it.
 */
import { InputSyntaxError } from "../model/errors.ts";
import { echoInput } from "./echo-input.ts";

/** One CSV record: its cells and the 1-based line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

/** Options of `parseCsv`. */
export interface ParseCsvOptions {
  /** Name of the input, for error messages. */
  readonly file: string;
}

/** Splits `text` into records. Blank lines are skipped; a byte-order mark is dropped. */
export function parseCsv(text: string, options: ParseCsvOptions): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let wasQuoted = false;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = (): void => {
    cells.push(cell);
    if (cells.length > 1 || cells[0] !== "" || wasQuoted) records.push({ line: recordLine, cells });
    cells = [];
    cell = "";
    wasQuoted = false;
  };
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        cell += c;
      }
      continue;
    }
    if (c === '"') {
      if (cell !== "") {
        throw new InputSyntaxError(options.file, line, cells.length + 1, `a quote inside the unquoted cell '${echoInput(cell)}"'`);
      }
      quoted = true;
      wasQuoted = true;
    } else if (c === ",") {
      cells.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += c;
  }
  if (quoted) throw new InputSyntaxError(options.file, recordLine, cells.length + 1, "a quoted cell is never closed");
  if (cell !== "" || cells.length > 0) endRecord();
  return records;
}
