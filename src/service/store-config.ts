/** The `store` section of the config file: `{ "db": "nightlight.db" }` (the store file; `--db` overrides it). */
import { z } from "zod";

/** The section's schema. */
export const STORE_CONFIG = z.strictObject({
  db: z.string().min(1, { error: "must name the store file" }).optional(),
});

/** What the section holds. */
export type StoreConfig = z.infer<typeof STORE_CONFIG>;
