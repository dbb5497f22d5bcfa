/**
 * The figures behind a verdict in words, for tables, report headlines and chart
 * subtitles: "ipobs: data in 2 of 72 bins (3 %), a verdict in 0 (50 % needed);
 * history before the window 0 min, warm-up needs 6 h".
 */
import { duration, percent } from "./format-numbers.ts";
import type { SignalCoverage } from "./window-coverage.ts";

/** One signal's coverage of the window, every number stated. */
export function describeCoverage(c: SignalCoverage): string {
  const share = c.bins === 0 ? 0 : c.withData / c.bins;
  return (
    `${c.signal}: data in ${c.withData} of ${c.bins} bins (${percent(share)}), a verdict in ${c.judged} (${percent(c.minCoverage)} needed); ` +
    `history before the window ${duration(c.historyMs)}, warm-up needs ${duration(c.warmUpMs)}`
  );
}
