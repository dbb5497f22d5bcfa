/**
 * The one rule for entity identifiers that enter the store from outside (import files,
 * `--entity`, templates over CSV cells): `kind/code[/more…]`, e.g. `country/IR`,
 * `asn/44244`, `region/IR/Razavi Khorasan`. Spaces inside a part stay allowed (place
 * names have them); refused are what breaks a later reader:
 * - control characters (a newline splits a line of `signals` output, an escape code
 *   rewrites the terminal);
 * - `.` and `..` parts (an identifier may become a path or a URL segment);
 * - commas: `nightlight signals --format csv` writes identifiers unquoted, so a comma
 *   would shift its columns;
 * - empty parts, and spaces around a part (`country/IR ` would be a second country).
 */

/** Longest identifier: the longest real one (a county with its region) is under 100. */
const MAX_LENGTH = 200;
const KIND = /^[a-z][a-z0-9-]*$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why `id` is not a valid entity identifier, or undefined when it is. */
export function checkEntityId(id: string): string | undefined {
  if (id.length > MAX_LENGTH) return `an entity identifier has at most ${MAX_LENGTH} characters, not ${id.length}`;
  if (CONTROL.test(id)) return "an entity identifier has no control characters (newline, tab, escape…)";
  if (id.includes(",")) return "an entity identifier has no comma (CSV output writes it unquoted)";
  const parts = id.split("/");
  const [kind = "", ...codes] = parts;
  if (codes.length === 0) return "an entity identifier is kind/code, e.g. country/IR";
  if (!KIND.test(kind)) return "an entity kind is lower-case letters, digits and '-', e.g. country";
  if (parts.some((p) => p === "")) return "an entity identifier has no empty part (no '//' and no '/' at either end)";
  if (parts.some((p) => p === "." || p === "..")) return "an entity identifier has no '.' or '..' part";
  if (parts.some((p) => p.trim() !== p)) return "an entity identifier part does not begin or end with a space";
  return undefined;
}
