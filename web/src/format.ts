/**
 * Writing values into the page: HTML escaping, and times and numbers in the reader's
 * language on UTC or a zone's wall clock (Gregorian in Persian too, as the charts, with
 * Persian digits).
 */
import type { ChartLang } from "../../src/chart/chart-locale.ts";
import { offsetLabel } from "../../src/chart/zone-offset.ts";

/** Escapes text for HTML content and attribute values. */
export function esc(text: unknown): string {
  return String(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** `16 Nov 2019, 17:30 UTC` (or in Persian), on `zone`'s clock with its offset named. */
export function fmtTime(time: string | number | null, lang: ChartLang, zone = "UTC"): string {
  if (time === null) return "–";
  const t = typeof time === "number" ? time : Date.parse(time);
  const key = `${lang}|${zone}`;
  let f = formats.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(lang === "fa" ? "fa-IR-u-ca-gregory" : "en-GB", { timeZone: zone, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formats.set(key, f);
  }
  return `${f.format(t)} ${num(offsetLabel(t, zone), lang)}`;
}

/** `12.5 %` of a 0–1 ratio, with the language's digits. */
export function fmtPercent(ratio: number | null, lang: ChartLang): string {
  if (ratio === null || !Number.isFinite(ratio)) return "–";
  return new Intl.NumberFormat(lang === "fa" ? "fa-IR" : "en-GB", { style: "percent", maximumFractionDigits: ratio < 0.1 ? 1 : 0 }).format(ratio);
}

/** A number with the language's digits. */
export function fmtNumber(value: number | null, lang: ChartLang): string {
  if (value === null || !Number.isFinite(value)) return "–";
  return new Intl.NumberFormat(lang === "fa" ? "fa-IR" : "en-GB", { maximumFractionDigits: Math.abs(value) < 100 ? 1 : 0 }).format(value);
}

/** ASCII digits of `text` in the language's numerals. */
export function num(text: string, lang: ChartLang): string {
  return lang === "fa" ? text.replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)] ?? d) : text;
}

/** `YYYY-MM-DDTHH:MM` of `t` in UTC, for datetime-local inputs (always UTC in the URL). */
export function inputTime(t: number): string {
  return new Date(t).toISOString().slice(0, 16);
}
