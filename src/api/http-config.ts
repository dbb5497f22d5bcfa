/**
 * The `http` section of the config file: where `nightlight serve` listens. `--host` and
 * `--port` override it. (Write tokens, `http.tokens`, extend this section.)
 */
import { z } from "zod";

/** 8080: the usual unprivileged HTTP port; IODA's clients need only the base URL changed. */
export const DEFAULT_PORT = 8080;
/** Loopback by default: serving beyond this machine is a choice made with --host. */
export const DEFAULT_HOST = "127.0.0.1";

/** The section's schema. */
export const HTTP_CONFIG = z.strictObject({
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65_535).optional(),
});

/** What the section holds. */
export type HttpConfig = z.infer<typeof HTTP_CONFIG>;
