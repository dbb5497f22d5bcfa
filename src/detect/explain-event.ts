/**
 * The sentence users read: "country/IR: at 3 % of ordinary levels since … ; kind …;
 * first to fall …". Every number in it is a field of the event.
 */
import type { OutageEvent } from "../model/outage-event.ts";
import { duration, percent, shortTime } from "./format-numbers.ts";

/** Options of `explainEvent`. */
export interface ExplainOptions {
  /** One line per signal saying how its baseline was computed (appended). */
  readonly methods?: readonly string[];
  /** How many timeline entries to name. */
  readonly firstToFall?: number;
}

/** Explains an event in plain words, citing its own fields. */
export function explainEvent(event: Omit<OutageEvent, "explanation">, options: ExplainOptions = {}): string {
  const deepest = [...event.signals].sort((a, b) => a.depth - b.depth)[0];
  const start = Date.parse(event.start);
  const parts: string[] = [];
  const level =
    deepest === undefined
      ? "down"
      : `${deepest.signal} at ${percent(deepest.depth)} of ordinary levels (lowest ${shortTime(Date.parse(deepest.at))})`;
  const span =
    event.end === null
      ? `since ${shortTime(start)}, still ongoing at the end of the data`
      : `from ${shortTime(start)} to ${shortTime(Date.parse(event.end))} (${duration(Date.parse(event.end) - start)})`;
  parts.push(`${event.entity}: ${level} ${span}.`);
  parts.push(`Kind: ${event.kind} — ${event.evidence}.`);
  if (event.phases.length > 1) {
    parts.push(`Phases: ${event.phases.map((p) => `${p.kind} from ${shortTime(Date.parse(p.start))}`).join("; ")}.`);
  }
  const n = options.firstToFall ?? 5;
  if (event.timeline.length > 0) {
    const named = event.timeline.slice(0, n).map((t) => `${t.entity} (${shortTime(Date.parse(t.fell))})`);
    const more = event.timeline.length > n ? `, and ${event.timeline.length - n} more` : "";
    parts.push(`First to fall: ${named.join(", ")}${more}.`);
  }
  const others = event.signals.filter((s) => s !== deepest).map((s) => `${s.signal} ${percent(s.depth)}`);
  if (others.length > 0) parts.push(`Other signals at their lowest: ${others.join(", ")}.`);
  parts.push(`Score ${event.score.toExponential(2)} (IODA's: product over signals of Σ drop % × minutes).`);
  if (options.methods !== undefined && options.methods.length > 0) parts.push(`Baselines: ${options.methods.join("; ")}.`);
  return parts.join(" ");
}
