/**
 * SVG path data for a line with gaps: a `null` point breaks the line, and the next
 * value starts a new subpath with `M`. Nothing is ever drawn through a gap, and a gap
 * is never drawn as a drop to zero (observablehq/plot's `defined` channel does the same).
 */
import { fmt } from "./svg-text.ts";

/** A point in pixels, or `null` where there is no data. */
export type MaybePoint = readonly [x: number, y: number] | null;

/** The path of the connected runs, and the points that stand alone between gaps. */
export interface GappedLine {
  /** SVG path data; empty when no two consecutive points are defined. */
  readonly d: string;
  /** Defined points with a gap on both sides: a path cannot show them, draw a dot. */
  readonly isolated: readonly (readonly [number, number])[];
}

/** Builds the path data of `points`, breaking it at every `null`. */
export function linePath(points: readonly MaybePoint[]): GappedLine {
  const parts: string[] = [];
  const isolated: (readonly [number, number])[] = [];
  for (const run of definedRuns(points)) {
    const first = run[0];
    if (first === undefined) continue;
    if (run.length === 1) {
      isolated.push(first);
      continue;
    }
    parts.push(run.map(([x, y], i) => `${i === 0 ? "M" : "L"}${fmt(x)},${fmt(y)}`).join(""));
  }
  return { d: parts.join(""), isolated };
}

/**
 * Path data of the area between two lines (`upper` above `lower`), closed per run of
 * bins where both are defined.
 */
export function bandPath(upper: readonly MaybePoint[], lower: readonly MaybePoint[]): string {
  const pairs: (readonly [number, number, number] | null)[] = upper.map((u, i) => {
    const l = lower[i];
    return u === null || l === null || l === undefined ? null : [u[0], u[1], l[1]];
  });
  const parts: string[] = [];
  let run: (readonly [number, number, number])[] = [];
  const flush = (): void => {
    if (run.length >= 2) {
      const top = run.map(([x, y], i) => `${i === 0 ? "M" : "L"}${fmt(x)},${fmt(y)}`).join("");
      const bottom = run.toReversed().map(([x, , y]) => `L${fmt(x)},${fmt(y)}`).join("");
      parts.push(`${top}${bottom}Z`);
    }
    run = [];
  };
  for (const p of pairs) {
    if (p === null) flush();
    else run.push(p);
  }
  flush();
  return parts.join("");
}

function definedRuns(points: readonly MaybePoint[]): (readonly [number, number])[][] {
  const runs: (readonly [number, number])[][] = [];
  let run: (readonly [number, number])[] = [];
  for (const p of points) {
    if (p === null) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else {
      run.push(p);
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
