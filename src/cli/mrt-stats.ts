/** `nightlight mrt stats`: a quick look at MRT files, and the element iterator's speed. */
import { UsageError } from "../model/errors.ts";
import { MrtStatsCollector, type MrtStats } from "../mrt/mrt-stats.ts";
import { MrtStream } from "../mrt/mrt-stream.ts";
import { openInput } from "../mrt/open-input.ts";
import { parseCliArgs } from "./parse-cli-args.ts";
import type { Command } from "./command.ts";
import { parseOnError } from "./mrt-dump.ts";
import { createProgress } from "./progress.ts";

const USAGE = `Usage: nightlight mrt stats [--format text|json] [--on-error stop|skip] FILE_OR_URL…

Counts records by type, elements by kind (announce, withdraw, state), the peers (with
their element counts), and the time span of each MRT file.
`;

/** Peers listed in the text output; JSON lists all. */
const PEERS_SHOWN = 10;

function iso(t: number | null): string {
  return t === null ? "-" : new Date(t * 1000).toISOString().replace(".000Z", "Z");
}

function text(name: string, s: MrtStats, bytes: number, seconds: number, skipped: number): string {
  const total = s.elements.A + s.elements.W + s.elements.STATE;
  const lines = [`${name}`];
  lines.push(`  bytes        ${bytes} (decompressed)`);
  lines.push(`  time span    ${iso(s.first)} .. ${iso(s.last)}`);
  lines.push(`  peers        ${s.peers.length}${s.peers.length > 0 ? " (AS, address, elements; most first)" : ""}`);
  for (const p of s.peers.slice(0, PEERS_SHOWN)) lines.push(`    AS${String(p.asn).padEnd(10)} ${p.ip.padEnd(39)} ${p.elements}`);
  if (s.peers.length > PEERS_SHOWN) lines.push(`    … ${s.peers.length - PEERS_SHOWN} more (--format json lists all)`);
  lines.push(`  elements     ${total}: ${s.elements.A} announce, ${s.elements.W} withdraw, ${s.elements.STATE} state`);
  lines.push(`  records`);
  for (const [k, n] of Object.entries(s.records)) lines.push(`    ${k.padEnd(36)} ${n}`);
  if (skipped > 0) lines.push(`  skipped      ${skipped} bad records`);
  lines.push(`  read in      ${seconds.toFixed(2)} s (${seconds > 0 ? Math.round(total / seconds) : 0} elements/s)`);
  return `${lines.join("\n")}\n`;
}

export const MRT_STATS: Command = {
  words: ["mrt", "stats"],
  summary: "count records, elements, peers and time span of MRT files",
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCliArgs({
      args: [...args],
      allowPositionals: true,
      options: { format: { type: "string" }, "on-error": { type: "string" } },
    });
    const format = parsed.values.format ?? "text";
    if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not '${format}'`);
    const onError = parseOnError(parsed.values["on-error"]);
    if (parsed.positionals.length === 0) throw new UsageError("name at least one FILE_OR_URL (or - for standard input)");
    for (const source of parsed.positionals) {
      const started = performance.now();
      const input = await openInput(source, { stdin: io.stdin });
      const stream = new MrtStream({ name: input.name, chunks: input }, { onError });
      const stats = new MrtStatsCollector();
      const progress = createProgress(io.stderr);
      try {
        for await (const batch of stream.batches()) {
          stats.add(batch);
          progress.update(stream.bytesRead, undefined, input.name);
        }
      } finally {
        progress.end();
      }
      const seconds = (performance.now() - started) / 1000;
      const result = stats.result();
      if (format === "json") {
        io.stdout.write(`${JSON.stringify({ file: input.name, bytes: stream.bytesRead, ...result, skipped: stream.skipped.records })}\n`);
      } else {
        io.stdout.write(text(input.name, result, stream.bytesRead, seconds, stream.skipped.records));
      }
    }
    return 0;
  },
};
