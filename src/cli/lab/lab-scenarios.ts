/**
 * The shutdown lab's scenarios: what is cut at the border and when (in rounds from the
 * scenario's start), and what Nightlight should conclude (the entity of the event, its
 * kind, its phases). `nightlight lab list` prints them; the lab tests check Nightlight's
 * own output against the expectations, never the lab's state.
 */
import type { ShutdownKind } from "../../model/outage-event.ts";
import type { LabCut } from "./lab-network.ts";

/** One change at the border. */
export interface LabStep {
  /** Rounds after the scenario's start. */
  readonly at: number;
  /** Undo every cut first. */
  readonly restore?: boolean;
  /** Then apply this cut. */
  readonly cut?: LabCut;
}

/** What Nightlight should report. */
export interface LabExpectation {
  /** The entity of the event: `country`, the regional network's region, or none. */
  readonly scope: "country" | "region" | "none";
  /** The event's kind (any of these). */
  readonly kinds: readonly ShutdownKind[];
  /** The kinds of its phases in order, when the scenario changes kind on the way. */
  readonly phases?: readonly ShutdownKind[];
  /** How many such events (a curfew makes one a day). Default 1. */
  readonly count?: number;
  /** Whether an event may also be absent (a mild scenario Nightlight may not call an outage). */
  readonly optional?: boolean;
}

/** A scenario. */
export interface LabScenario {
  readonly name: string;
  readonly summary: string;
  readonly steps: readonly LabStep[];
  /** Rounds the scenario lasts, recovery included. */
  readonly rounds: number;
  readonly expect: LabExpectation;
  /** Curfew: the length of the lab's "day", in rounds. */
  readonly dayRounds?: number;
}

const HOLD = 4;
const RECOVER = 8;

const simple = (name: string, summary: string, cut: LabCut, expect: LabExpectation): LabScenario => ({
  name, summary, steps: [{ at: 0, cut }, { at: HOLD, restore: true }], rounds: HOLD + RECOVER, expect,
});

/** The lab's day for the curfew: long enough for a cut, the event's close and a quiet spell. */
export const CURFEW_DAY_ROUNDS = 9;

/** Every scenario, in the order `lab list` shows them. */
export const LAB_SCENARIOS: readonly LabScenario[] = [
  simple("route-withdrawal", "the gateway withdraws every route of the country from the world (Egypt 2011)", "withdraw-routes", { scope: "country", kinds: ["route-withdrawal"] }),
  simple("data-plane-cut", "the gateway forwards nothing while every route stays announced (Iran 2019, 2026)", "drop-all", { scope: "country", kinds: ["data-plane-cut"] }),
  simple("mobile-only", "the two mobile operators are cut at the gateway; fixed lines stay up", "drop-mobile", { scope: "country", kinds: ["mobile-first"] }),
  simple("one-region", "the regional network (region XL-02) is cut; the rest of the country stays up", "drop-region", { scope: "region", kinds: ["regional"] }),
  simple("international-cut", "nothing crosses the border; the country's networks still reach each other (a national network up inside)", "drop-international", { scope: "country", kinds: ["international-cut"] }),
  simple("whitelisting", "everything is dropped at the border but a few services (one foreign site, foreign DNS, one domestic service)", "whitelist", { scope: "country", kinds: ["whitelisting"] }),
  simple("throttling", "heavy loss at the border (netem where the kernel has it, else nftables and a token bucket): slow, not cut", "throttle", { scope: "country", kinds: ["partial"], optional: true }),
  {
    name: "curfew",
    summary: `the mobile operators are cut at the same time of the lab's day (${CURFEW_DAY_ROUNDS} rounds) on three days (Iran's mobile curfews, 2022)`,
    steps: [0, 1, 2].flatMap((d) => [{ at: d * CURFEW_DAY_ROUNDS, cut: "drop-mobile" as const }, { at: d * CURFEW_DAY_ROUNDS + 3, restore: true }]),
    rounds: 3 * CURFEW_DAY_ROUNDS + 2,
    dayRounds: CURFEW_DAY_ROUNDS,
    expect: { scope: "country", kinds: ["curfew"], count: 3 },
  },
  {
    name: "restoration",
    summary: "a total data-plane cut, then the domestic network restored (border still cut), then a few services let through, then everything back",
    steps: [{ at: 0, cut: "drop-all" }, { at: HOLD, restore: true, cut: "drop-international" }, { at: 2 * HOLD, restore: true, cut: "whitelist" }, { at: 3 * HOLD, restore: true }],
    rounds: 3 * HOLD + RECOVER,
    expect: { scope: "country", kinds: ["data-plane-cut", "international-cut", "whitelisting"], phases: ["data-plane-cut", "international-cut", "whitelisting"] },
  },
  simple("vantage-cut", "Nightlight's own vantage point loses its connectivity: its rounds are marked, no outage is reported", "cut-vantage", { scope: "none", kinds: [] }),
];

/** The scenario named `name`, or undefined. */
export function labScenario(name: string): LabScenario | undefined {
  return LAB_SCENARIOS.find((s) => s.name === name);
}
