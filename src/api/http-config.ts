/**
 * The `http` section of the config file: where `nightlight serve` listens (`--host` and
 * `--port` override it) and who may write through the API (`tokens`).
 */
import { z } from "zod";
import { httpTokensSchema } from "../service/http-tokens-config.ts";

/** 8080: the usual unprivileged HTTP port; IODA's clients need only the base URL changed. */
export const DEFAULT_PORT = 8080;
/** Loopback by default: serving beyond this machine is a choice made with --host. */
export const DEFAULT_HOST = "127.0.0.1";

/** The section's schema. */
export const HTTP_CONFIG = z.strictObject({
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65_535).optional(),
  tokens: httpTokensSchema.optional(),
});

/** What the section holds. */
export type HttpConfig = z.infer<typeof HTTP_CONFIG>;
