/**
 * The kind of shutdown one moment of an event looks like, from the state of each of
 * the entity's signals at that moment (docs/detection.md, "Kinds").
 */
import type { SignalCategory, Verdict } from "../model/baseline.ts";
import type { ShutdownKind } from "../model/outage-event.ts";
import type { SignalName } from "../model/signal.ts";
import { percent } from "./format-numbers.ts";

/** One signal at one moment. */
export interface SignalState {
  readonly signal: SignalName;
  readonly category: SignalCategory;
  readonly verdict: Verdict;
  readonly ratio: number;
}

/** Thresholds of the classification. */
export interface ClassifyOptions {
  /** Routes count as kept while every routing signal is at least this share of baseline. */
  readonly routesKept: number;
  /** Reachability counts as near zero at or below this share of baseline. */
  readonly nearZero: number;
}

/** Default thresholds: BGP ≥ 85 % is "routes kept", ≤ 20 % of ordinary is "near zero". */
export const CLASSIFY_DEFAULTS: ClassifyOptions = { routesKept: 0.85, nearZero: 0.2 };

/** A kind with the evidence for it. */
export interface Classification {
  readonly kind: ShutdownKind;
  readonly evidence: string;
}

const list = (states: readonly SignalState[]): string =>
  states.map((s) => `${s.signal} ${percent(s.ratio)}`).join(", ");

/** What an inside probe's signals say at one moment, when it has any. */
interface InsideView {
  /** The domestic targets are reached as usual. */
  readonly domesticUp: boolean;
  /** The international targets are (nearly) all unreachable. */
  readonly internationalNearZero: boolean;
  /** Some international targets are reached, but fewer than usual. */
  readonly internationalSome: boolean;
  readonly text: string;
}

function insideView(states: readonly SignalState[], options: ClassifyOptions): InsideView | undefined {
  const domestic = states.find((s) => s.category === "inside" && s.signal === "inside-domestic");
  const international = states.find((s) => s.category === "inside" && s.signal === "inside-international");
  if (international === undefined) return undefined;
  return {
    domesticUp: domestic?.verdict === "normal",
    internationalNearZero: international.ratio <= options.nearZero,
    internationalSome: international.ratio > 0 && international.verdict !== "normal",
    text: `${domestic === undefined ? "" : `domestic targets at ${percent(domestic.ratio)}, `}international targets at ${percent(international.ratio)} of their ordinary reach`,
  };
}

/**
 * Classifies one moment. `states` holds only signals with a verdict; returns undefined
 * when none is in alert (the moment says nothing about a kind of shutdown).
 */
export function classifyState(
  states: readonly SignalState[],
  options: ClassifyOptions = CLASSIFY_DEFAULTS,
): Classification | undefined {
  if (!states.some((s) => s.verdict !== "normal")) return undefined;
  const routing = states.filter((s) => s.category === "routing");
  const reach = states.filter((s) => s.category === "reachability");
  const service = states.filter((s) => s.category === "service");
  const critical = states.filter((s) => s.verdict === "critical");

  if (critical.length === states.length) {
    const single =
      states.length === 1 ? " (one signal only: a data-plane cut cannot be told from a route withdrawal)" : "";
    return { kind: "total", evidence: `every signal is below its critical level: ${list(states)}${single}` };
  }
  const nearZero = reach.filter((s) => s.ratio <= options.nearZero);
  const back = service.filter((s) => s.verdict === "normal");
  if (back.length > 0 && reach.length > 0 && nearZero.length === reach.length) {
    return {
      kind: "whitelisting",
      evidence: `${list(back)} back to normal while general reachability stays near zero (${list(reach)})`,
    };
  }
  const routesDown = routing.filter((s) => s.verdict === "critical");
  const inside = insideView(states, options);
  if (routesDown.length > 0) {
    return { kind: "route-withdrawal", evidence: `routes withdrawn: ${list(routesDown)} of baseline${inside === undefined ? "" : `; from inside: ${inside.text}`}` };
  }
  const reachDown = reach.filter((s) => s.verdict === "critical");
  if (inside !== undefined && reachDown.length > 0) {
    // The view from inside tells a border cut from a national one (the seeds' NIN).
    if (inside.domesticUp && inside.internationalNearZero) {
      return { kind: "international-cut", evidence: `${list(reachDown)} of baseline from outside while inside the country ${inside.text}: the border is cut, the domestic network up` };
    }
    if (inside.internationalSome && nearZero.length === reach.length) {
      return { kind: "whitelisting", evidence: `${list(nearZero)} of baseline from outside while from inside ${inside.text}: a few services let through, the rest dropped` };
    }
  }
  if (routing.length > 0 && nearZero.length > 0) {
    if (routing.every((s) => s.ratio >= options.routesKept)) {
      return {
        kind: "data-plane-cut",
        evidence: `${list(nearZero)} of baseline while routes are kept (${list(routing)})${inside === undefined ? "" : `; from inside: ${inside.text}`}`,
      };
    }
  }
  if (routing.length > 0 && reachDown.length > 0 && routing.some((s) => s.ratio < options.routesKept)) {
    return {
      kind: "route-withdrawal",
      evidence: `routes partly withdrawn (${list(routing)}) and ${list(reachDown)} of baseline`,
    };
  }
  const alerts = states.filter((s) => s.verdict !== "normal");
  const normal = states.filter((s) => s.verdict === "normal");
  return {
    kind: "partial",
    evidence: `${list(alerts)} of baseline${normal.length > 0 ? `; ${list(normal)} normal` : ""}`,
  };
}
