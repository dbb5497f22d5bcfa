/**
 * Regional: a region (or county) is down while its country is not.
 */
import type { BaselineSeries } from "../model/baseline.ts";
import type { Classification } from "./classify-state.ts";
import { hasVerdict } from "./bin-at.ts";
import { percent } from "./format-numbers.ts";
import { binsOverlapping } from "./signal-depths.ts";

/**
 * Says whether an event of a region over `[start, end)` is regional, from the
 * baselines of its country's signals. Undefined when the country has no verdict in
 * that time (it cannot be told) or was itself critical.
 */
export function findRegional(
  entity: string,
  country: readonly BaselineSeries[],
  start: number,
  end: number,
): Classification | undefined {
  let lowest = Infinity;
  let judged = false;
  for (const b of country) {
    const [first, last] = binsOverlapping(b, start, end);
    for (let i = first; i <= last; i++) {
      const v = b.verdict[i];
      if (!hasVerdict(v)) continue;
      if (v === "critical") return undefined;
      judged = true;
      lowest = Math.min(lowest, b.ratio[i] ?? Infinity);
    }
  }
  const first = country[0];
  if (!judged || first === undefined) return undefined;
  return {
    kind: "regional",
    evidence: `${entity} is down while ${first.entity} stays above its critical level (lowest ${percent(lowest)} of baseline)`,
  };
}
