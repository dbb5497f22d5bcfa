/**
 * The outage events of one entity from the baselines of every series: alert runs of
 * its own signals merged into events, each with depth, score, kind, phases, timeline
 * and explanation (docs/detection.md, "Events" and "Kinds").
 */
import type { BaselineSeries } from "../model/baseline.ts";
import type { OutageEvent, ShutdownKind, SignalDepth } from "../model/outage-event.ts";
import type { EntityId } from "../model/signal.ts";
import { seriesEnd } from "./bin-at.ts";
import { buildTimeline } from "./build-timeline.ts";
import { CLASSIFY_DEFAULTS } from "./classify-state.ts";
import { describeMethod } from "./describe-method.ts";
import { DETECT_DEFAULTS, type DetectOptions } from "./detect-options.ts";
import { countryEntityOf, entityKind, isWithin } from "./entity-scope.ts";
import { eventPhases } from "./event-phases.ts";
import { explainEvent } from "./explain-event.ts";
import { findEventWindows } from "./find-event-windows.ts";
import { findMobileFirst } from "./find-mobile-first.ts";
import { findRegional } from "./find-regional.ts";
import { isoTime } from "./format-numbers.ts";
import { markCurfews } from "./mark-curfews.ts";
import { signalDepth } from "./signal-depths.ts";

/** The product of the per-signal scores that are above zero (IODA's overall score). */
function eventScore(signals: readonly SignalDepth[]): number {
  const parts = signals.map((s) => s.score).filter((s) => s > 0);
  return parts.length === 0 ? 0 : parts.reduce((a, b) => a * b, 1);
}

/**
 * Events of `entity` overlapping `[options.from, options.until)`, in time order. The
 * other entities of `byEntity` feed its timeline and its kind (regional, mobile-first).
 */
export function entityEvents(entity: EntityId, byEntity: ReadonlyMap<EntityId, readonly BaselineSeries[]>, options: DetectOptions = {}): OutageEvent[] {
  const own = byEntity.get(entity);
  if (own === undefined || own.length === 0) return [];
  const classify = { ...CLASSIFY_DEFAULTS, ...options.classify };
  const inner = [...byEntity].filter(([e]) => isWithin(e, entity)).flatMap(([, list]) => list);
  const country = countryEntityOf(entity);
  const last = Math.max(...own.map(seriesEnd));
  const windows = findEventWindows(own, {
    recoveryMs: options.recoveryMs ?? DETECT_DEFAULTS.recoveryMs,
    minSeverity: options.minSeverity ?? DETECT_DEFAULTS.minSeverity,
  });
  const found: OutageEvent[] = [];
  for (const w of windows) {
    const end = w.end ?? last;
    const signals = own.map((b) => signalDepth(b, w.start, end)).filter((d) => d !== undefined);
    const phases = eventPhases(own, w.start, end, { classify, minPhaseMs: options.minPhaseMs ?? DETECT_DEFAULTS.minPhaseMs });
    const timeline = buildTimeline(inner, w.start, end);
    // The kind at the deepest moment of the deepest signal, unless a kind seen across
    // entities (regional, mobile-first) says more.
    const deepest = [...signals].sort((a, b) => a.depth - b.depth)[0];
    const at = deepest?.at ?? isoTime(w.start);
    const phase = [...phases].reverse().find((p) => p.start <= at) ?? phases[0];
    let kind: ShutdownKind = phase?.kind ?? "unknown";
    let evidence = phase?.evidence ?? "no signal had a verdict during the event";
    const across =
      (entityKind(entity) === "region" || entityKind(entity) === "county") && country !== undefined
        ? findRegional(entity, byEntity.get(country) ?? [], w.start, end)
        : options.mobileAsns === undefined
          ? undefined
          : findMobileFirst(
              timeline,
              inner.map((b) => b.entity),
              { mobileAsns: options.mobileAsns, leadMs: options.mobileLeadMs ?? DETECT_DEFAULTS.mobileLeadMs },
            );
    if (across !== undefined) {
      evidence = `${across.evidence}; at the deepest point ${kind}: ${evidence}`;
      kind = across.kind;
    }
    found.push({
      entity,
      start: isoTime(w.start),
      end: w.end === undefined ? null : isoTime(w.end),
      kind,
      evidence,
      depth: Math.min(1, ...signals.map((s) => s.depth)),
      score: eventScore(signals),
      signals,
      phases,
      timeline,
      explanation: "",
    });
  }
  const marked = markCurfews(found, {
    minDays: options.curfewMinDays ?? DETECT_DEFAULTS.curfewMinDays,
    toleranceMs: options.curfewToleranceMs ?? DETECT_DEFAULTS.curfewToleranceMs,
    periodMs: options.curfewPeriodMs ?? DETECT_DEFAULTS.curfewPeriodMs,
  });
  const methods = own.map((b) => describeMethod(b.signal, b.config));
  return marked
    .map((event) => {
      const { explanation: _, ...rest } = event;
      return { ...event, explanation: explainEvent(rest, { methods }) };
    })
    .filter((e) => {
      const end = e.end === null ? Infinity : Date.parse(e.end);
      return end > (options.from ?? -Infinity) && Date.parse(e.start) < (options.until ?? Infinity);
    });
}
