/**
 * A secret in the config file (an SMTP password, a webhook's shared secret, an API
 * token): written in place, or as `{ "env": "NAME" }` to read the environment variable
 * NAME when the file is loaded, so that the file itself can be shared (design note
 * 0002, "Configuration"). An unset variable is an error naming the key and the variable.
 */
import { z } from "zod";

/** The schema of a secret; it reads to the secret's text. */
export const SECRET_CONFIG = z.union([
  z.string().min(1, { error: "must not be empty" }),
  z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "must be an environment variable name" }) }),
]).transform((value, ctx) => {
  if (typeof value === "string") return value;
  const text = process.env[value.env];
  if (text === undefined || text === "") {
    ctx.addIssue({ code: "custom", message: `environment variable ${value.env} is not set` });
    return z.NEVER;
  }
  return text;
});
