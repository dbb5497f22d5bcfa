/**
 * A secret in the config file: the text itself, or `{ "env": "NAME" }` to read it from
 * an environment variable when the config is loaded, so that the file can be shared
 * without it (docs/design/0002-observatory.md, "Configuration").
 */
import { z } from "zod";

/** The zod schema of a secret: a non-empty string or `{ env }`. */
export const secretSchema = z.union([
  z.string().min(1, "must not be empty"),
  z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name") }).strict(),
]);

/** A secret as written in the config. */
export type SecretConfig = z.infer<typeof secretSchema>;

/**
 * The value of a secret; `env` is the environment to read (default process.env).
 * Throws TypeError naming the variable when it is unset or empty: a missing secret
 * must stop the start, not sign with an empty key.
 */
export function resolveSecret(secret: SecretConfig, env: NodeJS.ProcessEnv = process.env): string {
  if (typeof secret === "string") return secret;
  const value = env[secret.env];
  if (value === undefined || value === "") throw new TypeError(`environment variable ${secret.env} is not set (the config names it for a secret)`);
  return value;
}
