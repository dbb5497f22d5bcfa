/**
 * `GET /v2/datasources` and `/v2/datasources/{datasource}`, as IODA's
 * DatasourcesController: `datasource`, `name` and `units` of each (DatasourceEntity's
 * public fields). IODA's own datasources Nightlight maps signals to, then each signal
 * the store holds that IODA has no datasource for.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { describeDatasource, IODA_DATASOURCE_TABLE, iodaDatasourceOf } from "../service/ioda-datasources.ts";
import type { Store } from "../store/store.ts";
import { badParameter } from "./api-error.ts";
import type { ApiDeps, ApiEnv } from "./api-env.ts";
import { iodaEnvelope } from "./ioda-envelope.ts";
import { textParam } from "./params.ts";

/** One datasource as IODA serializes it. */
export interface IodaDatasourceJson {
  readonly datasource: string;
  readonly name: string;
  readonly units: string;
}

/** Every datasource name this store answers to: IODA's mapped ones, then the store's own signals. */
export function iodaDatasourceNames(store: Store): string[] {
  const names = IODA_DATASOURCE_TABLE.map((d) => d.datasource);
  for (const signal of store.signalNames()) {
    const { datasource } = iodaDatasourceOf(signal);
    if (!names.includes(datasource)) names.push(datasource);
  }
  return names;
}

/** The datasources of `store`, as IODA lists them. */
function datasources(store: Store): IodaDatasourceJson[] {
  const steps = new Map(store.listSignals().map((s) => [iodaDatasourceOf(s.signal).datasource, s.stepMs / 1000]));
  return iodaDatasourceNames(store).map((name) => {
    const { datasource, name: title, units } = describeDatasource(name, steps.get(name) ?? 0);
    return { datasource, name: title, units };
  });
}

const all = createRoute({
  method: "get",
  path: "/v2/datasources",
  summary: "Datasources (IODA-compatible)",
  tags: ["IODA-compatible"],
  responses: { 200: { description: "IODA envelope; data lists datasource, name, units" } },
});

const one = createRoute({
  method: "get",
  path: "/v2/datasources/{datasource}",
  summary: "One datasource (IODA-compatible)",
  tags: ["IODA-compatible"],
  request: { params: z.object({ datasource: textParam }) },
  responses: { 200: { description: "IODA envelope; data is one datasource" } },
});

/** Registers the routes on `app`. */
export function iodaDatasourcesRoute(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  const { store } = deps;
  app.openapi(all, (c) => c.json(iodaEnvelope("datasources", {}, { data: datasources(store) }, c.get("requestTime")), 200));
  app.openapi(one, (c) => {
    const { datasource } = c.req.valid("param");
    const found = datasources(store).find((d) => d.datasource === datasource);
    // IODA answers an unknown name with 400 "Unknown datasource 'x'".
    if (found === undefined) throw badParameter("datasource", `Unknown datasource '${datasource}'`);
    return c.json(iodaEnvelope("datasources", {}, { data: found }, c.get("requestTime")), 200);
  });
}
