/**
 * A one-line progress display on stderr, shown only when stderr is a terminal (never
 * in pipes, logs or tests). Redraws at most every 200 ms.
 */
export interface Progress {
  /** Reports `done` of `total` (undefined when unknown), with a short label. */
  update(done: number, total: number | undefined, label: string): void;
  /** Clears the line. */
  end(): void;
}

const NONE: Progress = { update() {}, end() {} };

function human(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** A progress line on `stream` if it is a TTY, else a no-op. `now` is injectable for tests. */
export function createProgress(stream: NodeJS.WritableStream, now: () => number = Date.now): Progress {
  const tty = stream as NodeJS.WritableStream & { isTTY?: boolean };
  if (tty.isTTY !== true) return NONE;
  const started = now();
  let last = 0;
  return {
    update(done, total, label) {
      const t = now();
      if (t - last < 200) return;
      last = t;
      const secs = (t - started) / 1000;
      const rate = secs > 0 ? done / secs : 0;
      let line = `${label} ${human(done)}B ${human(rate)}B/s`;
      if (total !== undefined && total > 0 && rate > 0) {
        const pct = Math.min(100, (100 * done) / total);
        const eta = Math.max(0, (total - done) / rate);
        line = `${label} ${pct.toFixed(1)} % of ${human(total)}B, ${human(rate)}B/s, ETA ${Math.round(eta)} s`;
      }
      stream.write(`\r\x1b[2K${line}`);
    },
    end() {
      stream.write("\r\x1b[2K");
    },
  };
}
