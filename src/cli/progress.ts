/**
 * The one progress display of the CLI: a line on stderr redrawn in place, shown only when
 * stderr is a terminal (never in pipes, logs or tests), at most every 200 ms. It counts
 * bytes (`mrt dump`, `mrt stats`), bins (`replay`) or shows a status line (`serve`'s
 * sources); `note()` prints a lasting line above it, on a terminal or not.
 */

/** A progress line. */
export interface Progress {
  /** Reports `done` of `total` (undefined when unknown), with a short label. */
  update(done: number, total: number | undefined, label: string): void;
  /** Shows `text` as the progress line. */
  show(text: string): void;
  /** Prints `line` for good (above the progress line on a terminal, as is elsewhere). */
  note(line: string): void;
  /** Clears the line. */
  end(): void;
}

/** Options of createProgress(). */
export interface ProgressOptions {
  /** What is counted: bytes (shown as kB, MB…) or bins. Default bytes. */
  readonly unit?: "bytes" | "bins";
  /** Clock, for the rate and ETA; default Date.now. */
  readonly now?: () => number;
}

function human(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** `1m05s`. */
function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s} s`;
}

/** The text of a count: a bar for bins, a size and rate for bytes; with an ETA when the total is known. */
function countText(unit: "bytes" | "bins", done: number, total: number | undefined, label: string, seconds: number): string {
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = total !== undefined && total > 0 && rate > 0 ? `, ETA ${duration((total - done) / rate)}` : "";
  if (unit === "bins") {
    if (total === undefined || total <= 0) return `${done} bins, ${label}`;
    const filled = Math.round((30 * Math.min(done, total)) / total);
    return `[${"#".repeat(filled)}${".".repeat(30 - filled)}] ${done}/${total} bins, ${label}${eta}`;
  }
  if (total === undefined || total <= 0) return `${label} ${human(done)}B ${human(rate)}B/s`;
  return `${label} ${Math.min(100, (100 * done) / total).toFixed(1)} % of ${human(total)}B, ${human(rate)}B/s${eta}`;
}

/** A progress line on `stream` if it is a terminal; elsewhere only notes are written. */
export function createProgress(stream: NodeJS.WritableStream, options: ProgressOptions = {}): Progress {
  const tty = (stream as NodeJS.WritableStream & { isTTY?: boolean }).isTTY === true;
  const now = options.now ?? Date.now;
  const unit = options.unit ?? "bytes";
  const started = now();
  let last = Number.NEGATIVE_INFINITY;
  let shown = "";
  const draw = (text: string, force: boolean): void => {
    const t = now();
    if (!tty || (!force && t - last < 200)) return;
    last = t;
    shown = text;
    stream.write(`\r\x1b[2K${text}`);
  };
  return {
    update: (done, total, label) => draw(countText(unit, done, total, label, (now() - started) / 1000), false),
    show: (text) => draw(text, false),
    note(line) {
      if (!tty) {
        stream.write(`${line}\n`);
        return;
      }
      stream.write(`\r\x1b[2K${line}\n`);
      if (shown !== "") stream.write(shown);
    },
    end() {
      if (tty) stream.write("\r\x1b[2K");
      shown = "";
    },
  };
}
