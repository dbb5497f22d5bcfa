import { test } from "node:test";
import assert from "node:assert/strict";
import { chartLocale } from "./chart-locale.ts";
import { timeTicks } from "./time-ticks.ts";

const HOUR = 3_600_000;
const NOV_11 = Date.UTC(2019, 10, 11);

test("timeTicks() puts day ticks at UTC midnight over nine days, whatever TZ says", () => {
  const ticks = timeTicks(NOV_11, NOV_11 + 9 * 24 * HOUR, { width: 1100 });
  assert.equal(ticks.length, 10);
  assert.deepEqual(ticks[0], { time: NOV_11, label: "11 Nov", context: "Mon 2019", major: true });
  assert.deepEqual(ticks[5], { time: NOV_11 + 5 * 24 * HOUR, label: "16 Nov", context: "Sat", major: true });
});

test("timeTicks() uses hours within a day and dates the midnight tick", () => {
  const from = NOV_11 + 14 * HOUR;
  const ticks = timeTicks(from, from + 24 * HOUR, { width: 1100 });
  assert.deepEqual(ticks.map((t) => t.label), ["14:00", "16:00", "18:00", "20:00", "22:00", "00:00", "02:00", "04:00", "06:00", "08:00", "10:00", "12:00", "14:00"]);
  assert.equal(ticks[0]?.context, "Mon 11 Nov");
  assert.equal(ticks[5]?.context, "Tue 12 Nov");
  assert.equal(ticks[5]?.major, true);
  assert.equal(ticks[1]?.context, "");
});

test("timeTicks() uses months over a year, with the year under January", () => {
  const ticks = timeTicks(Date.UTC(2019, 5, 15), Date.UTC(2020, 5, 15), { width: 1300 });
  assert.deepEqual(ticks.map((t) => t.label), ["Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun"]);
  assert.equal(ticks[0]?.context, "2019");
  assert.equal(ticks[6]?.context, "2020");
});

test("timeTicks() starts weeks on Mondays", () => {
  const ticks = timeTicks(Date.UTC(2019, 9, 1), Date.UTC(2019, 11, 1), { width: 900 });
  assert.ok(ticks.length > 0);
  for (const t of ticks) assert.equal(new Date(t.time).getUTCDay(), 1);
});

test("timeTicks() in Asia/Tehran puts day ticks on Tehran's midnights (20:30 UTC in 2019)", () => {
  const ticks = timeTicks(NOV_11, NOV_11 + 4 * 24 * HOUR, { width: 400, timeZone: "Asia/Tehran" });
  assert.equal(ticks[0]?.time, Date.UTC(2019, 10, 11, 20, 30));
  assert.equal(ticks[0]?.label, "12 Nov");
  assert.equal(ticks[0]?.context, "Tue 2019");
});

test("timeTicks() follows a daylight-saving change: New York's midnights move from 04:00 to 05:00 UTC", () => {
  const ticks = timeTicks(Date.UTC(2019, 10, 1, 12), Date.UTC(2019, 10, 5), { width: 400, timeZone: "America/New_York" });
  assert.deepEqual(ticks.map((t) => new Date(t.time).toISOString().slice(5, 16)), ["11-02T04:00", "11-03T04:00", "11-04T05:00"]);
});

test("timeTicks() in Persian writes Persian month names and digits", () => {
  const ticks = timeTicks(NOV_11, NOV_11 + 9 * 24 * HOUR, { width: 1100, locale: chartLocale("fa") });
  assert.equal(ticks[5]?.label, "۱۶ نوامبر");
  assert.equal(ticks[5]?.context, "شنبه");
  assert.equal(ticks[0]?.context, "دوشنبه ۲۰۱۹");
});
