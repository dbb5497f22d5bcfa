/**
 * The write routes, each behind a token with scope `write` (require-scope.ts) and its
 * own body limit (write-routes.ts): a note on an event, and webhooks added, listed and
 * deleted through the API (alerted like the config's; docs/events.md). Bodies are JSON
 * validated by zod: a missing or wrong field is a 400 naming it.
 */
import { randomBytes } from "node:crypto";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { ALERT_STATES, DEFAULT_ALERT_STATES } from "../alerts/alerts-config.ts";
import type { StoredWebhook } from "../model/stored-event.ts";
import { ApiError } from "./api-error.ts";
import type { ApiDeps, ApiEnv } from "./api-env.ts";
import { intParam } from "./params.ts";
import { requireScope } from "./require-scope.ts";
import { writableStore as writable } from "./writable-store.ts";
import { entityParam } from "./v1-routes.ts";

const iso = (t: number): string => new Date(t).toISOString().replace(".000Z", "Z");
const bearer = [{ bearer: [] }];
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true });

const annotationBody = z.object({
  text: z.string().trim().min(1, "must not be empty").max(4000, "must be at most 4000 characters"),
  author: z.string().trim().min(1).max(100).optional().openapi({ description: "Default: the token's name" }),
}).strict();

const httpUrl = z.string().max(2000).refine((u) => {
  try {
    return ["http:", "https:"].includes(new URL(u).protocol);
  } catch {
    return false;
  }
}, "must be an http:// or https:// URL");

const webhookBody = z.object({
  url: httpUrl,
  entities: z.array(entityParam).min(1, "must name at least one entity").max(50),
  within: z.boolean().optional().openapi({ description: "Also the regions, counties and networks within them (default false)" }),
  states: z.array(z.enum(ALERT_STATES)).min(1).optional().openapi({ description: "Default open, deepening, closed" }),
  secret: z.string().min(16, "must be at least 16 characters").max(200).optional().openapi({ description: "The shared secret of the signatures; default one made here and returned once" }),
}).strict();

const annotateRoute = createRoute({
  method: "post", path: "/v1/events/{id}/annotations", summary: "Add a note to an event (token with scope write)", tags: ["Nightlight writes"],
  security: bearer,
  request: { params: z.object({ id: intParam(1e12) }), body: json(annotationBody) },
  responses: { 201: { description: "annotation: id, time, author, text" } },
});
const addWebhookRoute = createRoute({
  method: "post", path: "/v1/webhooks", summary: "Add a webhook (token with scope write)", tags: ["Nightlight writes"],
  security: bearer, request: { body: json(webhookBody) },
  responses: { 201: { description: "webhook: id, url, entities, within, states, createdAt, createdBy; secret (only here)" } },
});
const listWebhooksRoute = createRoute({
  method: "get", path: "/v1/webhooks", summary: "The webhooks added through the API, without their secrets (token with scope write)", tags: ["Nightlight writes"],
  security: bearer, responses: { 200: { description: "webhooks" } },
});
const deleteWebhookRoute = createRoute({
  method: "delete", path: "/v1/webhooks/{id}", summary: "Delete a webhook (token with scope write)", tags: ["Nightlight writes"],
  security: bearer, request: { params: z.object({ id: intParam(1e12) }) },
  responses: { 200: { description: "deleted: id" }, 404: { description: "no such webhook" } },
});

function webhookJson(w: StoredWebhook) {
  return { id: w.id, url: w.url, entities: w.entities, within: w.within, states: w.states, createdAt: iso(w.createdAt), createdBy: w.createdBy };
}

/** Registers the routes on `app`. */
export function v1WriteRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  const now = deps.now ?? Date.now;
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", description: "A token whose SHA-256 is in http.tokens with the route's scope" });
  for (const route of [annotateRoute, addWebhookRoute, listWebhooksRoute, deleteWebhookRoute]) app.use(route.path.replace(/\{(\w+)\}/g, ":$1"), async (c, next) => {
    // The token, then whether this server writes at all, before the body: a request
    // without a token learns nothing about the body's rules.
    if (c.req.method !== route.method.toUpperCase()) return next();
    return requireScope(deps.tokens, "write")(c, async () => {
      writable(deps);
      await next();
    });
  });
  app.openapi(annotateRoute, (c) => {
    const store = writable(deps);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    if (store.events.get(id) === undefined) throw new ApiError("not-found", `No event ${id}`);
    const note = store.events.annotate(id, { time: now(), author: body.author ?? c.get("tokenName"), text: body.text });
    deps.onWrite?.("annotation");
    return c.json({ annotation: { id: note.id, event: id, time: iso(note.time), author: note.author, text: note.text } }, 201);
  });
  app.openapi(addWebhookRoute, (c) => {
    const store = writable(deps);
    const body = c.req.valid("json");
    const secret = body.secret ?? randomBytes(32).toString("base64url");
    const hook = store.events.addWebhook({
      url: body.url, secret, entities: body.entities, within: body.within ?? false, states: body.states ?? [...DEFAULT_ALERT_STATES],
      createdAt: now(), createdBy: c.get("tokenName"),
    });
    deps.onWrite?.("webhook");
    return c.json({ webhook: webhookJson(hook), secret }, 201);
  });
  app.openapi(listWebhooksRoute, (c) => c.json({ webhooks: writable(deps).events.webhooks().map(webhookJson) }, 200));
  app.openapi(deleteWebhookRoute, (c) => {
    const { id } = c.req.valid("param");
    if (!writable(deps).events.deleteWebhook(id, now())) throw new ApiError("not-found", `No webhook ${id}`);
    deps.onWrite?.("webhook");
    return c.json({ deleted: id }, 200);
  });
}
