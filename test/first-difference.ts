/** Golden comparison that names the first differing line (file:line). */

/** Undefined when equal, else a message with the first differing line of each side. */
export function firstDifference(actual: string, expected: string, name: string): string | undefined {
  if (actual === expected) return undefined;
  const a = actual.split("\n");
  const e = expected.split("\n");
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) {
      return `${name}:${i + 1} differs\n  expected: ${e[i] ?? "<end of output>"}\n  actual:   ${a[i] ?? "<end of output>"}\n  (${e.length} expected lines, ${a.length} actual)`;
    }
  }
  return `${name}: outputs differ`;
}
