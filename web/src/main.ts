/**
 * The dashboard: reads the view from the URL's fragment, draws it, and draws it again
 * when the URL, the theme or the system's colour scheme changes. Vanilla TypeScript:
 * the charts are SVG strings from src/chart and the pages are a few tables and forms,
 * so a framework would add weight and nothing the pages need.
 */
import "./style.css";
import { nightlightVersion } from "./nightlight-version.ts";
import { href, langOf, localTime, parseRoute, saveTheme, themeOf } from "./route.ts";
import { t } from "./strings.ts";
import { viewContext } from "./views/context.ts";
import { entityView } from "./views/entity.ts";
import { eventView } from "./views/event.ts";
import { eventsView } from "./views/events.ts";
import { homeView } from "./views/home.ts";
import { sourcesView } from "./views/sources.ts";
import { esc } from "./format.ts";

let generation = 0;

function chrome(): void {
  const route = parseRoute(location.hash);
  const lang = langOf(route);
  const theme = themeOf(route);
  const local = localTime(route);
  const root = document.documentElement;
  root.lang = lang;
  root.dir = lang === "fa" ? "rtl" : "ltr";
  root.dataset["theme"] = theme;
  document.title = t(lang, "title");
  const nav = document.getElementById("nav");
  const view = route.path[0] ?? "home";
  const link = (path: string, key: "navHome" | "navEvents" | "navSources"): string =>
    `<a href="${esc(href([path], {}, route))}"${view === path ? ` aria-current="page"` : ""}>${esc(t(lang, key))}</a>`;
  if (nav !== null) nav.innerHTML = link("home", "navHome") + link("events", "navEvents") + link("sources", "navSources");
  const brand = document.querySelector<HTMLAnchorElement>(".brand");
  if (brand !== null) {
    brand.textContent = t(lang, "title");
    brand.href = href(["home"], {}, route);
  }
  const here = (query: Record<string, string | undefined>): string => href(route.path, { ...Object.fromEntries(route.query), ...query }, route);
  const controls = document.getElementById("controls");
  if (controls !== null) {
    controls.innerHTML =
      `<a class="button" id="lang" hreflang="${lang === "fa" ? "en" : "fa"}" lang="${lang === "fa" ? "en" : "fa"}" href="${esc(here({ lang: lang === "fa" ? undefined : "fa" }))}" title="${esc(t(lang, "languageLabel"))}">${esc(t(lang, "language"))}</a>` +
      `<a class="button" id="tz" href="${esc(here({ tz: local ? undefined : "local" }))}" title="${esc(t(lang, "timeLabel"))}">${esc(t(lang, local ? "timeUtc" : "timeLocal"))}</a>` +
      `<button type="button" id="theme" title="${esc(t(lang, "themeLabel"))}" aria-pressed="${theme === "dark"}">${esc(t(lang, theme === "dark" ? "themeLight" : "themeDark"))}</button>`;
    document.getElementById("theme")?.addEventListener("click", () => {
      saveTheme(theme === "dark" ? "light" : "dark");
      // A theme in the URL would override the choice: drop it.
      if (route.query.has("theme")) location.hash = here({ theme: undefined });
      else render();
    });
  }
  const foot = document.getElementById("foot");
  if (foot !== null) foot.textContent = t(lang, "madeBy", { version: nightlightVersion() });
}

/** Draws the view of the current URL. */
function render(): void {
  chrome();
  const route = parseRoute(location.hash);
  const el = document.getElementById("view");
  if (el === null) return;
  const mine = ++generation;
  const ctx = viewContext(route, el, langOf(route), themeOf(route), localTime(route), () => mine === generation);
  const [view = "home", ...rest] = route.path;
  const done = view === "entity" ? entityView(ctx, rest.join("/"))
    : view === "event" ? eventView(ctx, rest.join("/"))
      : view === "events" ? eventsView(ctx)
        : view === "sources" ? sourcesView(ctx)
          : homeView(ctx);
  void done.then(() => {
    if (mine === generation) document.body.dataset["ready"] = String(mine);
  });
}

window.addEventListener("hashchange", render);
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", render);
let resized: ReturnType<typeof setTimeout> | undefined;
window.addEventListener("resize", () => {
  clearTimeout(resized);
  resized = setTimeout(render, 300);
});
render();
