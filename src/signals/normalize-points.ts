/**
 * One policy for duplicate and out-of-order rows, for every import format:
 * - out of order: sorted by (entity, signal, time) and counted;
 * - the same (entity, signal, time) twice with the same value: kept once, counted;
 * - twice with different values: an error naming both lines, unless `duplicates` is
 *   `last` (the later line wins, counted as a conflict).
 */
import { InputSyntaxError } from "../model/errors.ts";
import type { SignalPoint } from "../model/signal.ts";
import type { LocatedPoint } from "./located-point.ts";

/** Options of `normalizePoints`. */
export interface NormalizeOptions {
  readonly file: string;
  /** What to do with conflicting duplicates. Default `error`. */
  readonly duplicates?: "error" | "last";
}

/** Sorted, de-duplicated points and what was done to get them. */
export interface NormalizedPoints {
  readonly points: SignalPoint[];
  readonly duplicates: number;
  readonly conflicts: number;
  readonly reordered: number;
}

const key = (p: SignalPoint): string => `${p.entity}\u0000${p.signal}`;

/** Sorts and de-duplicates `points` (stable: equal keys keep input order). */
export function normalizePoints(points: readonly LocatedPoint[], options: NormalizeOptions): NormalizedPoints {
  let reordered = 0;
  const lastTime = new Map<string, number>();
  for (const p of points) {
    const k = key(p);
    const t = lastTime.get(k);
    if (t !== undefined && p.time < t) reordered++;
    else lastTime.set(k, p.time);
  }
  const sorted = points
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (key(a.p) < key(b.p) ? -1 : key(a.p) > key(b.p) ? 1 : a.p.time - b.p.time || a.i - b.i))
    .map(({ p }) => p);
  const out: SignalPoint[] = [];
  let kept: LocatedPoint | undefined;
  let duplicates = 0;
  let conflicts = 0;
  for (const p of sorted) {
    if (kept !== undefined && key(kept) === key(p) && kept.time === p.time) {
      duplicates++;
      if (!Object.is(kept.value, p.value) && kept.value !== p.value) {
        if (options.duplicates !== "last") {
          throw new InputSyntaxError(
            options.file,
            p.line,
            undefined,
            `${p.entity} ${p.signal} at ${new Date(p.time).toISOString()} is ${String(p.value)} here but ${String(kept.value)} on line ${kept.line}`,
          );
        }
        conflicts++;
        out[out.length - 1] = { time: p.time, entity: p.entity, signal: p.signal, value: p.value };
      }
      kept = p;
      continue;
    }
    out.push({ time: p.time, entity: p.entity, signal: p.signal, value: p.value });
    kept = p;
  }
  return { points: out, duplicates, conflicts, reordered };
}
