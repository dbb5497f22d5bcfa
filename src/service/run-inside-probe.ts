/**
 * The inside probe's loop: a round on the round grid (so its bins line up with the
 * observatory's), its report kept by the sink (store and forward), until aborted.
 */
import { insideReport, runInsideRound, type InsideMethod, type InsideRound } from "../probing/inside-report.ts";
import type { ReportSink } from "./report-sink.ts";

/** Options of the loop. */
export interface RunInsideOptions {
  readonly rounds?: number;
  readonly signal?: AbortSignal;
  /** Extra CA certificates (PEM) for the HTTPS fetches. */
  readonly ca?: string;
  readonly now?: () => number;
  readonly onRound?: (round: InsideRound, delivered: string) => void;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const t = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Runs rounds; resolves with the number reported. */
export async function runInsideProbe(m: InsideMethod, sink: ReportSink, options: RunInsideOptions = {}): Promise<number> {
  const now = options.now ?? Date.now;
  let reported = 0;
  while (!(options.signal?.aborted ?? false) && (options.rounds === undefined || reported < options.rounds)) {
    const start = Math.ceil(now() / m.roundMs) * m.roundMs;
    await sleep(start - now(), options.signal);
    if (options.signal?.aborted ?? false) break;
    const round = await runInsideRound(m, start, { clock: now, ...(options.ca === undefined ? {} : { ca: options.ca }) });
    const delivered = await sink.deliver(insideReport(m, round));
    reported++;
    options.onRound?.(round, delivered);
  }
  return reported;
}
