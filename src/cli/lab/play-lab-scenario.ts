/**
 * Plays one scenario on a running lab session: its cuts at their rounds, then waits
 * until the observatory has closed every event the scenario caused (or a limit), and
 * gives back the events of the country, its regions and its networks as the API
 * reports them for the scenario's window.
 */
import type { LabScenario } from "./lab-scenarios.ts";
import type { LabEvent } from "./lab-observatory.ts";
import type { LabSession } from "./lab-session.ts";

/** What a scenario did, and what Nightlight reported. */
export interface ScenarioRun {
  readonly scenario: string;
  /** Start of the scenario (its first cut), ms UTC. */
  readonly started: number;
  /** When the last step was applied, and when the run ended. */
  readonly restored: number;
  readonly ended: number;
  readonly roundMs: number;
  /** Each change at the border, when it was made. */
  readonly steps: readonly { readonly at: number; readonly what: string }[];
  /** The events overlapping the scenario, of every watched entity. */
  readonly events: readonly LabEvent[];
}

const sleepUntil = (t: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

/** The entities the lab's observatory watches: the country, its regions and networks. */
export function labEntities(session: LabSession): string[] {
  const ids = session.observatory.store.listSignals().map((s) => s.entity);
  return [...new Set(ids)].filter((id) => /^(country|region|asn)\//.test(id)).sort();
}

/** Plays `scenario`; `log` hears each step. */
export async function playLabScenario(session: LabSession, scenario: LabScenario, options: { readonly log?: (line: string) => void; readonly settleRounds?: number } = {}): Promise<ScenarioRun> {
  const log = options.log ?? (() => {});
  const R = session.roundMs;
  // Cuts just after a round starts, so the round they fall in is the first one affected.
  const started = Math.ceil(Date.now() / R) * R + 200;
  const steps: { at: number; what: string }[] = [];
  let restored = started;
  try {
    for (const step of scenario.steps) {
      await sleepUntil(started + step.at * R);
      if (step.restore === true) await session.lab.restore();
      if (step.cut !== undefined) await session.lab.cut(step.cut);
      const what = [step.restore === true ? "restore" : "", step.cut ?? ""].filter(Boolean).join(" + ");
      steps.push({ at: Date.now(), what });
      restored = Date.now();
      log(`${scenario.name}: ${new Date().toISOString()} ${what}`);
    }
  } finally {
    // Whatever happened, the next scenario starts from an intact network.
    if (steps.at(-1)?.what !== "restore") await session.lab.restore();
  }
  await sleepUntil(started + scenario.rounds * R);
  const entities = labEntities(session);
  const settle = options.settleRounds ?? 8;
  let events: LabEvent[] = [];
  for (let i = 0; ; i++) {
    events = [];
    for (const entity of entities) {
      const answer = await session.observatory.events(entity, started - R, Date.now() + R);
      events.push(...answer.events);
    }
    const open = events.filter((e) => e.end === null);
    if (open.length === 0 || i >= settle) break;
    log(`${scenario.name}: waiting for ${open.length} event(s) to close (${open.map((e) => e.entity).join(", ")})`);
    await sleepUntil(Date.now() + R);
  }
  return { scenario: scenario.name, started, restored, ended: Date.now(), roundMs: R, steps, events };
}
