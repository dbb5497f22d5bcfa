/**
 * Builds the dashboard into dist/web, which `nightlight serve` serves at `/`. The
 * chart code of src/chart is bundled as it is; only the version reader, which reads
 * package.json from disk, is swapped for the version known at build time.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  define: { __NIGHTLIGHT_VERSION__: JSON.stringify(pkg.version) },
  resolve: {
    alias: [{ find: /^.*\/nightlight-version\.ts$/, replacement: fileURLToPath(new URL("src/nightlight-version.ts", import.meta.url)) }],
  },
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // The world map's geometry is most of the bundle: one chunk, loaded once, cached for a year.
    chunkSizeWarningLimit: 800,
  },
  server: { proxy: { "/v1": "http://127.0.0.1:8080", "/v2": "http://127.0.0.1:8080", "/charts": "http://127.0.0.1:8080" } },
});
