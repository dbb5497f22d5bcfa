/**
 * English names of first-level subdivisions, by ISO 3166-2 code. GeoLite2 (through
 * geoip-lite) gives codes only; names are listed here for the countries Nightlight
 * watches first.
 */

/**
 * Iran's 31 provinces (ISO 3166-2:IR, numeric codes in use since the 2018 update;
 * IR-30 Alborz is the newest). Checked against the cities geoip-lite 1.4.10 places in
 * each code (IR-09 holds Mashhad and Neyshabur, IR-30 Karaj, IR-23 Tehran).
 */
export const IRAN_PROVINCES: Readonly<Record<string, string>> = {
  "IR-00": "Markazi",
  "IR-01": "Gilan",
  "IR-02": "Mazandaran",
  "IR-03": "East Azerbaijan",
  "IR-04": "West Azerbaijan",
  "IR-05": "Kermanshah",
  "IR-06": "Khuzestan",
  "IR-07": "Fars",
  "IR-08": "Kerman",
  "IR-09": "Razavi Khorasan",
  "IR-10": "Isfahan",
  "IR-11": "Sistan and Baluchestan",
  "IR-12": "Kurdistan",
  "IR-13": "Hamadan",
  "IR-14": "Chaharmahal and Bakhtiari",
  "IR-15": "Lorestan",
  "IR-16": "Ilam",
  "IR-17": "Kohgiluyeh and Boyer-Ahmad",
  "IR-18": "Bushehr",
  "IR-19": "Zanjan",
  "IR-20": "Semnan",
  "IR-21": "Yazd",
  "IR-22": "Hormozgan",
  "IR-23": "Tehran",
  "IR-24": "Ardabil",
  "IR-25": "Qom",
  "IR-26": "Qazvin",
  "IR-27": "Golestan",
  "IR-28": "North Khorasan",
  "IR-29": "South Khorasan",
  "IR-30": "Alborz",
};

const COUNTRY_NAMES = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

/** A region's English name, or null when none is known. */
export function regionName(code: string): string | null {
  return IRAN_PROVINCES[code] ?? null;
}

/** A country's English name from ICU (`IR` → `Iran`), or null. */
export function countryName(code: string): string | null {
  try {
    return COUNTRY_NAMES.of(code) ?? null;
  } catch {
    return null; // not a well-formed region code, e.g. `ZZ` stays unnamed
  }
}
