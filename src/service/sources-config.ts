/**
 * The `sources` section of the config file: which archive collectors `nightlight serve`
 * ingests, from where, how far back the first start goes, when an absent file becomes a
 * hole, and how the BGP signal is counted. Every key is optional; docs/serve.md lists
 * the defaults and why (DEFAULT_COLLECTORS: the coverage they give).
 */
import { z } from "zod";
import { archiveProject } from "../archive/archive-files.ts";
import { BGP_ENTITY_KINDS } from "../routing/bin-points.ts";

/**
 * The default collectors: both projects' largest multi-hop collectors, whose peers are
 * full-feed networks all over the world (RIS rrc00 in Amsterdam, RouteViews route-views2
 * in Oregon), and RIS rrc26 at UAE-IX in Dubai, near the networks of Iran, Iraq, the
 * Gulf and the Horn of Africa. Two projects, so that one archive down leaves the other.
 * docs/serve.md ("Collectors") gives the reasoning and the collectors to add for more.
 */
export const DEFAULT_COLLECTORS: readonly string[] = ["route-views2", "rrc00", "rrc26"];

const collector = z.string().superRefine((name, ctx) => {
  try {
    archiveProject(name);
  } catch (error: unknown) {
    ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
  }
});

const base = z.string().min(1, { error: "must be a folder or an http(s) URL" });

/** The section's schema. */
export const SOURCES_CONFIG = z.strictObject({
  collectors: z.array(collector).min(1, { error: "must name at least one collector" }).optional(),
  /** One base for every collector (a mirror, a folder), or one per project. */
  archive: z.union([base, z.strictObject({ ris: base.optional(), routeviews: base.optional() })]).optional(),
  cache: z.string().min(1).optional(),
  retries: z.number().int().min(0).max(20).optional(),
  backfillHours: z.number().min(0).max(24 * 366).optional(),
  holeAfterMinutes: z.number().positive().max(7 * 24 * 60).optional(),
  fullFeedV4: z.number().int().min(0).optional(),
  fullFeedV6: z.number().int().min(0).optional(),
  visibleShare: z.number().gt(0).max(1).optional(),
  kinds: z.array(z.enum(BGP_ENTITY_KINDS as [string, ...string[]])).min(1).optional(),
});

/** What the section holds. */
export type SourcesConfig = z.infer<typeof SOURCES_CONFIG>;
