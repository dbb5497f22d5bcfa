#!/usr/bin/env node
// Keeps the layout true to the pipeline: a stage under src/ may import only stages to
// its left in STAGES (and itself). A backward import or an unknown folder fails CI.
// Also keeps one definition of the wire walks: only src/bgp/ reads attribute headers.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, dirname, resolve, sep } from "node:path";

const STAGES = [
  "model", "bgp", "mrt", "archive", "entities", "signals", "routing", "live", "probing",
  "detect", "store", "chart", "report", "alerts", "service", "api", "cli",
];
// The path attribute walk (RFC 4271 §4.3) is defined once, in src/bgp/; a second walk
// elsewhere drifts from it (extended lengths, malformed flags). So only src/bgp/ may
// import the attribute header reader.
const ATTRIBUTE_HEADER = ["bgp", "attribute-header.ts"];
// TODO(issue 11): the MRT scanners still walk attributes themselves; move their walks
// into src/bgp/ and empty this list. A file that no longer imports it must leave the list.
const ATTRIBUTE_HEADER_EXCEPTIONS = new Set(["src/mrt/scan-rib-origins.ts"]);
const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const src = join(root, "src");

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (p.endsWith(".ts")) yield p;
  }
}

const stageOf = (file) => relative(src, file).split(sep)[0];
const problems = [];
const attributeHeader = join(src, ...ATTRIBUTE_HEADER);
const headerReaders = new Set();
for (const file of walk(src)) {
  const stage = stageOf(file);
  const rank = STAGES.indexOf(stage);
  if (rank < 0) {
    problems.push(`${relative(root, file)}: folder src/${stage} is not a known stage; add it to STAGES in scripts/check-layout.mjs`);
    continue;
  }
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+["'](\.[^"']+)["']/g)) {
    const target = resolve(dirname(file), m[1]);
    if (!target.startsWith(src + sep)) {
      problems.push(`${relative(root, file)}: imports ${m[1]}, outside src/`);
      continue;
    }
    if (target === attributeHeader && stage !== "bgp") {
      const name = relative(root, file).split(sep).join("/");
      headerReaders.add(name);
      if (!ATTRIBUTE_HEADER_EXCEPTIONS.has(name)) {
        problems.push(`${name}: imports ${m[1]}; only src/bgp/ may read attribute headers, so add the walk there`);
      }
    }
    const other = stageOf(target);
    const otherRank = STAGES.indexOf(other);
    if (otherRank > rank) {
      problems.push(`${relative(root, file)}: stage ${stage} imports ${m[1]} from stage ${other}, which comes after it`);
    }
  }
}
// The dashboard (web/) runs in the browser: of src/ it may use only the types (model) and
// the charts (chart), the code the PNG route draws with too.
const WEB_MAY_IMPORT = new Set(["model", "chart"]);
for (const file of walk(join(root, "web", "src"))) {
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+["'](\.[^"']+)["']/g)) {
    const target = resolve(dirname(file), m[1]);
    if (!target.startsWith(src + sep)) continue;
    if (!WEB_MAY_IMPORT.has(stageOf(target))) problems.push(`${relative(root, file)}: imports ${m[1]}; web/ may import only src/model and src/chart`);
  }
}
for (const name of ATTRIBUTE_HEADER_EXCEPTIONS) {
  if (!headerReaders.has(name)) problems.push(`${name}: no longer imports src/bgp/attribute-header.ts; remove it from ATTRIBUTE_HEADER_EXCEPTIONS`);
}
if (problems.length > 0) {
  console.error(`Layout check failed (${problems.length}):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.error(`Layout check passed: stages ${STAGES.join(" → ")}`);
