/**
 * Where a probe's reports go: into a local store (`--db`), or into its outbox and on to
 * an observatory (store and forward). Forwarding runs beside the probe's rounds, one
 * pass at a time, so an unreachable observatory never delays a measurement.
 */
import type { ReportedBins } from "../model/reported-bins.ts";
import type { ReportOutbox } from "../store/report-outbox.ts";
import type { Store } from "../store/store.ts";
import { commitReportedBins } from "./commit-reported-bins.ts";
import { forwardReports, type ForwardPass, type ObservatoryEndpoint } from "./forward-reports.ts";

/** Takes reports. */
export interface ReportSink {
  /** Keeps `report` (never loses it); resolves with a line saying what happened. */
  deliver(report: ReportedBins): Promise<string>;
  /** Forwards what is still pending (an outbox) and stops. */
  close(): Promise<void>;
}

/** The key a report is kept under: its source and its first bin's time. */
export function reportKey(report: ReportedBins): string {
  return `${report.source.name}@${report.bins[0]?.time ?? 0}`;
}

/** Reports committed to a local store. */
export function storeSink(store: Store): ReportSink {
  return {
    async deliver(report) {
      const c = commitReportedBins(store, report);
      return `stored ${c.stored} bin${c.stored === 1 ? "" : "s"} in ${store.file}${c.duplicates > 0 ? ` (${c.duplicates} already there)` : ""}`;
    },
    async close() {},
  };
}

/** Reports kept in an outbox and forwarded to an observatory. */
export function outboxSink(outbox: ReportOutbox, endpoint: ObservatoryEndpoint, options: { readonly onPass?: (pass: ForwardPass) => void } = {}): ReportSink {
  let running: Promise<void> | undefined;
  let again = false;
  const pass = (): Promise<void> => {
    if (running !== undefined) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const result = await forwardReports(outbox, endpoint);
        options.onPass?.(result);
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  return {
    async deliver(report) {
      outbox.add(reportKey(report), JSON.stringify(report));
      void pass();
      const { pending } = outbox.counts();
      return `kept in ${outbox.file} (${pending} pending for ${endpoint.url})`;
    },
    async close() {
      await pass();
    },
  };
}
