/**
 * The dashboard in a real browser: `nightlight serve` as a child process on loopback
 * over a store filled from real data (the 2002 RIS bview replayed, as
 * test/replay-bview-2002.test.ts does, and Monash IP Observatory's Iran November 2019
 * index imported, a national blackout with its provinces), Debian's chromium driven by
 * playwright-core. Home, an entity page, a new range, an event, the event list, the
 * sources, dark, Persian and a phone; each checks what the page shows. Screenshots go
 * to test/output/ (git-ignored).
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { runCli } from "./run-cli.ts";
import { REPO_ROOT, shared, sharedDataMissing } from "./shared-data.ts";

const CHROMIUM = "/usr/bin/chromium";
const SKIP = sharedDataMissing() ?? (existsSync(CHROMIUM) ? false : `${CHROMIUM} absent (apt-get install -y chromium): browser tests skipped`);
const OUTPUT = join(REPO_ROOT, "test", "output");
const dir = mkdtempSync(join(tmpdir(), "nightlight-dashboard-"));
const db = join(dir, "dashboard.db");
let serve: ChildProcess | undefined;
let browser: BrowserContext | undefined;
let base = "";

before(async () => {
  if (SKIP !== false) return;
  assert.ok(existsSync(join(REPO_ROOT, "dist", "web", "index.html")), "dist/web is built (npm run build)");
  mkdirSync(OUTPUT, { recursive: true });
  const archive = join(dir, "archive", "rrc00", "2002.07");
  mkdirSync(archive, { recursive: true });
  copyFileSync(shared("mrt", "bgpdump", "test_data", "bview.20020722.2337.gz"), join(archive, "bview.20020723.0000.gz"));
  const replay = await runCli(["replay", "--collector", "rrc00", "--from", "2002-07-22T23:55Z", "--until", "2002-07-23T00:00Z", "--archive", join(dir, "archive"), "--db", db, "--full-feed-v4", "1000"]);
  assert.equal(replay.code, 0, replay.stderr);
  const imported = await runCli([
    "import", shared("outages", "monash_ipobs_irn-2019-11-11_gif.csv"), "--db", db, "--time-column", "time_e", "--local-epoch",
    "--time-zone", "+03:30", "--value-column", "connectivity", "--signal", "ipobs", "--entity-template", "county/IR/{name_1}/{name_2}",
    "--rollup", "region/IR/{name_1}", "--rollup", "country/IR",
  ]);
  assert.equal(imported.code, 0, imported.stderr);
  // The events the dashboard lists are the ones the store keeps: track them, as serve does on start.
  const tracked = await runCli(["events", "--db", db, "--track"]);
  assert.equal(tracked.code, 0, tracked.stderr);
  const proc = spawn(process.execPath, [join(REPO_ROOT, "bin", "nightlight.js"), "serve", "--db", db, "--port", "0", "--host", "127.0.0.1", "--read-only"], { stdio: ["ignore", "ignore", "pipe"] });
  serve = proc;
  let stderr = "";
  base = await new Promise<string>((resolve, reject) => {
    proc.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stderr)?.[0];
      if (url !== undefined) resolve(url);
    });
    proc.once("exit", (code) => reject(new Error(`serve exited with ${String(code)}: ${stderr}`)));
  });
  browser = await chromium.launchPersistentContext(join(dir, "profile"), {
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 900 },
    colorScheme: "light",
  });
});

after(async () => {
  await browser?.close();
  if (serve !== undefined && serve.exitCode === null) serve.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** Opens `hash` in a new page and waits until its view has drawn. */
async function open(hash: string, options: { width?: number; height?: number } = {}): Promise<Page> {
  assert.ok(browser !== undefined);
  const page = await browser.newPage();
  if (options.width !== undefined) await page.setViewportSize({ width: options.width, height: options.height ?? 844 });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}${hash}`);
  await drawn(page);
  assert.deepEqual(errors, []);
  return page;
}

/** Waits for the view to finish drawing after the URL changed. */
async function drawn(page: Page, after = 0): Promise<void> {
  // Functions run in the page are given as text: this file is compiled without the DOM's types.
  await page.waitForFunction(`Number(document.body.dataset.ready ?? "0") > ${after}`, undefined, { timeout: 120_000 });
}

const ready = (page: Page): Promise<number> => page.evaluate<number>(`Number(document.body.dataset.ready ?? "0")`);
const noSidewaysScroll = (page: Page): Promise<boolean> => page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth + 1");
const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(OUTPUT, `dashboard-${name}.png`), fullPage: true });

test("home: Iran's ongoing blackout first, on the map and in the list; stale countries are 'no data', never normal", { skip: SKIP }, async () => {
  const page = await open("");
  const main = page.locator("main");
  await assert.doesNotReject(main.getByText("State at 20 Nov 2019, 03:30 UTC").waitFor());
  const card = page.locator(".ongoing .card").first();
  assert.match(await card.innerText(), /Iran[\s\S]*outage[\s\S]*Since 16 Nov 2019, 17:30 UTC/);
  assert.equal(await page.locator('.map path[data-code="IR"]').getAttribute("class"), "country state-outage");
  // The 2002 bview saw the US; 17 years before the newest data, that is no data now.
  assert.equal(await page.locator('.map path[data-code="US"]').getAttribute("class"), "country state-no-data");
  assert.match(await page.locator('tr[data-entity="country/US"]').innerText(), /no data/);
  assert.equal(await page.locator(".countries tbody tr").first().getAttribute("data-entity"), "country/IR", "the outage heads the list");
  assert.equal(await page.locator(".map path.state-normal").count(), 0);
  await shot(page, "home");
  await page.close();
});

test("entity page: the signal against its baseline with the event shaded and labelled, provenance, who fell first, the PNG", { skip: SKIP }, async () => {
  const page = await open("");
  const n = await ready(page);
  await page.locator(".ongoing .card a").first().click();
  await drawn(page, n);
  // Stored events (nightlight events --track, as serve keeps them) are named by their id.
  assert.match(page.url(), /#\/event\/\d+$/);
  assert.match(await page.locator("h1").innerText(), /Event: Iran · total shutdown/);
  const m = await ready(page);
  await page.getByRole("link", { name: "All of Iran" }).click();
  await drawn(page, m);
  assert.match(await page.locator("h1").innerText(), /Iran\s+country\/IR/);
  assert.match(await page.locator(".verdict").innerText(), /Verdict: outage/);
  assert.match(await page.locator("ol.events").innerText(), /1 · total shutdown 16 Nov 2019, 17:30 UTC – ongoing/);
  const figure = page.locator('.figure[data-signal="ipobs"]');
  const svg = figure.locator("svg").first();
  assert.match((await svg.locator("title").first().textContent()) ?? "", /^Iran: ipobs, 13 Nov 2019 – 20 Nov 2019$/);
  assert.equal(await svg.locator("g.events rect").count(), 1, "the event is shaded");
  assert.equal(await svg.locator("g.event-labels text").first().textContent(), "1 · total shutdown");
  assert.ok((await svg.locator("path.warning-band").getAttribute("d"))?.startsWith("M"), "the band between warning and critical levels");
  assert.ok((await svg.locator("path.baseline").getAttribute("d"))?.startsWith("M"), "the baseline");
  assert.match(await svg.locator(".footnote").first().textContent() ?? "", /Source: import:monash_ipobs_irn-2019-11-11_gif\.csv/);
  await figure.locator("summary").click();
  assert.match(await figure.locator(".provenance").innerText(), /import:monash_ipobs_irn-2019-11-11_gif\.csv \(import\)[\s\S]*moving median of the last 7 d/);
  const timeline = page.locator(".figure.timeline svg");
  assert.match(await timeline.innerHTML(), /Who fell first: Iran, 1 · total shutdown[\s\S]*>Fars</);
  const png = await figure.getByRole("link", { name: "Share chart (PNG)" }).getAttribute("href");
  assert.match(png ?? "", /^\/charts\/country\/IR\.png\?from=2019-11-13T03%3A30%3A00Z&until=2019-11-20T03%3A30%3A00Z&theme=light&lang=en&tz=utc&signal=ipobs/);
  const image = await page.request.get(`${base}${(png ?? "").slice(1)}`);
  assert.equal(image.status(), 200);
  assert.equal(image.headers()["content-type"], "image/png");
  assert.deepEqual([...(await image.body()).subarray(1, 4)], [0x50, 0x4e, 0x47]);
  await shot(page, "entity");
  await page.close();
});

test("entity page: a new range from the picker is in the URL and in the chart", { skip: SKIP }, async () => {
  const page = await open("#/entity/country/IR");
  const n = await ready(page);
  await page.locator('input[name="from"]').fill("2019-11-15T00:00");
  await page.locator('input[name="until"]').fill("2019-11-18T00:00");
  await page.getByRole("button", { name: "Apply" }).click();
  await drawn(page, n);
  assert.match(page.url(), /from=2019-11-15T00%3A00%3A00\.000Z&until=2019-11-18T00%3A00%3A00\.000Z/);
  const title = await page.locator('.figure[data-signal="ipobs"] svg title').first().textContent();
  assert.equal(title, "Iran: ipobs, 15 Nov 2019 – 17 Nov 2019");
  assert.equal(await page.locator(".figure svg g.events rect").count(), 1);
  // Pointing at 16 Nov 19:00 UTC names the bin of 18:30 with its value (15.5, test/monash-iran-2019.test.ts) and its baseline.
  const at = await page.evaluate<{ x: number; y: number }>(`(() => {
    const svg = document.querySelector('.figure[data-signal="ipobs"] svg');
    const plot = svg.querySelector("clipPath rect");
    const box = svg.getBoundingClientRect();
    const k = box.width / svg.viewBox.baseVal.width;
    const f = (Date.parse("2019-11-16T19:00Z") - Date.parse("2019-11-15T00:00Z")) / (3 * 86400000);
    return { x: box.left + (plot.x.baseVal.value + f * plot.width.baseVal.value) * k, y: box.top + (plot.y.baseVal.value + 20) * k };
  })()`);
  await page.mouse.move(at.x, at.y);
  assert.match(await page.locator(".readout").first().innerText(), /^16 Nov 2019, 18:30 UTC · ipobs: 15\.5 · baseline \d+(\.\d)? \(16%\)$/);
  // Reproducible from the URL: the same view in a fresh page.
  const again = await open(page.url().slice(base.length));
  assert.equal(await again.locator('.figure[data-signal="ipobs"] svg title').first().textContent(), title);
  const m = await ready(page);
  await page.getByRole("link", { name: "24 h" }).click();
  await drawn(page, m);
  assert.equal(await page.locator('.figure[data-signal="ipobs"] svg title').first().textContent(), "Iran: ipobs, 17 Nov 2019");
  await page.close();
  await again.close();
});

test("event page and event list: the blackout's facts, phases, timeline; filters in the URL", { skip: SKIP }, async () => {
  const page = await open("#/events?from=2019-11-11T00:00:00Z&until=2019-11-21T00:00:00Z");
  // Newest first: the regions that fell after the country come before it.
  const rows = page.locator("table.events tbody tr");
  assert.match(await rows.first().innerText(), /, Iran\s/);
  const row = rows.filter({ has: page.locator("td:first-child", { hasText: /^Iran$/ }) });
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /^Iran\s+total shutdown\s+16 Nov 2019, 17:30 UTC\s+ongoing/);
  const n = await ready(page);
  await row.locator("a").click();
  await drawn(page, n);
  assert.match(await page.locator("h1").innerText(), /Event: Iran · total shutdown/);
  assert.match(await page.locator(".facts").innerText(), /Start\s+16 Nov 2019, 17:30 UTC\s+End\s+ongoing/);
  assert.ok((await page.locator(".explanation").innerText()).length > 40);
  assert.equal(await page.locator(".figure.timeline svg").count(), 1);
  await shot(page, "event");
  const m = await ready(page);
  await page.goto(`${base}#/events?from=2019-11-11T00:00:00Z&until=2019-11-21T00:00:00Z&kind=curfew`);
  await drawn(page, m);
  assert.match(await page.locator("table.events tbody").innerText(), /No event in this window/);
  assert.equal(await page.locator('select[name="kind"]').inputValue(), "curfew");
  await page.close();
});

test("sources: each source with its kind, digest and methods", { skip: SKIP }, async () => {
  const page = await open("#/sources");
  const names = await page.locator("article.source h2").allInnerTexts();
  assert.deepEqual(names.sort(), ["bgp:rrc00", "import:monash_ipobs_irn-2019-11-11_gif.csv"]);
  assert.match(await page.locator('article[data-name="bgp:rrc00"]').innerText(), /observatory[\s\S]*method:[0-9a-f]+[\s\S]*bgp/);
  await page.close();
});

test("dark theme, Persian right to left, a phone: the same page, translated and mirrored, no sideways scroll", { skip: SKIP }, async () => {
  const page = await open("#/entity/country/IR");
  const n = await ready(page);
  await page.locator("#theme").click();
  await drawn(page, n);
  assert.equal(await page.evaluate<string>("document.documentElement.dataset.theme"), "dark");
  assert.equal(await page.locator(".figure svg > rect").first().getAttribute("fill"), "#16181D");
  const m = await ready(page);
  await page.locator("#lang").click();
  await drawn(page, m);
  assert.deepEqual(await page.evaluate<string[]>("[document.documentElement.lang, document.documentElement.dir]"), ["fa", "rtl"]);
  assert.match(await page.locator("#nav").innerText(), /کشورها\s*رویدادها\s*منابع/);
  assert.match(await page.locator("h1").innerText(), /ایران/);
  assert.match(await page.locator(".verdict").innerText(), /داوری: قطعی/);
  const svg = await page.locator(".figure svg").first().innerHTML();
  assert.match(svg, /قطع کامل/);
  assert.match(svg, /خط پایه/);
  assert.doesNotMatch(await page.locator("main").innerText(), /\b(Verdict|Events|Signals|Share chart|Time range)\b/, "no English interface string left");
  await shot(page, "entity-fa-dark");
  await page.close();
  const phone = await open("#/?lang=fa&tz=local", { width: 390, height: 844 });
  assert.ok(await noSidewaysScroll(phone), "no horizontal scroll on a phone");
  assert.match(await phone.locator(".ongoing .card").first().innerText(), /ایران[\s\S]*قطعی[\s\S]*۱۶ نوامبر ۲۰۱۹/);
  await shot(phone, "home-fa-phone");
  const n2 = await ready(phone);
  await phone.goto(`${base}#/entity/country/IR?lang=fa&tz=local`);
  await drawn(phone, n2);
  assert.ok(await noSidewaysScroll(phone), "no horizontal scroll on a phone");
  const box = await phone.locator(".figure svg").first().boundingBox();
  assert.ok(box !== null && box.width <= 390 && box.height > box.width, "a narrow chart, taller than wide");
  assert.match(await phone.locator(".figure svg").first().innerHTML(), /Asia\/Tehran, UTC\+۰۳:۳۰/);
  await shot(phone, "entity-fa-phone");
  await phone.close();
});
