/**
 * SVG → PNG with resvg (a Rust renderer, prebuilt for each platform in npm packages:
 * no native build, no browser). resvg draws text only with fonts it is given: DejaVu
 * Sans when the system has it (CI installs Debian's fonts-dejavu-core), else whatever
 * system fonts it finds.
 */
import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";

/** Debian's fonts-dejavu-core paths, regular and bold. */
export const DEJAVU_FONTS: readonly string[] = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
];

/** Options of {@link renderPng}. */
export interface PngOptions {
  /** Output pixels per SVG pixel; default 1. */
  readonly scale?: number;
  /** Font files to load; default {@link DEJAVU_FONTS} that exist. */
  readonly fontFiles?: readonly string[];
}

/** Rasterises an SVG document to PNG bytes. */
export function renderPng(svg: string, options: PngOptions = {}): Uint8Array {
  return new Uint8Array(rasterise(svg, options).asPng());
}

/** Rasterises an SVG document to RGBA pixels (row-major, 4 bytes a pixel). */
export function renderPixels(svg: string, options: PngOptions = {}): { width: number; height: number; pixels: Uint8Array } {
  const image = rasterise(svg, options);
  return { width: image.width, height: image.height, pixels: new Uint8Array(image.pixels) };
}

function rasterise(svg: string, options: PngOptions): ReturnType<Resvg["render"]> {
  const fontFiles = (options.fontFiles ?? DEJAVU_FONTS).filter((f) => existsSync(f));
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: options.scale ?? 1 },
    font: {
      fontFiles: [...fontFiles],
      // Loading system fonts takes ~100 ms and makes output depend on the machine:
      // only when none of ours is there.
      loadSystemFonts: fontFiles.length === 0,
      defaultFontFamily: fontFiles.length > 0 ? "DejaVu Sans" : "sans-serif",
      sansSerifFamily: fontFiles.length > 0 ? "DejaVu Sans" : "sans-serif",
    },
    background: "white",
  });
  return resvg.render();
}
