/**
 * What every view is given, and the pieces several views draw: an entity's figures with
 * their provenance and share links, state badges, errors.
 */
import { entityTimeZone } from "../../../src/chart/country-time-zone.ts";
import type { ChartLang } from "../../../src/chart/chart-locale.ts";
import { signalFigure, timelineFigure } from "../../../src/chart/entity-figures.ts";
import { entityName } from "../../../src/chart/entity-name.ts";
import { figureWords } from "../../../src/chart/figure-words.ts";
import type { ChartTheme } from "../../../src/chart/palette.ts";
import type { EntityChartData, EntityChartSignal } from "../../../src/model/entity-chart-data.ts";
import { esc, fmtNumber, num } from "../format.ts";
import type { Route } from "../route.ts";
import { t, type StringKey } from "../strings.ts";

/** A view's surroundings. */
export interface ViewContext {
  readonly route: Route;
  readonly lang: ChartLang;
  readonly theme: ChartTheme;
  /** True: times on the entity's own clock. */
  readonly local: boolean;
  readonly el: HTMLElement;
  /** The interface string `key` in the reader's language. */
  readonly s: (key: StringKey, values?: Readonly<Record<string, string | number>>) => string;
  /** Still the view on screen (the reader may have moved on while data loaded). */
  readonly current: () => boolean;
}

/** The context of `route` in `el`. */
export function viewContext(route: Route, el: HTMLElement, lang: ChartLang, theme: ChartTheme, local: boolean, current: () => boolean): ViewContext {
  return { route, lang, theme, local, el, current, s: (key, values) => t(lang, key, values) };
}

/** The zone times of `entity` are shown on: its country's when local time is asked, else UTC. */
export function zoneOf(ctx: ViewContext, entity: string): string {
  return ctx.local ? (entityTimeZone(entity) ?? "UTC") : "UTC";
}

/** IODA's type and code of an entity id, for `/charts/{type}/{code}.png`. */
export function chartPath(entity: string): string {
  const [kind = "", ...code] = entity.split("/");
  if (kind === "country-asn") return `geoasn/${code[1] ?? ""}-${code[0] ?? ""}`;
  return `${kind}/${code.map(encodeURIComponent).join("/")}`;
}

/** The PNG link of one figure, with the page's choices. */
export function pngHref(ctx: ViewContext, data: EntityChartData, extra: Readonly<Record<string, string>>): string {
  const q = new URLSearchParams({ from: data.from, until: data.until, theme: ctx.theme, lang: ctx.lang, tz: ctx.local ? "local" : "utc", ...extra });
  return `/charts/${chartPath(data.entity)}.png?${q.toString()}`;
}

/** Chart pixels for the room `el` has: the drawing's text stays legible on a phone. */
export function chartSize(el: HTMLElement): { width: number; height: number } {
  const width = Math.round(Math.min(1200, Math.max(400, el.clientWidth || 1200)));
  // A narrow chart is taller: its title, legend and footnote wrap onto more lines.
  return { width, height: width < 700 ? Math.round(width * 1.6) : Math.max(320, Math.round(width * 0.5)) };
}

/** A badge of a state (`outage`, `warning`, `normal`, `no-data`). */
export function stateBadge(ctx: ViewContext, state: string): string {
  const key: StringKey = state === "outage" ? "stateOutage" : state === "warning" ? "stateWarning" : state === "normal" ? "stateNormal" : "stateNoData";
  return `<span class="badge state-${esc(state)}">${esc(ctx.s(key))}</span>`;
}

/** The name of `entity` in the reader's language, isolated so that a right-to-left name stays whole. */
export function nameHtml(ctx: ViewContext, entity: string, stored: string | null): string {
  return `<bdi dir="auto">${esc(entityName(entity, stored, ctx.lang))}</bdi>`;
}

/** An error in words. */
export function errorHtml(ctx: ViewContext, error: unknown): string {
  return `<p class="error" role="alert">${esc(ctx.s("error", { message: error instanceof Error ? error.message : String(error) }))}</p>`;
}

function provenance(ctx: ViewContext, s: EntityChartSignal): string {
  const bins = s.bins;
  const rows: [string, string][] = [
    [ctx.s("source"), `<code dir="ltr">${esc(s.source.name)}</code> (${esc(s.source.kind)})`],
    [ctx.s("digest"), `<code dir="ltr">${esc(s.source.digest)}</code>`],
    [ctx.s("method"), s.sources.map((x) => `<span dir="ltr">${esc(x)}</span>`).join("<br>")],
    [ctx.s("baselineMethod"), s.method === null ? "–" : `<span dir="ltr">${esc(s.method)}</span>`],
    [ctx.s("bins"), esc(num(figureWords(ctx.lang).bins(s.stepMs / 60_000), ctx.lang))],
  ];
  if (bins !== null) {
    rows.push([ctx.s("bins"), esc(ctx.s("binsLine", {
      bins: fmtNumber(bins.bins, ctx.lang), collectors: bins.collectors.join(", ") || "–",
      v4: bins.fullFeedPeers === null ? "–" : num(bins.fullFeedPeers.v4.join("–"), ctx.lang),
      v6: bins.fullFeedPeers === null ? "–" : num(bins.fullFeedPeers.v6.join("–"), ctx.lang),
      files: fmtNumber(bins.files, ctx.lang),
    }))]);
    rows.push([ctx.s("problems"), bins.problems.length === 0 ? esc(ctx.s("noProblems")) : bins.problems.map((p) => `<span dir="ltr">${esc(p.message)} (${p.bins})</span>`).join("<br>")]);
  }
  return `<details class="provenance"><summary>${esc(ctx.s("provenance"))}</summary><dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join("")}</dl></details>`;
}

/** Each signal's figure with its provenance and share link, then each event's timeline. */
export function figuresHtml(ctx: ViewContext, data: EntityChartData, options: { eventIndex?: number } = {}): string {
  const size = chartSize(ctx.el);
  const zone = zoneOf(ctx, data.entity);
  // On a phone the method stays in the provenance below the chart, so that the plot keeps its room.
  const look = { lang: ctx.lang, theme: ctx.theme, timeZone: zone, ...size, methodLine: size.width >= 700 };
  const parts = data.signals.map((s) => {
    const svg = signalFigure(data, s.signal, { ...look, idPrefix: `fig-${s.signal}` }) ?? "";
    return `<section class="figure" data-signal="${esc(s.signal)}"><div class="chart">${svg}</div>` +
      `<p class="actions"><a class="button" download href="${esc(pngHref(ctx, data, { signal: s.signal, width: String(1200), height: String(600) }))}">${esc(ctx.s("share"))}</a></p>${provenance(ctx, s)}</section>`;
  });
  const indices = options.eventIndex === undefined ? data.events.map((_, i) => i) : [options.eventIndex];
  for (const i of indices) {
    const svg = timelineFigure(data, i, { ...look, idPrefix: `tl-${i}` });
    const body = svg === undefined
      ? `<p>${esc(ctx.s("noTimeline"))}</p>`
      : `<div class="chart">${svg}</div><p class="actions"><a class="button" download href="${esc(pngHref(ctx, data, { chart: "timeline", event: String(i + 1) }))}">${esc(ctx.s("shareTimeline"))}</a></p>`;
    parts.push(`<section class="figure timeline"><h3>${esc(ctx.s("whoFellFirst"))}</h3>${body}</section>`);
  }
  return parts.join("");
}
