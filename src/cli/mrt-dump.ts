/** `nightlight mrt dump`: bgpdump -m lines or JSON elements from MRT files and URLs. */
import { UsageError } from "../model/errors.ts";
import { writeBgpdump } from "../mrt/bgpdump-format.ts";
import { LineWriter } from "../mrt/line-writer.ts";
import { elemJson } from "../mrt/elem-json.ts";
import type { OnError } from "../mrt/error-policy.ts";
import { MrtStream } from "../mrt/mrt-stream.ts";
import { openInput } from "../mrt/open-input.ts";
import { recordElems } from "../mrt/record-elems.ts";
import type { BgpElem } from "../model/bgp-elem.ts";
import { parseCliArgs } from "./parse-cli-args.ts";
import type { Command, CommandIo } from "./command.ts";
import { createProgress } from "./progress.ts";
import { writeOut } from "./write-out.ts";

const USAGE = `Usage: nightlight mrt dump [--format bgpdump|json] [--on-error stop|skip] FILE_OR_URL…

Prints every record of MRT files (plain, gzip or bzip2, recognised from their bytes),
http(s) URLs, or - for standard input.

  --format bgpdump   exactly what \`bgpdump -m\` prints (the default)
  --format json      one element per line: timestamp, type (A, W, STATE), peer_ip,
                     peer_asn, prefix, path_id, next_hop, as_path, origin_asns, …
  --on-error stop    stop at the first bad record and exit 1 (the default)
  --on-error skip    skip bad records, resynchronise, and report what was skipped
`;

/** Parses `--on-error`. */
export function parseOnError(value: string | undefined): OnError {
  if (value === undefined || value === "stop" || value === "skip") return value ?? "stop";
  throw new UsageError(`--on-error must be stop or skip, not '${value}'`);
}

async function dumpOne(source: string, format: "bgpdump" | "json", onError: OnError, io: CommandIo): Promise<number> {
  const input = await openInput(source, { stdin: io.stdin });
  const progress = createProgress(io.stderr);
  const stream = new MrtStream({ name: input.name, chunks: input }, { onError });
  const out = new LineWriter();
  const elems: BgpElem[] = [];
  try {
    for await (const batch of stream.batches()) {
      if (format === "bgpdump") {
        for (const record of batch) writeBgpdump(record, out);
      } else {
        elems.length = 0;
        for (const record of batch) recordElems(record, elems);
        for (const elem of elems) {
          out.text(elemJson(elem));
          out.byte(10);
        }
      }
      if (out.length > 1 << 19) await writeOut(io.stdout, out.take());
      progress.update(stream.bytesRead, undefined, input.name);
    }
  } finally {
    await writeOut(io.stdout, out.take());
    progress.end();
  }
  const skipped = stream.skipped;
  if (skipped.records > 0) {
    io.stderr.write(`nightlight mrt dump: skipped ${skipped.records} bad records (${skipped.bytes} bytes) in ${input.name}; first: ${skipped.errors[0]?.message ?? ""}\n`);
  }
  return 0;
}

export const MRT_DUMP: Command = {
  words: ["mrt", "dump"],
  summary: "print MRT records as bgpdump -m lines or JSON elements",
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCliArgs({
      args: [...args],
      allowPositionals: true,
      options: { format: { type: "string" }, "on-error": { type: "string" } },
    });
    const format = parsed.values.format ?? "bgpdump";
    if (format !== "bgpdump" && format !== "json") throw new UsageError(`--format must be bgpdump or json, not '${format}'`);
    const onError = parseOnError(parsed.values["on-error"]);
    if (parsed.positionals.length === 0) throw new UsageError("name at least one FILE_OR_URL (or - for standard input)");
    for (const source of parsed.positionals) {
      const code = await dumpOne(source, format, onError, io);
      if (code !== 0) return code;
    }
    return 0;
  },
};
