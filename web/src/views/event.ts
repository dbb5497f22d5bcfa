/**
 * One event: its kind, state, times, depth, score, explanation and evidence, phases,
 * history and annotations (from the event store), where each figure came from, the
 * chart of each signal around it and who fell first.
 */
import { entityName } from "../../../src/chart/entity-name.ts";
import { figureWords } from "../../../src/chart/figure-words.ts";
import { chartData, eventDetail } from "../data.ts";
import { esc, fmtNumber, fmtPercent, fmtTime } from "../format.ts";
import { href } from "../route.ts";
import { errorHtml, figuresHtml, nameHtml, type ViewContext, zoneOf } from "./context.ts";

const DAY = 86_400_000;

/** Renders the event view of `id`. */
export async function eventView(ctx: ViewContext, id: string): Promise<void> {
  ctx.el.innerHTML = `<p class="loading">${esc(ctx.s("loading"))}</p>`;
  const words = figureWords(ctx.lang);
  try {
    const e = await eventDetail(id);
    const start = Date.parse(e.start);
    const end = e.end === null ? start + 5 * DAY : Date.parse(e.end) + DAY;
    const data = await chartData(e.entity, start - 2 * DAY, Math.min(end, start - 2 * DAY + 100 * DAY));
    if (!ctx.current()) return;
    const zone = zoneOf(ctx, e.entity);
    const index = data.events.findIndex((x) => x.start === e.start);
    const row = (k: string, v: string): string => `<dt>${esc(k)}</dt><dd>${v}</dd>`;
    const list = <T>(key: "phases" | "history" | "annotations", items: readonly T[], f: (x: T) => string): string =>
      items.length === 0 ? "" : `<h3>${esc(ctx.s(key))}</h3><ul>${items.map((x) => `<li>${f(x)}</li>`).join("")}</ul>`;
    ctx.el.innerHTML = `
      <h1>${esc(ctx.s("eventTitle"))}: ${nameHtml(ctx, e.entity, e.entityName)} · ${esc(words.kinds[e.kind])}</h1>
      <p><a href="${esc(href(["entity", ...e.entity.split("/")], {}, ctx.route))}"><bdi dir="auto">${esc(ctx.s("openEntity", { name: entityName(e.entity, e.entityName, ctx.lang) }))}</bdi></a></p>
      <dl class="facts">
        ${row(ctx.s("state"), `<span class="badge event-${esc(e.state)}">${esc(e.end === null ? words.ongoing : e.state)}</span>`)}
        ${row(ctx.s("colStart"), esc(fmtTime(e.start, ctx.lang, zone)))}
        ${row(ctx.s("colEnd"), esc(e.end === null ? words.ongoing : fmtTime(e.end, ctx.lang, zone)))}
        ${row(ctx.s("depth"), esc(fmtPercent(e.depth, ctx.lang)))}
        ${row(ctx.s("score"), esc(fmtNumber(e.score, ctx.lang)))}
        ${row(ctx.s("signals"), e.signals.map((s) => `${esc(s.signal)} ${esc(fmtPercent(s.depth, ctx.lang))}`).join(", "))}
      </dl>
      <h3>${esc(ctx.s("explanation"))}</h3><p dir="ltr" class="explanation">${esc(e.explanation)}</p>
      <h3>${esc(ctx.s("evidence"))}</h3><p dir="ltr" class="evidence">${esc(e.evidence)}</p>
      ${list("phases", e.phases, (p) => `${esc(fmtTime(p.start, ctx.lang, zone))}: ${esc(words.kinds[p.kind])} <span dir="ltr">(${esc(p.evidence)})</span>`)}
      ${list("history", e.history, (h) => `${esc(fmtTime(h.time, ctx.lang, zone))}: ${esc(h.state)} ${esc(fmtPercent(h.depth, ctx.lang))}`)}
      ${list("annotations", e.annotations, (a) => `${esc(fmtTime(a.time, ctx.lang, zone))} <bdi>${esc(a.author)}</bdi>: <bdi dir="auto">${esc(a.text)}</bdi>`)}
      <section><h2>${esc(ctx.s("signals"))}</h2>${figuresHtml(ctx, data, index < 0 ? {} : { eventIndex: index })}</section>`;
  } catch (err) {
    ctx.el.innerHTML = errorHtml(ctx, err);
  }
}
