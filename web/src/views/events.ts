/**
 * The events list, filtered by kind, country, window and ongoing, the filters in the
 * URL; ongoing events first.
 */
import { figureWords } from "../../../src/chart/figure-words.ts";
import type { ShutdownKind } from "../../../src/model/outage-event.ts";
import { entities, eventList } from "../data.ts";
import { esc, fmtNumber, fmtPercent, fmtTime, num } from "../format.ts";
import { href } from "../route.ts";
import { errorHtml, nameHtml, type ViewContext, zoneOf } from "./context.ts";
import { windowOf } from "./entity.ts";

const DAY = 86_400_000;
const KINDS: readonly ShutdownKind[] = ["total", "data-plane-cut", "route-withdrawal", "mobile-first", "regional", "international-cut", "whitelisting", "curfew", "partial", "unknown"];

/** Renders the events view. */
export async function eventsView(ctx: ViewContext): Promise<void> {
  ctx.el.innerHTML = `<p class="loading">${esc(ctx.s("loading"))}</p>`;
  const q = ctx.route.query;
  const words = figureWords(ctx.lang);
  try {
    const w = windowOf(ctx);
    // Without a window: the 30 days up to the newest data the store holds (not the clock: a store may hold 2019).
    const until = w.until ?? Math.max(0, ...(await entities({ kind: "country" })).flatMap((e) => e.signals.map((s) => Date.parse(s.last) + s.stepMs)));
    const from = w.from ?? until - 30 * DAY;
    const country = (q.get("country") ?? "").toUpperCase();
    const kind = q.get("kind") ?? "";
    const ongoing = q.get("ongoing") === "1";
    const list = await eventList({ from, until, ongoing, ...(kind === "" ? {} : { kind }), ...(/^[A-Z]{2}$/.test(country) ? { entity: `country/${country}` } : {}) });
    if (!ctx.current()) return;
    const rows = list.events.map((e) => `<tr data-id="${esc(e.id)}" class="${e.end === null ? "ongoing" : ""}"><td><a href="${esc(href(["event", e.id], {}, ctx.route))}">${nameHtml(ctx, e.entity, e.entityName)}</a></td>` +
      `<td>${esc(words.kinds[e.kind])}</td><td>${esc(fmtTime(e.start, ctx.lang, zoneOf(ctx, e.entity)))}</td><td>${esc(e.end === null ? words.ongoing : fmtTime(e.end, ctx.lang, zoneOf(ctx, e.entity)))}</td>` +
      `<td>${esc(fmtPercent(e.depth, ctx.lang))}</td><td>${esc(fmtNumber(e.score, ctx.lang))}</td></tr>`);
    const option = (k: string, text: string): string => `<option value="${esc(k)}"${k === kind ? " selected" : ""}>${esc(text)}</option>`;
    ctx.el.innerHTML = `
      <h1>${esc(ctx.s("navEvents"))}</h1>
      <form class="filters"><fieldset><legend>${esc(ctx.s("filters"))}</legend>
        <label>${esc(ctx.s("kind"))} <select name="kind">${option("", ctx.s("anyKind"))}${KINDS.map((k) => option(k, words.kinds[k])).join("")}</select></label>
        <label>${esc(ctx.s("country"))} <input name="country" value="${esc(country)}" size="3" maxlength="2" pattern="[A-Za-z]{2}"></label>
        <label>${esc(ctx.s("from"))} <input type="date" name="from" value="${new Date(from).toISOString().slice(0, 10)}"></label>
        <label>${esc(ctx.s("until"))} <input type="date" name="until" value="${new Date(until - 1).toISOString().slice(0, 10)}"></label>
        <label><input type="checkbox" name="ongoing" value="1"${ongoing ? " checked" : ""}> ${esc(ctx.s("ongoingOnly"))}</label>
        <button type="submit">${esc(ctx.s("apply"))}</button></fieldset></form>
      <p class="count">${esc(list.events.length === 1 ? ctx.s("eventsOne") : ctx.s("eventsCount", { n: num(String(list.events.length), ctx.lang) }))} · ${esc(fmtTime(list.from, ctx.lang))} – ${esc(fmtTime(list.until, ctx.lang))}</p>
      ${list.derived === true ? `<p class="note">${esc(ctx.s("eventsFallback"))}</p>` : ""}
      <div class="table-wrap"><table class="events"><thead><tr><th>${esc(ctx.s("colEntity"))}</th><th>${esc(ctx.s("colKind"))}</th><th>${esc(ctx.s("colStart"))}</th><th>${esc(ctx.s("colEnd"))}</th><th>${esc(ctx.s("colDepth"))}</th><th>${esc(ctx.s("colScore"))}</th></tr></thead>
      <tbody>${rows.join("") || `<tr><td colspan="6">${esc(ctx.s("noEvents"))}</td></tr>`}</tbody></table></div>`;
    const form = ctx.el.querySelector<HTMLFormElement>("form.filters");
    form?.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const d = new FormData(form);
      const day = (name: string, add: number): string | undefined => {
        const v = String(d.get(name) ?? "");
        return v === "" ? undefined : new Date(Date.parse(`${v}T00:00:00Z`) + add).toISOString();
      };
      location.hash = href(["events"], {
        kind: String(d.get("kind") ?? ""), country: String(d.get("country") ?? "").toUpperCase(),
        from: day("from", 0), until: day("until", DAY), ongoing: d.get("ongoing") === "1" ? "1" : undefined,
      }, ctx.route);
    });
  } catch (e) {
    ctx.el.innerHTML = errorHtml(ctx, e);
  }
}
