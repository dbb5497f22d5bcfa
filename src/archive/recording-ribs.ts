/**
 * The bviews of a Nightlight recording folder (`nightlight collect --mrt-dir`): a
 * recording writes one where it starts, at the start of its first 5-minute file, so
 * its RIB times are not the 8-hour marks of RIS and are listed from the folder.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

const BVIEW = /^bview\.(\d{4})(\d{2})(\d{2})\.(\d{2})(\d{2})\.gz$/;

/** Times (ms UTC) of the bviews under `dir/collector/YYYY.MM/`, in time order; empty when there are none. */
export function recordingRibs(dir: string, collector: string): number[] {
  const times: number[] = [];
  let months: string[];
  try {
    months = readdirSync(join(dir, collector));
  } catch {
    return times;
  }
  for (const month of months) {
    if (!/^\d{4}\.\d{2}$/.test(month)) continue;
    for (const name of readdirSync(join(dir, collector, month))) {
      const m = BVIEW.exec(name);
      if (m !== null) times.push(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])));
    }
  }
  return times.sort((a, b) => a - b);
}
