/**
 * The dashboard's built files (web/, built by `npm run build` into dist/web) at `/`:
 * `index.html` for `/`, the hashed bundles under `/assets/` cached for a year (their
 * names change with their content), everything else revalidated. Views live in the
 * URL's fragment (`/#/entity/country/IR?from=…`), so one page serves every view.
 */
import { serveStatic } from "@hono/node-server/serve-static";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "./api-env.ts";

/** dist/web of this checkout or package, if it was built. */
export function builtDashboard(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) {
      const web = join(dir, "dist", "web");
      return existsSync(join(web, "index.html")) ? web : undefined;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Serves the files of `root` (a built dashboard) at `/` and `/assets/…`. */
export function dashboardRoutes(app: OpenAPIHono<ApiEnv>, root: string): void {
  const files = serveStatic<ApiEnv>({
    root,
    onFound: (path, c) => {
      c.header("Cache-Control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  app.get("/", files);
  app.get("/index.html", files);
  app.get("/assets/*", files);
  app.get("/favicon.svg", files);
}
