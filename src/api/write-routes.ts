/**
 * The routes that take a method other than GET, and the largest body each accepts.
 * Every other request with such a method is 405, and a body is refused beyond 1 KiB
 * (create-app.ts). A part that adds a write route adds it here (the probers' ingest
 * route, scope `ingest`).
 */

/** One write route: its method, its path as a pattern, its body limit. */
export interface WriteRoute {
  readonly method: "POST" | "PUT" | "DELETE";
  readonly path: RegExp;
  readonly maxBodyBytes: number;
}

/** The write routes of the API. */
export const WRITE_ROUTES: readonly WriteRoute[] = [
  { method: "POST", path: /^\/v1\/events\/\d{1,12}\/annotations$/, maxBodyBytes: 16 * 1024 },
  { method: "POST", path: /^\/v1\/webhooks$/, maxBodyBytes: 4 * 1024 },
  { method: "DELETE", path: /^\/v1\/webhooks\/\d{1,12}$/, maxBodyBytes: 1024 },
  // A round of a prober watching every /24 of a large country (ingest-route.ts).
  { method: "POST", path: /^\/v1\/ingest\/bins$/, maxBodyBytes: 8 * 1024 * 1024 },
];

/** The write route a request is for, or undefined. */
export function writeRouteOf(method: string, path: string): WriteRoute | undefined {
  return WRITE_ROUTES.find((r) => r.method === method && r.path.test(path));
}
