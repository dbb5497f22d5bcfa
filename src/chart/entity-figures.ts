/**
 * The figures of one entity from its charts' data (model/entity-chart-data.ts): each
 * signal against its baseline and levels with the events shaded and labelled, and the
 * "who fell first" timeline of an event. The dashboard inlines these SVGs and
 * `/charts/….png` rasterises the same ones: one drawing for the page and the PNG.
 */
import type { EntityChartData } from "../model/entity-chart-data.ts";
import { chartLocale, type ChartLang } from "./chart-locale.ts";
import { entityName } from "./entity-name.ts";
import { dateRange, figureWords } from "./figure-words.ts";
import type { ChartTheme } from "./palette.ts";
import { renderSignalChart } from "./render-signal-chart.ts";
import { renderTimelineChart, type TimelineRow } from "./render-timeline-chart.ts";

/** How the figures are drawn. */
export interface FigureOptions {
  readonly lang?: ChartLang;
  readonly theme?: ChartTheme;
  /** IANA zone of the time axis; default UTC. */
  readonly timeZone?: string;
  readonly width?: number;
  readonly height?: number;
  readonly clock?: () => Date;
  readonly generator?: string;
  readonly idPrefix?: string;
  /** Name the baseline method in the footnote; default true. A narrow page shows it beside the chart instead. */
  readonly methodLine?: boolean;
}

/** The chart of `data`'s signal named `signal`; undefined when it has none of that name. */
export function signalFigure(data: EntityChartData, signal: string, options: FigureOptions = {}): string | undefined {
  const s = data.signals.find((x) => x.signal === signal);
  if (s === undefined) return undefined;
  const lang = options.lang ?? "en";
  const words = figureWords(lang);
  const [from, until] = [Date.parse(data.from), Date.parse(data.until)];
  const zone = options.timeZone ?? "UTC";
  const name = entityName(data.entity, data.name, lang);
  const verdict = data.events.length > 0 ? words.events(data.events.length) : words.verdicts[data.verdict];
  return renderSignalChart(
    {
      series: { entity: data.entity, signal: s.signal, start: Date.parse(s.start), stepMs: s.stepMs, values: s.values },
      ...(s.baseline === null ? {} : { baseline: s.baseline }),
      ...(s.warning === null ? {} : { warning: s.warning }),
      ...(s.critical === null ? {} : { critical: s.critical }),
      events: data.events.map((e, i) => ({
        start: Date.parse(e.start),
        end: e.end === null ? null : Date.parse(e.end),
        label: `${i + 1} · ${words.kinds[e.kind]}`,
      })),
    },
    {
      title: `${name}: ${s.signal}${lang === "fa" ? "،" : ","} ${dateRange(from, until, lang, zone)}`,
      subtitle: `${data.entity} · ${words.bins(s.stepMs / 60_000)} · ${verdict}`,
      yLabel: s.signal,
      from,
      until,
      lang,
      timeZone: zone,
      ...(options.theme === undefined ? {} : { theme: options.theme }),
      ...(s.sources.length === 0 ? { source: s.source.name } : { source: s.sources.join("; ") }),
      ...(s.method === null || options.methodLine === false ? {} : { method: s.method }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.generator === undefined ? {} : { generator: options.generator }),
      ...(options.width === undefined ? {} : { width: options.width }),
      ...(options.height === undefined ? {} : { height: options.height }),
      idPrefix: options.idPrefix ?? `chart-${s.signal}`,
    },
  );
}

/** The "who fell first" rows of `data`'s event number `index` (0-based). */
export function timelineRows(data: EntityChartData, index: number, lang: ChartLang = "en"): TimelineRow[] {
  const event = data.events[index];
  if (event === undefined) return [];
  const end = event.end === null ? null : Date.parse(event.end);
  // Regions and networks: counties only when the timeline has no region.
  const regions = event.timeline.some((t) => t.entity.startsWith("region/"));
  const entries = event.timeline.filter((t) => !(regions && t.entity.startsWith("county/")));
  // Within the entity its name is not repeated (Fars, not "Fars, Iran"), nor the signal when there is one.
  const oneSignal = new Set(entries.map((t) => t.signal)).size === 1;
  const country = entityName(`country/${data.entity.split("/")[1] ?? ""}`, null, lang);
  const suffix = [", ", "، "].map((sep) => `${sep}${country}`);
  return entries.map((t) => {
    const name = entityName(t.entity, data.names[t.entity] ?? null, lang);
    const own = suffix.find((x) => name.endsWith(x));
    return { t, name: own === undefined ? name : name.slice(0, -own.length) };
  }).map(({ t, name }) => ({
    label: oneSignal ? name : `${name} · ${t.signal}`,
    start: Date.parse(t.start),
    fell: Date.parse(t.fell),
    end,
    depth: t.depth,
  }));
}

/** The "who fell first" chart of event number `index`; undefined when it has no timeline. */
export function timelineFigure(data: EntityChartData, index: number, options: FigureOptions = {}): string | undefined {
  const rows = timelineRows(data, index, options.lang);
  if (rows.length === 0) return undefined;
  const lang = options.lang ?? "en";
  const words = figureWords(lang);
  const event = data.events[index];
  const sources = [...new Set(data.signals.map((s) => s.source.name))].join("; ");
  // One signal: the rows do not name it (timelineRows), the title does.
  const signals = [...new Set(event?.timeline.map((t) => t.signal) ?? [])];
  // The time of the falls, not the whole window: who fell first is a matter of minutes or hours.
  const first = Math.min(...rows.map((r) => r.start));
  const last = Math.max(...rows.map((r) => r.fell));
  const span = Math.max(2 * 3_600_000, last - first);
  return renderTimelineChart(rows, {
    from: Math.max(Date.parse(data.from), first - span * 0.25),
    until: Math.min(Date.parse(data.until), last + span * 0.75),
    title: `${words.whoFellFirst}: ${entityName(data.entity, data.name, lang)}${lang === "fa" ? "،" : ","} ${chartLocale(lang).digits(String(index + 1))} · ${event === undefined ? "" : words.kinds[event.kind]}${signals.length === 1 ? ` · ${signals[0] ?? ""}` : ""}`,
    lang,
    timeZone: options.timeZone ?? "UTC",
    words: { depth: words.depth, more: words.more },
    source: sources,
    ...(options.theme === undefined ? {} : { theme: options.theme }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.generator === undefined ? {} : { generator: options.generator }),
    ...(options.width === undefined ? {} : { width: options.width }),
    idPrefix: options.idPrefix ?? `timeline-${index}`,
  });
}
