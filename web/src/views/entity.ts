/**
 * An entity's page: its verdict and events over a window the reader picks, each signal
 * against its baseline with the events shaded, the "who fell first" timeline of each
 * event, where each series comes from, and a PNG of each figure to share.
 */
import { chartLocale } from "../../../src/chart/chart-locale.ts";
import { figureWords } from "../../../src/chart/figure-words.ts";
import { wireReadouts } from "../chart-readout.ts";
import { chartData } from "../data.ts";
import { esc, fmtPercent, fmtTime, inputTime } from "../format.ts";
import { href } from "../route.ts";
import { errorHtml, figuresHtml, nameHtml, type ViewContext, zoneOf } from "./context.ts";

const HOUR = 3_600_000;

/** `from`/`until` of the URL (ISO 8601 or Unix seconds), ms. */
export function windowOf(ctx: ViewContext): { from?: number; until?: number } {
  const parse = (v: string | null): number | undefined => {
    if (v === null || v === "") return undefined;
    const t = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) || /^\d{4}-\d\d-\d\d$/.test(v) ? v : `${v}Z`);
    return Number.isNaN(t) ? undefined : t;
  };
  const from = parse(ctx.route.query.get("from"));
  const until = parse(ctx.route.query.get("until"));
  return { ...(from === undefined ? {} : { from }), ...(until === undefined ? {} : { until }) };
}

/** The window picker: presets ending at the window's end, and two UTC date-times. */
export function rangePicker(ctx: ViewContext, path: readonly string[], from: number, until: number): string {
  const preset = (key: "last24h" | "last7d" | "last30d", hours: number): string =>
    `<a class="button" href="${esc(href(path, { from: new Date(until - hours * HOUR).toISOString(), until: new Date(until).toISOString() }, ctx.route))}">${esc(ctx.s(key))}</a>`;
  return `<form class="range" data-path="${esc(path.join("/"))}"><fieldset><legend>${esc(ctx.s("range"))} (UTC)</legend>` +
    `${preset("last24h", 24)}${preset("last7d", 24 * 7)}${preset("last30d", 24 * 30)}` +
    `<label>${esc(ctx.s("from"))} <input type="datetime-local" name="from" value="${inputTime(from)}" required></label>` +
    `<label>${esc(ctx.s("until"))} <input type="datetime-local" name="until" value="${inputTime(until)}" required></label>` +
    `<button type="submit">${esc(ctx.s("apply"))}</button></fieldset></form>`;
}

/** Makes a range picker change the URL (and so the view). */
export function wireRangePicker(ctx: ViewContext): void {
  const form = ctx.el.querySelector<HTMLFormElement>("form.range");
  form?.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const iso = (name: string): string => `${String(data.get(name))}Z`;
    location.hash = href((form.dataset["path"] ?? "").split("/"), { from: new Date(iso("from")).toISOString(), until: new Date(iso("until")).toISOString() }, ctx.route);
  });
}

/** Renders the entity view of `entity`. */
export async function entityView(ctx: ViewContext, entity: string): Promise<void> {
  ctx.el.innerHTML = `<p class="loading">${esc(ctx.s("loading"))}</p>`;
  const w = windowOf(ctx);
  let data: Awaited<ReturnType<typeof chartData>>;
  try {
    data = await chartData(entity, w.from, w.until);
  } catch (e) {
    ctx.el.innerHTML = `<h1>${nameHtml(ctx, entity, null)}</h1>${errorHtml(ctx, e)}`;
    return;
  }
  if (!ctx.current()) return;
  const words = figureWords(ctx.lang);
  const zone = zoneOf(ctx, entity);
  const [from, until] = [Date.parse(data.from), Date.parse(data.until)];
  const events = data.events.map((e, i) => `<li data-start="${esc(e.start)}"><a href="${esc(href(["event", `v:${e.entity}@${e.start}`], {}, ctx.route))}">` +
    `<strong>${i + 1} · ${esc(words.kinds[e.kind])}</strong></a> ${esc(fmtTime(e.start, ctx.lang, zone))} – ${esc(e.end === null ? words.ongoing : fmtTime(e.end, ctx.lang, zone))} · ` +
    `${esc(ctx.s("depth"))} ${esc(fmtPercent(e.depth, ctx.lang))}</li>`);
  ctx.el.innerHTML = `
    <h1>${nameHtml(ctx, entity, data.name)} <small dir="ltr">${esc(entity)}</small></h1>
    <p class="verdict"><strong>${esc(ctx.s("verdict"))}:</strong> <span class="verdict-${esc(data.verdict)}">${esc(words.verdicts[data.verdict])}</span>${data.verdict === "outage" ? "" : ` · <span dir="ltr" class="summary">${esc(data.summary)}</span>`}</p>
    <p class="zone">${esc(ctx.s("zone", { zone }))}</p>
    ${rangePicker(ctx, ["entity", ...entity.split("/")], from, until)}
    <section><h2>${esc(ctx.s("events"))}</h2>${events.length === 0 ? `<p>${esc(ctx.s("noEvents"))}</p>` : `<ol class="events">${events.join("")}</ol>`}</section>
    <section><h2>${esc(ctx.s("signals"))}</h2>${figuresHtml(ctx, data)}</section>`;
  wireRangePicker(ctx);
  const locale = chartLocale(ctx.lang);
  wireReadouts(ctx.el, data, ctx.lang, zone, { baseline: locale.baseline, noData: locale.noData });
}
