/**
 * The one rule for signal names that enter the store from outside (IODA datasources,
 * CSV columns and cells, `--signal`): a letter or digit, then letters, digits, `.`,
 * `_` or `-`, at most 64 in all. It keeps out names such as `__proto__` (which once
 * became a signal through an object lookup) and anything a CSV or a URL would have to
 * quote.
 */

const SIGNAL_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

/** Why `name` is not a plain signal name, or undefined when it is. */
export function checkSignalName(name: string): string | undefined {
  return SIGNAL_NAME.test(name)
    ? undefined
    : "a signal name is a letter or digit then letters, digits, '.', '_' or '-', at most 64 characters";
}
