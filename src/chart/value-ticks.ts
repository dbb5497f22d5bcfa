/**
 * Ticks for the value axis: round numbers (1, 2 or 5 × 10ⁿ apart), as d3-array's
 * `ticks` chooses them, and labels short enough for a shared image (`12k`, `1.5M`).
 */

/** Round tick values covering `[0, max]`, about `count` of them; the last is ≥ `max`. */
export function valueTicks(max: number, count: number): number[] {
  if (!(max > 0)) return [0, 1];
  const step = tickStep(max, count);
  const ticks: number[] = [];
  const last = Math.ceil(max / step - 1e-9);
  // Multiply instead of adding so that 0.1 + 0.2 never makes 0.30000000000000004.
  for (let i = 0; i <= last; i++) ticks.push(roundTo(i * step, step));
  return ticks;
}

/**
 * Labels for `ticks` (as {@link valueTicks} makes them), in one unit chosen by the
 * largest: `0, 2k, 4k … 10k` rather than `8000, 10k`. The step decides the decimals.
 */
export function formatTicks(ticks: readonly number[]): string[] {
  const step = ticks.length > 1 ? Math.abs((ticks[1] ?? 0) - (ticks[0] ?? 0)) : 1;
  const max = Math.max(0, ...ticks.map(Math.abs));
  const [unit, suffix] = max >= 1e6 ? [1e6, "M"] : max >= 1e4 ? [1e3, "k"] : [1, ""];
  return ticks.map((v) => (v === 0 ? "0" : `${trim(v / unit, step / unit)}${suffix}`));
}

function trim(value: number, step: number): string {
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toFixed(step % 1 === 0 || decimals === 0 ? 0 : decimals);
}

function tickStep(max: number, count: number): number {
  const raw = max / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const factor = error >= 7.5 ? 10 : error >= 3.5 ? 5 : error >= 1.5 ? 2 : 1;
  return factor * power;
}

function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(Math.min(12, decimals)));
}
