import { test } from "node:test";
import assert from "node:assert/strict";
import { utcDateRange, utcMoment } from "./utc-text.ts";
import { entityName } from "../chart/entity-name.ts";

test("utcMoment() writes UTC whatever the machine's zone", () => {
  assert.equal(utcMoment(Date.UTC(2019, 10, 16, 23, 30)), "16 Nov 23:30 UTC");
  assert.equal(utcMoment(Date.UTC(2019, 10, 16, 23, 30), { year: true }), "16 Nov 2019 23:30 UTC");
});

test("utcDateRange() treats until as exclusive and names months and years once", () => {
  assert.equal(utcDateRange(Date.UTC(2019, 10, 11), Date.UTC(2019, 10, 20, 6)), "11–20 November 2019");
  assert.equal(utcDateRange(Date.UTC(2019, 10, 11), Date.UTC(2019, 10, 12)), "11 November 2019");
  assert.equal(utcDateRange(Date.UTC(2019, 9, 28), Date.UTC(2019, 10, 4)), "28 October – 3 November 2019");
  assert.equal(utcDateRange(Date.UTC(2019, 11, 30), Date.UTC(2020, 0, 3)), "30 December 2019 – 2 January 2020");
});

test("entityName() prefers the stored name, then the country's English name or the place in the id, then the id", () => {
  assert.equal(entityName("country/IR", "Islamic Republic of Iran"), "Islamic Republic of Iran");
  assert.equal(entityName("country/IR"), "Iran");
  assert.equal(entityName("asn/44244"), "asn/44244");
  assert.equal(entityName("country/QQ"), "country/QQ");
  assert.equal(entityName("region/IR/Khuzestan"), "Khuzestan, Iran");
  assert.equal(entityName("county/IR/Khuzestan/Ahvaz"), "Ahvaz, Khuzestan, Iran");
  assert.equal(entityName("region/IR-09"), "region/IR-09");
});
