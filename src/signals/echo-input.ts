/**
 * A piece of an input file or option quoted in a message, made safe to print. The one
 * rule for every stage that quotes input (the CLI's `echo()` is this function).
 */

/** Longest piece of input quoted: a 1 MB cell is not repeated whole. */
const ECHO_MAX = 80;

/** `text` with control characters as `?`, cut to 80 characters (then `…`). */
export function echoInput(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "?");
  return clean.length > ECHO_MAX ? `${clean.slice(0, ECHO_MAX)}…` : clean;
}
