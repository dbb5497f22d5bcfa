/**
 * Entity names built from cells: `county/IR/{name_1}/{name_2}` with the row's
 * `name_1` and `name_2`. A `/` inside a cell becomes `-`, since `/` separates the
 * parts of an entity identifier.
 */
import { InputSyntaxError } from "../model/errors.ts";
import { echoInput } from "./echo-input.ts";

/** A template compiled against a header. */
export type FilledTemplate = (cells: readonly string[], line: number) => string;

/** Compiles `template` for `header`; TypeError when it names a column the header lacks. */
export function compileTemplate(template: string, header: readonly string[], file: string): FilledTemplate {
  const parts = template.split(/(\{[^}]*\})/);
  const pieces = parts.map((part) => {
    if (!part.startsWith("{") || !part.endsWith("}")) return part;
    const name = part.slice(1, -1);
    const index = header.indexOf(name);
    if (index < 0) throw new TypeError(`Entity template '${echoInput(template)}' names column '${echoInput(name)}', which ${file} lacks (columns: ${echoInput(header.join(", "))})`);
    return index;
  });
  return (cells, line) =>
    pieces
      .map((p) => {
        if (typeof p === "string") return p;
        const cell = (cells[p] ?? "").trim().replaceAll("/", "-");
        if (cell === "") throw new InputSyntaxError(file, line, header[p], `the entity template needs a value here`);
        return cell;
      })
      .join("");
}
