/**
 * Outage events from signal series: baselines per (entity, signal), alert runs merged
 * across an entity's signals into events, each with depth, score, kind, phases,
 * timeline and explanation (docs/detection.md).
 */
import type { BaselineSeries, SignalConfig } from "../model/baseline.ts";
import type { OutageEvent, ShutdownKind, SignalDepth } from "../model/outage-event.ts";
import type { EntityId, SignalName, SignalSeries } from "../model/signal.ts";
import { seriesEnd } from "./bin-at.ts";
import { buildTimeline } from "./build-timeline.ts";
import { CLASSIFY_DEFAULTS, type ClassifyOptions } from "./classify-state.ts";
import { computeBaseline } from "./compute-baseline.ts";
import { describeMethod } from "./describe-method.ts";
import { countryEntityOf, entityKind, isWithin } from "./entity-scope.ts";
import { eventPhases } from "./event-phases.ts";
import { explainEvent } from "./explain-event.ts";
import { findEventWindows } from "./find-event-windows.ts";
import { findMobileFirst } from "./find-mobile-first.ts";
import { findRegional } from "./find-regional.ts";
import { isoTime } from "./format-numbers.ts";
import { markCurfews } from "./mark-curfews.ts";
import { signalDepth } from "./signal-depths.ts";

const HOUR = 3_600_000;

/** Options of `detectEvents`; every one has a documented default. */
export interface DetectOptions {
  /** Report events of these entities only; the others still feed timelines and kinds. Default: all. */
  readonly entities?: readonly EntityId[];
  /** Per-signal overrides of `SIGNAL_DEFAULTS`. */
  readonly signals?: Readonly<Record<SignalName, Partial<SignalConfig>>>;
  /** How long every signal must be normal again before an event closes. Default 2 h. */
  readonly recoveryMs?: number;
  /** Report only events in which some signal reached this level. Default `critical`. */
  readonly minSeverity?: "warning" | "critical";
  /** Shortest phase of an event. Default 1 h. */
  readonly minPhaseMs?: number;
  /** Thresholds of the kinds. Default: routes kept at ≥ 85 %, near zero at ≤ 20 %. */
  readonly classify?: Partial<ClassifyOptions>;
  /** ASNs of mobile networks (data/mobile-asns.json). Default: none, so no mobile-first. */
  readonly mobileAsns?: ReadonlySet<number>;
  /** Mobile networks must fall at least this much earlier than fixed ones. Default 1 h. */
  readonly mobileLeadMs?: number;
  /** Curfew: fewest consecutive days, and how far the start may move. Default 3 days, 1 h. */
  readonly curfewMinDays?: number;
  readonly curfewToleranceMs?: number;
  /** Report only events overlapping `[from, until)`, ms since the epoch. */
  readonly from?: number;
  readonly until?: number;
}

/** Baselines of every series, grouped by entity. */
function baselinesByEntity(
  seriesList: readonly SignalSeries[],
  options: DetectOptions,
): Map<EntityId, BaselineSeries[]> {
  const byEntity = new Map<EntityId, BaselineSeries[]>();
  for (const series of seriesList) {
    const overrides = options.signals?.[series.signal];
    const b = computeBaseline(series, overrides === undefined ? {} : { config: overrides });
    const list = byEntity.get(series.entity) ?? [];
    list.push(b);
    byEntity.set(series.entity, list);
  }
  return byEntity;
}

/** The product of the per-signal scores that are above zero (IODA's overall score). */
function eventScore(signals: readonly SignalDepth[]): number {
  const parts = signals.map((s) => s.score).filter((s) => s > 0);
  return parts.length === 0 ? 0 : parts.reduce((a, b) => a * b, 1);
}

/** Detects the outage events of every entity in `seriesList` (or of `options.entities`). */
export function detectEvents(seriesList: readonly SignalSeries[], options: DetectOptions = {}): OutageEvent[] {
  const byEntity = baselinesByEntity(seriesList, options);
  const classify = { ...CLASSIFY_DEFAULTS, ...options.classify };
  const targets = options.entities ?? [...byEntity.keys()];
  const events: OutageEvent[] = [];
  for (const entity of targets) {
    const own = byEntity.get(entity);
    if (own === undefined || own.length === 0) continue;
    const inner = [...byEntity].filter(([e]) => isWithin(e, entity)).flatMap(([, list]) => list);
    const country = countryEntityOf(entity);
    const last = Math.max(...own.map(seriesEnd));
    const windows = findEventWindows(own, {
      recoveryMs: options.recoveryMs ?? 2 * HOUR,
      minSeverity: options.minSeverity ?? "critical",
    });
    const entityEvents: OutageEvent[] = [];
    for (const w of windows) {
      const end = w.end ?? last;
      const signals = own.map((b) => signalDepth(b, w.start, end)).filter((d) => d !== undefined);
      const phases = eventPhases(own, w.start, end, { classify, minPhaseMs: options.minPhaseMs ?? HOUR });
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
                { mobileAsns: options.mobileAsns, leadMs: options.mobileLeadMs ?? HOUR },
              );
      if (across !== undefined) {
        evidence = `${across.evidence}; at the deepest point ${kind}: ${evidence}`;
        kind = across.kind;
      }
      const event = {
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
      };
      entityEvents.push({ ...event, explanation: "" });
    }
    const marked = markCurfews(entityEvents, {
      minDays: options.curfewMinDays ?? 3,
      toleranceMs: options.curfewToleranceMs ?? HOUR,
    });
    const methods = own.map((b) => describeMethod(b.signal, b.config));
    for (const event of marked) {
      const { explanation: _, ...rest } = event;
      events.push({ ...event, explanation: explainEvent(rest, { methods }) });
    }
  }
  return events
    .filter((e) => {
      const end = e.end === null ? Infinity : Date.parse(e.end);
      return end > (options.from ?? -Infinity) && Date.parse(e.start) < (options.until ?? Infinity);
    })
    .sort((a, b) => a.start.localeCompare(b.start) || a.entity.localeCompare(b.entity));
}
