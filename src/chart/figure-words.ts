/**
 * The words of the entity figures (titles, subtitles, event labels, timeline notes) in
 * English and Persian: kinds of shutdown, bin lengths, verdicts, date ranges on a
 * zone's wall clock. The dashboard uses the same words beside the figures.
 */
import type { ShutdownKind } from "../model/outage-event.ts";
import type { OutageVerdictName } from "../model/outage-verdict.ts";
import { chartLocale, persianDigits, type ChartLang } from "./chart-locale.ts";
import { zoneOffsetMs } from "./zone-offset.ts";

/** Words of one language. */
export interface FigureWords {
  readonly kinds: Readonly<Record<ShutdownKind, string>>;
  readonly verdicts: Readonly<Record<OutageVerdictName, string>>;
  readonly bins: (minutes: number) => string;
  readonly events: (n: number) => string;
  readonly ongoing: string;
  readonly whoFellFirst: string;
  readonly depth: (percent: string) => string;
  readonly more: (n: number) => string;
}

const EN: FigureWords = {
  kinds: {
    total: "total shutdown", "data-plane-cut": "data-plane cut", "route-withdrawal": "route withdrawal", "mobile-first": "mobile first", "international-cut": "international cut, domestic up",
    regional: "regional", whitelisting: "whitelisting", curfew: "curfew", partial: "partial", unknown: "unknown kind",
  },
  verdicts: { outage: "outage", "no-outage": "no outage event detected", "not-enough-data": "not enough data to judge" },
  bins: (m) => (m % 1440 === 0 ? `${m / 1440}-day bins` : m % 60 === 0 ? `${m / 60}-hour bins` : `${m}-minute bins`),
  events: (n) => (n === 1 ? "1 outage event (shaded)" : `${n} outage events (shaded)`),
  ongoing: "ongoing",
  whoFellFirst: "Who fell first",
  depth: (p) => `lowest ${p} %`,
  more: (n) => `and ${n} more`,
};

const FA: FigureWords = {
  kinds: {
    total: "قطع کامل", "data-plane-cut": "قطع ترافیک با مسیرهای برقرار", "route-withdrawal": "حذف مسیرها", "mobile-first": "نخست شبکهٔ همراه", "international-cut": "قطع ارتباط بین‌المللی، شبکهٔ داخلی برقرار",
    regional: "منطقه‌ای", whitelisting: "فهرست سفید", curfew: "قطع ساعتی (منع آمدوشد)", partial: "جزئی", unknown: "نوع نامشخص",
  },
  verdicts: { outage: "قطعی", "no-outage": "قطعی‌ای یافت نشد", "not-enough-data": "داده برای داوری کافی نیست" },
  bins: (m) => persianDigits(m % 1440 === 0 ? `بازه‌های ${m / 1440} روزه` : m % 60 === 0 ? `بازه‌های ${m / 60} ساعته` : `بازه‌های ${m} دقیقه‌ای`),
  events: (n) => persianDigits(`${n} رویداد قطعی (سایه‌دار)`),
  ongoing: "ادامه دارد",
  whoFellFirst: "کدام نخست قطع شد",
  depth: (p) => `کمینه ${p}٪`,
  more: (n) => persianDigits(`و ${n} مورد دیگر`),
};

/** The figure words of `lang`. */
export function figureWords(lang: ChartLang = "en"): FigureWords {
  return lang === "fa" ? FA : EN;
}

/** `16 Nov 2019 – 20 Nov 2019`, `[from, until)` as dates on `timeZone`'s wall clock, in `lang`. */
export function dateRange(from: number, until: number, lang: ChartLang = "en", timeZone = "UTC"): string {
  const locale = chartLocale(lang);
  const day = (t: number): string => {
    const d = new Date(t + zoneOffsetMs(t, timeZone));
    return locale.digits(`${d.getUTCDate()} ${locale.months[d.getUTCMonth()] ?? ""} ${d.getUTCFullYear()}`);
  };
  // `until` is exclusive: a window ending at midnight ends on the day before.
  const [a, b] = [day(from), day(until - 1)];
  return a === b ? a : `${a} – ${b}`;
}
