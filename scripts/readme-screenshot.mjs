#!/usr/bin/env node
// Makes README's picture of the dashboard, reproducibly: `nightlight serve` over a store
// on a loopback port, Debian's chromium (playwright-core) at 1280 × 800, light theme,
// one view of the dashboard, a PNG under 300 KB.
//
//   node scripts/readme-screenshot.mjs --db STORE --view '#/entity/country/XX?from=…&until=…' [--out docs/dashboard.png]
//
// The picture must show data Nightlight produced itself (issue 8): the store's every
// source must be one of Nightlight's own ingests (a replay, serve, a live session or a
// prober: kind "observatory"), so a store holding an import is refused, and so is one
// whose bins were made from ../shared data (test data, not the world). Run `npm run
// build` first. Exit 1 with the reason when the picture cannot be made.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CHROMIUM = "/usr/bin/chromium";
const MAX_BYTES = 300 * 1024;
const { values } = parseArgs({ options: { db: { type: "string" }, view: { type: "string", default: "#/" }, out: { type: "string", default: "docs/dashboard.png" } } });

function fail(message) {
  console.error(`readme-screenshot: ${message}`);
  process.exit(1);
}

if (values.db === undefined || !existsSync(values.db)) fail(`--db names no store file (${values.db ?? "none given"})`);
if (!existsSync(join(root, "dist", "web", "index.html"))) fail("dist/web is not built: run npm run build");
if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is absent: apt-get install -y chromium`);

const { openStore } = await import(join(root, "dist", "src", "store", "open-store.js"));
const store = openStore(values.db, { readonly: true });
try {
  const foreign = store.listSources().filter((s) => s.kind !== "observatory");
  if (foreign.length > 0) fail(`${values.db} holds data Nightlight did not produce: ${foreign.map((s) => s.name).join(", ")}`);
  const shared = store.listSources().filter((s) => JSON.stringify(s.parameters).includes("shared/data"));
  if (shared.length > 0) fail(`${values.db} was made from ../shared test data (${shared.map((s) => s.name).join(", ")})`);
} finally {
  store.close();
}

const { chromium } = await import("playwright-core");
const serve = spawn(process.execPath, [join(root, "bin", "nightlight.js"), "serve", "--db", values.db, "--port", "0", "--host", "127.0.0.1", "--read-only"], { stdio: ["ignore", "ignore", "pipe"] });
let stderr = "";
const base = await new Promise((ok, ko) => {
  serve.stderr.on("data", (c) => {
    stderr += c;
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stderr)?.[0];
    if (url !== undefined) ok(url);
  });
  serve.once("exit", (code) => ko(new Error(`serve exited with ${code}: ${stderr}`)));
});
const profile = mkdtempSync(join(tmpdir(), "nightlight-shot-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  colorScheme: "light",
});
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(`${base}${values.view.replace(/^\/?/, "")}`);
  await page.waitForFunction("document.body.dataset.ready !== undefined", undefined, { timeout: 120_000 });
  const error = await page.locator(".error").count();
  if (error > 0) fail(`the view shows an error: ${await page.locator(".error").first().textContent()}`);
  await page.screenshot({ path: values.out, type: "png" });
  const size = statSync(values.out).size;
  if (size > MAX_BYTES) fail(`${values.out} is ${Math.round(size / 1024)} KB, over ${MAX_BYTES / 1024} KB: choose a view with less detail`);
  console.error(`readme-screenshot: wrote ${values.out} (${Math.round(size / 1024)} KB) of ${values.view} over ${values.db}`);
} finally {
  await browser.close();
  serve.kill("SIGTERM");
  rmSync(profile, { recursive: true, force: true });
}
