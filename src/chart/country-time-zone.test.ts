import { test } from "node:test";
import assert from "node:assert/strict";
import { getAllCountries } from "countries-and-timezones";
import { CAPITAL_ZONES, countryTimeZone, entityTimeZone } from "./country-time-zone.ts";
import { isTimeZone } from "./zone-offset.ts";

test("every country split into several zones has its capital's zone, one of its own", () => {
  for (const [code, country] of Object.entries(getAllCountries())) {
    if (country.timezones.length < 2) continue;
    const zone = CAPITAL_ZONES[code];
    assert.ok(zone !== undefined, `${code} (${country.timezones.join(" ")}) has no capital zone`);
    assert.ok(zone === "UTC" || (country.timezones as readonly string[]).includes(zone), `${code}: ${zone}`);
  }
  for (const code of Object.keys(CAPITAL_ZONES)) assert.ok((getAllCountries()[code as "US"]?.timezones.length ?? 0) > 1, `${code} is no longer split`);
});

test("countryTimeZone() and entityTimeZone() name zones Intl knows", () => {
  assert.equal(countryTimeZone("IR"), "Asia/Tehran");
  assert.equal(countryTimeZone("us"), "America/New_York");
  assert.equal(countryTimeZone("ZZ"), undefined);
  assert.equal(entityTimeZone("region/IR/Fars"), "Asia/Tehran");
  assert.equal(entityTimeZone("country-asn/MM/9988"), "Asia/Yangon");
  assert.equal(entityTimeZone("asn/44244"), undefined);
  for (const code of Object.keys(getAllCountries())) {
    const zone = countryTimeZone(code);
    if (zone !== undefined) assert.ok(isTimeZone(zone), `${code}: ${zone}`);
  }
});
