/**
 * The words and numerals of a chart, in English or Persian: legend names, axis names,
 * footnote lead-ins, month and weekday names, digits. Persian uses the Gregorian
 * calendar with Persian month names (ژانویه … دسامبر), so that ticks placed on
 * Gregorian month starts are labelled by the month they start, and Persian digits
 * (U+06F0–U+06F9). Written out here rather than taken from Intl so that charts are the
 * same bytes on every Node and browser (CLDR data changes between ICU versions).
 */

/** The languages charts and the dashboard speak. */
export type ChartLang = "en" | "fa";

/** Everything language-dependent in a chart. */
export interface ChartLocale {
  readonly lang: ChartLang;
  readonly dir: "ltr" | "rtl";
  readonly baseline: string;
  readonly warningLevel: string;
  readonly criticalLevel: string;
  readonly outageEvent: string;
  readonly noData: string;
  readonly source: string;
  readonly method: string;
  /** The time axis' name, given the zone's label (`UTC`, `Asia/Tehran, UTC+03:30`). */
  readonly timeAxis: (zone: string) => string;
  readonly madeWith: (generator: string, stamp: string) => string;
  /** January first. */
  readonly months: readonly string[];
  /** Sunday first. */
  readonly weekdays: readonly string[];
  /** Writes the ASCII digits and decimal point of `text` in this language's numerals. */
  readonly digits: (text: string) => string;
}

const EN: ChartLocale = {
  lang: "en",
  dir: "ltr",
  baseline: "baseline",
  warningLevel: "warning level",
  criticalLevel: "critical level",
  outageEvent: "outage event",
  noData: "no data",
  source: "Source",
  method: "Method",
  timeAxis: (zone) => `time (${zone}) →`,
  madeWith: (generator, stamp) => `Made with ${generator} on ${stamp}.`,
  months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  weekdays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
  digits: (text) => text,
};

const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";

/** ASCII digits → Persian digits, `.` between digits → the Arabic decimal separator U+066B. */
export function persianDigits(text: string): string {
  return text.replace(/(\d)\.(\d)/g, "$1\u066B$2").replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)] ?? d);
}

const FA: ChartLocale = {
  lang: "fa",
  dir: "rtl",
  baseline: "خط پایه",
  warningLevel: "سطح هشدار",
  criticalLevel: "سطح بحرانی",
  outageEvent: "رویداد قطعی",
  noData: "بدون داده",
  source: "منبع",
  method: "روش",
  // The time axis runs left to right in Persian charts too: the arrow says so.
  timeAxis: (zone) => `زمان (${zone}) →`,
  madeWith: (generator, stamp) => `ساخته‌شده با ${generator} در ${stamp}.`,
  months: ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"],
  weekdays: ["یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه"],
  digits: persianDigits,
};

/** The locale of `lang` (default English). */
export function chartLocale(lang: ChartLang = "en"): ChartLocale {
  return lang === "fa" ? FA : EN;
}
