/**
 * The sources: what each is and how it computes its signals, and, where the server
 * reports them (the ingest loop's health registry, design note 0002), its state, last
 * success and error, next retry, backfill progress and bins behind. Refreshed every
 * 15 seconds while shown. Fields the server adds later are shown as they come.
 */
import { sources } from "../data.ts";
import { esc, fmtNumber, fmtTime } from "../format.ts";
import { errorHtml, type ViewContext } from "./context.ts";
import type { StringKey } from "../strings.ts";

const KNOWN: readonly [string, StringKey][] = [
  ["state", "health"], ["since", "colSince"], ["lastSuccess", "lastSuccess"], ["lastError", "lastError"], ["nextRetry", "nextRetry"], ["binsBehind", "binsBehind"],
];
const SHOWN = new Set(["id", "name", "kind", "digest", "parameters", "methods", "backfill", "progress", ...KNOWN.map(([k]) => k)]);

/** Renders the sources view, and again every 15 s while it is the view. */
export async function sourcesView(ctx: ViewContext): Promise<void> {
  if (ctx.el.querySelector(".sources") === null) ctx.el.innerHTML = `<p class="loading">${esc(ctx.s("loading"))}</p>`;
  try {
    const { sources: list } = await sources();
    if (!ctx.current()) return;
    const cards = list.map((src) => {
      const value = (k: string): string => {
        const v = src[k];
        if (v === null || v === undefined) return "–";
        if (typeof v === "string" && /^\d{4}-\d\d-\d\dT/.test(v)) return esc(fmtTime(v, ctx.lang));
        if (typeof v === "number" && /time|since|success|retry/i.test(k) && v > 1e11) return esc(fmtTime(v, ctx.lang));
        if (typeof v === "number") return esc(fmtNumber(v, ctx.lang));
        return `<span dir="ltr">${esc(typeof v === "string" ? v : JSON.stringify(v))}</span>`;
      };
      const progress = (src["backfill"] ?? src["progress"]) as { done?: number; total?: number } | undefined;
      const bar = progress !== undefined && typeof progress.done === "number" && typeof progress.total === "number" && progress.total > 0
        ? `<dt>${esc(ctx.s("backfill"))}</dt><dd><progress max="${progress.total}" value="${progress.done}"></progress> ${esc(fmtNumber(progress.done, ctx.lang))} / ${esc(fmtNumber(progress.total, ctx.lang))}</dd>` : "";
      const health = KNOWN.filter(([k]) => k in src).map(([k, label]) => `<dt>${esc(ctx.s(label))}</dt><dd class="${k === "state" ? `health-${esc(String(src[k]))}` : ""}">${value(k)}</dd>`).join("");
      const extra = Object.keys(src).filter((k) => !SHOWN.has(k)).map((k) => `<dt dir="ltr">${esc(k)}</dt><dd>${value(k)}</dd>`).join("");
      const methods = Array.isArray(src["methods"]) ? (src["methods"] as { signal: string; description: string }[]).map((m) => `<li><code>${esc(m.signal)}</code>: <span dir="ltr">${esc(m.description)}</span></li>`).join("") : "";
      return `<article class="source" data-name="${esc(String(src["name"] ?? ""))}"><h2 dir="ltr">${esc(String(src["name"] ?? src["id"] ?? "?"))}</h2><dl>` +
        `<dt>${esc(ctx.s("sourceKind"))}</dt><dd>${value("kind")}</dd><dt>${esc(ctx.s("digest"))}</dt><dd><code dir="ltr">${esc(String(src["digest"] ?? "–"))}</code></dd>${health}${bar}${extra}` +
        `<dt>${esc(ctx.s("parameters"))}</dt><dd>${value("parameters")}</dd></dl><h3>${esc(ctx.s("methods"))}</h3><ul>${methods}</ul></article>`;
    });
    ctx.el.innerHTML = `<h1>${esc(ctx.s("sourcesTitle"))}</h1><p class="refreshed">${esc(ctx.s("refreshed", { time: fmtTime(Date.now(), ctx.lang) }))}</p>` +
      `<div class="sources">${cards.join("") || `<p>${esc(ctx.s("sourcesNone"))}</p>`}</div>`;
  } catch (e) {
    ctx.el.innerHTML = errorHtml(ctx, e);
  }
  setTimeout(() => {
    if (ctx.current()) void sourcesView(ctx);
  }, 15_000);
}
