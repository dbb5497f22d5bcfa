import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { DEJAVU_FONTS, renderPixels, renderPng } from "./render-png.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test("renderPng() writes a PNG of the SVG's size", () => {
  const png = renderPng(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect x="10" y="10" width="20" height="20" fill="#0072B2"/></svg>`);
  assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  assert.equal(String.fromCharCode(...png.subarray(12, 16)), "IHDR");
  assert.equal(view.getUint32(16), 120);
  assert.equal(view.getUint32(20), 40);
});

test("renderPng() draws text with the fonts it loads", { skip: DEJAVU_FONTS.every((f) => !existsSync(f)) && "DejaVu Sans is not installed (apt-get install fonts-dejavu-core)" }, () => {
  const { width, pixels } = renderPixels(`<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="10" y="30" font-size="24" font-family="DejaVu Sans">Nightlight</text></svg>`);
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 128) dark += 1;
  assert.equal(width, 200);
  // "Nightlight" at 24 px covers several hundred pixels; an unloaded font draws none.
  assert.ok(dark > 200, `expected the text to darken pixels, found ${dark}`);
});
