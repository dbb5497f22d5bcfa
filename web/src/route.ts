/**
 * The view is the URL: `#/path/parts?query`. The path names the view (home, entity,
 * events, event, sources), the query holds its state (window, filters, sort) and the
 * reader's choices that change what is shown (lang, tz, theme), so a copied link opens
 * the same view.
 */
import type { ChartLang } from "../../src/chart/chart-locale.ts";
import type { ChartTheme } from "../../src/chart/palette.ts";

/** A parsed location. */
export interface Route {
  /** `["entity", "country", "IR"]` for `#/entity/country/IR`. */
  readonly path: readonly string[];
  readonly query: URLSearchParams;
}

/** The route of `hash` (`#/…?…`). */
export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#\/?/, "");
  const q = text.indexOf("?");
  const path = (q < 0 ? text : text.slice(0, q)).split("/").filter((p) => p !== "").map((p) => decodeURIComponent(p));
  return { path, query: new URLSearchParams(q < 0 ? "" : text.slice(q + 1)) };
}

/** Query keys carried from view to view. */
const KEPT = ["lang", "tz", "theme"] as const;

/** `#/…` of `path` with `query`, keeping the reader's choices of `current`. */
export function href(path: readonly string[], query: Readonly<Record<string, string | undefined>> = {}, current?: Route): string {
  const q = new URLSearchParams();
  for (const k of KEPT) {
    const v = current?.query.get(k);
    if (v !== null && v !== undefined && !(k in query)) q.set(k, v);
  }
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return `#/${path.map((p) => encodeURIComponent(p).replaceAll("%2F", "/")).join("/")}${s === "" ? "" : `?${s}`}`;
}

/** The reader's language: `lang=fa` in the URL, else English. */
export function langOf(route: Route): ChartLang {
  return route.query.get("lang") === "fa" ? "fa" : "en";
}

/** `tz=local` for the entity's zone, else UTC. */
export function localTime(route: Route): boolean {
  return route.query.get("tz") === "local";
}

const THEME_KEY = "nightlight-theme";

/** `theme=` in the URL, else the reader's last choice, else the system's (prefers-color-scheme). */
export function themeOf(route: Route): ChartTheme {
  const asked = route.query.get("theme") ?? localStorage.getItem(THEME_KEY);
  if (asked === "dark" || asked === "light") return asked;
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** Remembers the reader's theme. */
export function saveTheme(theme: ChartTheme): void {
  localStorage.setItem(THEME_KEY, theme);
}
