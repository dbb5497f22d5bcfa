/**
 * IODA's response envelope (InetIntel/ioda-api src/Response/Envelope.php, fields of
 * the "public" serializer group): `type`, `metadata` {requestTime, responseTime} as
 * PHP `gmdate('c')` (`2019-11-16T00:00:00+00:00`), `requestParameters` (the parsed
 * parameters, defaults included), `error` (null or a message), `perf`, `data` and
 * `copyright`. `error` and `data` exclude each other, as in setError()/setData().
 */

/** The envelope every `/v2/…` response is wrapped in. */
export interface IodaEnvelope<T> {
  readonly type: string;
  readonly metadata: { readonly requestTime: string; readonly responseTime: string };
  readonly requestParameters: Readonly<Record<string, unknown>>;
  readonly error: string | null;
  readonly perf: unknown;
  readonly data: T | null;
  readonly copyright: string;
}

/** Nightlight's line where IODA states its own copyright: the data here is not IODA's. */
export const NIGHTLIGHT_COPYRIGHT = "Served by Nightlight (BSD-2-Clause) from its own store; sources and methods at /v1/sources.";

/** PHP gmdate('c') of a time in ms: ISO 8601 in seconds with `+00:00`. */
export function phpIsoTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "+00:00");
}

/** The envelope of a response: data on success, or an error message and null data. */
export function iodaEnvelope<T>(
  type: string,
  requestParameters: Readonly<Record<string, unknown>>,
  outcome: { readonly data: T; readonly perf?: unknown } | { readonly error: string },
  requestTime: number,
  now: number = Date.now(),
): IodaEnvelope<T> {
  const metadata = { requestTime: phpIsoTime(requestTime), responseTime: phpIsoTime(now) };
  if ("error" in outcome) return { type, metadata, requestParameters, error: outcome.error, perf: null, data: null, copyright: NIGHTLIGHT_COPYRIGHT };
  return { type, metadata, requestParameters, error: null, perf: outcome.perf ?? null, data: outcome.data, copyright: NIGHTLIGHT_COPYRIGHT };
}
