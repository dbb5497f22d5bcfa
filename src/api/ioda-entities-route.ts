/**
 * `GET /v2/entities/query`, as IODA's EntitiesController::lookup: `entityType`,
 * `entityCode` (comma-separated), `relatedTo` (`type[/code]`), `search` (part of the
 * name), `limit` (default 2000, EntitiesRepository's) and `page`. Only entities the
 * store holds series of are listed.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { EntityId } from "../model/signal.ts";
import { entityIdOf } from "../service/ioda-entity-ref.ts";
import { searchEntities } from "../service/search-entities.ts";
import { badParameter } from "./api-error.ts";
import type { ApiDeps, ApiEnv } from "./api-env.ts";
import { iodaEntityJson, type IodaEntityJson } from "./ioda-entity-json.ts";
import { iodaEnvelope } from "./ioda-envelope.ts";
import { intParam, textParam } from "./params.ts";

/** IODA's default page size of entity lookups (EntitiesRepository: "$limit = 2000"). */
export const IODA_ENTITY_LIMIT = 2000;

/** Entity kind of an IODA entity type. */
export function kindOfType(type: string): string {
  return type === "geoasn" ? "country-asn" : type;
}

const query = z.object({
  entityType: z.enum(["country", "region", "county", "asn", "geoasn"]).optional(),
  entityCode: textParam.optional(),
  relatedTo: textParam.optional().openapi({ description: "type[/code], e.g. country/IR" }),
  search: textParam.optional(),
  limit: intParam(100_000).optional(),
  page: intParam(1_000_000).optional(),
});

const route = createRoute({
  method: "get",
  path: "/v2/entities/query",
  summary: "Find entities (IODA-compatible)",
  tags: ["IODA-compatible"],
  request: { query },
  responses: { 200: { description: "IODA envelope; data lists code, name, type, subnames, attrs" } },
});

/** The entity `relatedTo` names (`country/IR`), or undefined for a bare type. */
export function relatedEntity(relatedTo: string | undefined): EntityId | undefined {
  if (relatedTo === undefined || relatedTo === "") return undefined;
  const slash = relatedTo.indexOf("/");
  if (slash < 0) return undefined;
  const id = entityIdOf(relatedTo.slice(0, slash), relatedTo.slice(slash + 1));
  if (id === undefined) throw badParameter("relatedTo", `relatedTo parameter must be in the form 'type[/code]' with a type of country, region, county, asn or geoasn, not '${relatedTo}'`);
  return id;
}

/** Registers the route on `app`. */
export function iodaEntitiesRoute(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  const { store } = deps;
  app.openapi(route, (c) => {
    const q = c.req.valid("query");
    if ((q.entityCode ?? "") !== "" && ((q.search ?? "") !== "" || (q.relatedTo ?? "") !== "")) {
      throw badParameter("entityCode", "entity type and code provided, no search or relatedTo can be used");
    }
    const type = q.entityType;
    const ids = q.entityCode === undefined || q.entityCode === "" || type === undefined
      ? undefined
      : q.entityCode.split(",").map((code) => entityIdOf(type, code)).filter((id): id is EntityId => id !== undefined);
    const found = searchEntities(store, {
      kinds: type === undefined ? undefined : [kindOfType(type)],
      ids, search: q.search, within: relatedEntity(q.relatedTo), limit: q.limit ?? IODA_ENTITY_LIMIT, page: q.page,
    });
    let data: IodaEntityJson[] = found.map((e) => iodaEntityJson(store, e.id));
    // IODA names an AS it has no record of "AS<n>" rather than answering nothing.
    if (data.length === 0 && type === "asn" && ids !== undefined) data = ids.map((id) => iodaEntityJson(store, id));
    const requestParameters = {
      relatedTo: q.relatedTo ?? null, search: q.search ?? null, limit: q.limit ?? null, page: q.page ?? null,
      entityType: q.entityType ?? null, entityCode: q.entityCode ?? null,
    };
    return c.json(iodaEnvelope("entities.lookup", requestParameters, { data }, c.get("requestTime")), 200);
  });
}
