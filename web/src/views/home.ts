/**
 * Home: every country coloured by its current state on the map and in a sortable list,
 * ongoing events first. "No data" is a state of its own, drawn and named as such,
 * never as normal.
 */
import { countryState, type StateEntry } from "../data.ts";
import { esc, fmtPercent, fmtTime } from "../format.ts";
import { renderMap } from "../map.ts";
import { href } from "../route.ts";
import { errorHtml, nameHtml, stateBadge, type ViewContext, zoneOf } from "./context.ts";
import { entityName } from "../../../src/chart/entity-name.ts";

const ORDER: Readonly<Record<string, number>> = { outage: 0, warning: 1, normal: 2, "no-data": 3 };

/** Renders the home view. */
export async function homeView(ctx: ViewContext): Promise<void> {
  ctx.el.innerHTML = `<p class="loading">${esc(ctx.s("loading"))}</p>`;
  let state: Awaited<ReturnType<typeof countryState>>;
  try {
    state = await countryState();
  } catch (e) {
    ctx.el.innerHTML = errorHtml(ctx, e);
    return;
  }
  if (!ctx.current()) return;
  const byCode = new Map(state.entities.map((e) => [e.id.replace(/^country\//, ""), e]));
  const word = (st: string): string => ctx.s(st === "outage" ? "stateOutage" : st === "warning" ? "stateWarning" : st === "normal" ? "stateNormal" : "stateNoData");
  const map = renderMap((code) => {
    if (code === null) return { cls: "state-unmeasured", title: ctx.s("stateUnmeasured"), href: null };
    const e = byCode.get(code);
    const name = entityName(`country/${code}`, e?.name ?? null, ctx.lang);
    return { cls: `state-${e?.state ?? "no-data"}`, title: `${name}: ${word(e?.state ?? "no-data")}`, href: e === undefined ? null : href(["entity", e.id], {}, ctx.route) };
  }, ctx.s("mapLabel"));
  const ongoing = state.entities.filter((e) => e.state === "outage" || e.state === "warning").sort((a, b) => (a.since ?? "").localeCompare(b.since ?? ""));
  const legend = ["outage", "warning", "normal", "no-data"].map((st) => `<li><span class="swatch state-${st}"></span>${esc(word(st))}</li>`).join("") +
    `<li><span class="swatch state-unmeasured"></span>${esc(ctx.s("stateUnmeasured"))}</li>`;
  ctx.el.innerHTML = `
    <h1>${esc(ctx.s("tagline"))}</h1>
    <p class="state-time">${esc(state.time === "" ? ctx.s("stateNone") : ctx.s("stateAt", { time: fmtTime(state.time, ctx.lang) }))}</p>
    <section class="ongoing"><h2>${esc(ctx.s("ongoingEvents"))}</h2>${ongoing.length === 0 ? `<p>${esc(ctx.s("noOngoing"))}</p>` : `<ul class="cards">${ongoing.map((e) => card(ctx, e)).join("")}</ul>`}</section>
    <figure class="map-box">${map}<figcaption><ul class="legend" aria-label="${esc(ctx.s("legend"))}">${legend}</ul><small class="credit">${esc(ctx.s("mapCredit"))}</small></figcaption></figure>
    <section><h2>${esc(ctx.s("countries"))}</h2>${table(ctx, state.entities)}</section>`;
}

function card(ctx: ViewContext, e: StateEntry): string {
  const link = e.eventId === null ? href(["entity", e.id], {}, ctx.route) : href(["event", e.eventId], {}, ctx.route);
  const ratio = e.value !== null && e.baseline !== null && e.baseline > 0 ? e.value / e.baseline : null;
  return `<li class="card state-${esc(e.state)}"><a href="${esc(link)}"><strong>${nameHtml(ctx, e.id, e.name)}</strong> ${stateBadge(ctx, e.state)}` +
    `<span>${esc(ctx.s("colSince"))} ${esc(fmtTime(e.since, ctx.lang, zoneOf(ctx, e.id)))}</span>` +
    (ratio === null ? "" : `<span>${esc(e.signal ?? "")}: ${esc(ctx.s("percentOf", { percent: fmtPercent(ratio, ctx.lang) }))}</span>`) + "</a></li>";
}

function table(ctx: ViewContext, entries: readonly StateEntry[]): string {
  const sort = ctx.route.query.get("sort") ?? "state";
  const label = (e: StateEntry): string => entityName(e.id, e.name, ctx.lang);
  const sorted = [...entries].sort((a, b) =>
    sort === "name" ? label(a).localeCompare(label(b), ctx.lang)
      : sort === "since" ? (b.since ?? "").localeCompare(a.since ?? "")
        : (ORDER[a.state] ?? 9) - (ORDER[b.state] ?? 9) || label(a).localeCompare(label(b), ctx.lang));
  const th = (key: "name" | "state" | "since", text: string): string =>
    `<th scope="col" aria-sort="${sort === key ? (key === "since" ? "descending" : "ascending") : "none"}"><a href="${esc(href(["home"], { sort: key }, ctx.route))}" title="${esc(ctx.s("sortBy", { column: text }))}">${esc(text)}</a></th>`;
  const rows = sorted.map((e) => {
    const ratio = e.value !== null && e.baseline !== null && e.baseline > 0 ? e.value / e.baseline : null;
    return `<tr class="state-${esc(e.state)}" data-entity="${esc(e.id)}"><td><a href="${esc(href(["entity", e.id], {}, ctx.route))}">${nameHtml(ctx, e.id, e.name)}</a></td>` +
      `<td>${stateBadge(ctx, e.state)}</td><td>${esc(fmtTime(e.since, ctx.lang, zoneOf(ctx, e.id)))}</td><td>${esc(e.signal ?? "–")}</td><td>${esc(fmtPercent(ratio, ctx.lang))}</td></tr>`;
  });
  return `<div class="table-wrap"><table class="countries"><thead><tr>${th("name", ctx.s("colCountry"))}${th("state", ctx.s("colState"))}${th("since", ctx.s("colSince"))}` +
    `<th scope="col">${esc(ctx.s("colSignal"))}</th><th scope="col">${esc(ctx.s("colValue"))}</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}
