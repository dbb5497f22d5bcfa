/**
 * Bad input: truncated archives, corrupt lengths and attributes, and a fixed-seed fuzz
 * of mutated real files. The reader emits every intact record, then raises its own
 * error type naming the file and byte; `--on-error skip` resynchronises and counts.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, test } from "node:test";
import { MrtSyntaxError } from "../src/model/errors.ts";
import { bgpdumpLines } from "../src/mrt/bgpdump-format.ts";
import { MrtStream } from "../src/mrt/mrt-stream.ts";
import type { OnError } from "../src/mrt/error-policy.ts";
import { recordElems } from "../src/mrt/record-elems.ts";
import type { BgpElem } from "../src/model/bgp-elem.ts";
import { runCli } from "./run-cli.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const skip = sharedDataMissing();
const updates = (): Uint8Array => gunzipSync(readFileSync(shared("mrt", "bgpdump", "test_data", "updates.20020722.2238.gz")));

/** Offsets of the first `n` record headers of an MRT byte string. */
function recordOffsets(bytes: Uint8Array, n = Infinity): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let p = 0; p + 12 <= bytes.length && out.length < n; p += 12 + view.getUint32(p + 8)) out.push(p);
  return out;
}

async function dump(bytes: Uint8Array, onError: OnError, chunk = 4096): Promise<{ text: string; error?: unknown; stream: MrtStream }> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let p = 0; p < bytes.length; p += chunk) yield bytes.subarray(p, Math.min(bytes.length, p + chunk));
  }
  const stream = new MrtStream({ name: "mutated.mrt", chunks: chunks() }, { onError });
  let text = "";
  try {
    for await (const batch of stream.batches()) for (const r of batch) text += bgpdumpLines(r);
  } catch (error: unknown) {
    return { text, error, stream };
  }
  return { text, stream };
}

describe("truncated archives", { skip }, () => {
  for (const file of ["pyasn_rib.20080501.0644_firstMB.bz2", "pyasn_rib.20140523.0600_firstMB.bz2", "pyasn_rib6.20151101.0600_firstMB.bz2"]) {
    test(`${file}: every complete record, then an error naming the file and byte, exit 1`, async () => {
      const result = await runCli(["mrt", "dump", shared("mrt", "samples", file)]);
      assert.equal(result.code, 1);
      // Debian bgpdump prints the same complete records, then stops silently with exit 0.
      const expected = gunzipSync(readFileSync(shared("mrt", "expected-debian-bgpdump-1.6.2", `${file}.bgp.gz`))).toString();
      assert.equal(result.stdout, expected);
      assert.match(result.stderr, new RegExp(`Cannot parse MRT record \\d+ of .*${file.replaceAll(".", "\\.")} at byte \\d+: `));
      assert.match(result.stderr, /bzip2 stream ends early/);
    });
  }

  test("a plain MRT file cut inside a record yields all records before it, then the cut's offset", async () => {
    const bytes = updates();
    const offsets = recordOffsets(bytes);
    const cutAt = offsets[100]! + 20;
    const { text, error } = await dump(bytes.subarray(0, cutAt), "stop");
    assert.ok(error instanceof MrtSyntaxError);
    assert.equal(error.offset, offsets[100]);
    assert.equal(error.recordIndex, 100);
    assert.match(error.message, /declared length \d+ exceeds the 8 bytes left/);
    const whole = (await dump(bytes.subarray(0, offsets[100]!), "stop")).text;
    assert.equal(text, whole);
  });
});

describe("corrupt lengths and attributes", { skip }, () => {
  test("a hostile record length is refused before any allocation, with its offset", async () => {
    const bytes = updates().slice();
    const offsets = recordOffsets(bytes);
    new DataView(bytes.buffer).setUint32(offsets[50]! + 8, 0xfffffff0);
    const { error } = await dump(bytes, "stop");
    assert.ok(error instanceof MrtSyntaxError);
    assert.equal(error.offset, offsets[50]);
    assert.match(error.message, /declared length 4294967280 exceeds the limit of \d+ bytes/);
  });

  test("--on-error skip resynchronises on the next record and counts what it skipped", async () => {
    const original = updates();
    const bytes = original.slice();
    const offsets = recordOffsets(bytes);
    new DataView(bytes.buffer).setUint32(offsets[50]! + 8, 0xfffffff0);
    const { text, error, stream } = await dump(bytes, "skip");
    assert.equal(error, undefined);
    assert.equal(stream.skipped.records, 1);
    assert.equal(stream.skipped.bytes, offsets[51]! - offsets[50]!);
    // Exactly record 50's lines are missing.
    const all = (await dump(original, "stop")).text;
    const without = (await dump(new Uint8Array([...original.subarray(0, offsets[50]!), ...original.subarray(offsets[51]!)]), "stop")).text;
    assert.notEqual(all, without);
    assert.equal(text, without);
  });

  test("a corrupt attribute length gives a typed error with the record's offset; skip drops only that record", async () => {
    const bytes = updates().slice();
    const view = new DataView(bytes.buffer);
    const offsets = recordOffsets(bytes);
    // Find an UPDATE with attributes: BGP4MP MESSAGE, 2-byte ASNs, IPv4: the attribute
    // block starts 12 + 16 + 19 + 2 + withdrawn bytes into the record.
    let target = -1;
    let attrAt = -1;
    for (let i = 0; i < offsets.length; i++) {
      const o = offsets[i]!;
      if (view.getUint16(o + 4) !== 16 || view.getUint16(o + 6) !== 1 || bytes[o + 12 + 16 + 18] !== 2) continue;
      const w = view.getUint16(o + 12 + 16 + 19);
      const a = view.getUint16(o + 12 + 16 + 21 + w);
      if (a > 8) {
        target = i;
        attrAt = o + 12 + 16 + 23 + w;
        break;
      }
    }
    assert.ok(target >= 0);
    bytes[attrAt + 2] = 0xff; // first attribute now declares 255 bytes
    const stopped = await dump(bytes, "stop");
    assert.ok(stopped.error instanceof MrtSyntaxError);
    assert.equal(stopped.error.offset, offsets[target]);
    assert.equal(stopped.error.recordIndex, target);
    assert.match(stopped.error.message, /attribute \d+ declares 255 bytes/);
    const skipped = await dump(bytes, "skip");
    assert.equal(skipped.error, undefined);
    assert.equal(skipped.stream.skipped.records, 1);
  });

  test("the CLI exits 1 on a corrupt file and 0 with --on-error skip, saying what it skipped", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const bytes = updates().slice();
    const offsets = recordOffsets(bytes);
    new DataView(bytes.buffer).setUint32(offsets[7]! + 8, 0x7fffffff);
    const path = join(mkdtempSync(join(tmpdir(), "nightlight-")), "corrupt.mrt");
    writeFileSync(path, bytes);
    const stop = await runCli(["mrt", "dump", path]);
    assert.equal(stop.code, 1);
    assert.match(stop.stderr, new RegExp(`record 7 of .*corrupt\\.mrt at byte ${offsets[7]}: declared length 2147483647`));
    const skipped = await runCli(["mrt", "dump", "--on-error", "skip", path]);
    assert.equal(skipped.code, 0);
    assert.match(skipped.stderr, /skipped 1 bad records/);
    const bad = await runCli(["mrt", "dump", "--on-error", "maybe", path]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--on-error must be stop or skip/);
  });
});

/** Mulberry32: a small seeded PRNG so the fuzz cases are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("fuzz: mutated real files", { skip }, () => {
  const sources = ["updates.20160811.1600.gz", "bview.ipv6_unicast_add_path.gz", "updates.et-header.2015.gz", "bview.20020722.2337.gz"];
  test("the reader only ever raises MrtSyntaxError, never hangs, and skip mode always finishes", async () => {
    const random = prng(20261123);
    let cases = 0;
    let errors = 0;
    for (const name of sources) {
      const whole = gunzipSync(readFileSync(shared("mrt", "bgpdump", "test_data", name)));
      const offsets = recordOffsets(whole, 400);
      for (let i = 0; i < 150; i++) {
        const start = offsets[Math.floor(random() * (offsets.length - 20))]!;
        const bytes = whole.slice(start, Math.min(whole.length, start + 2048 + Math.floor(random() * 8192)));
        const mutations = 1 + Math.floor(random() * 8);
        for (let m = 0; m < mutations; m++) {
          const at = Math.floor(random() * bytes.length);
          const kind = random();
          if (kind < 0.5) bytes[at] = Math.floor(random() * 256);
          else if (kind < 0.8) bytes[at] = bytes[at]! ^ (1 << Math.floor(random() * 8));
          else bytes.fill(0xff, at, Math.min(bytes.length, at + 4));
        }
        for (const mode of ["stop", "skip"] as const) {
          cases += 1;
          const { error } = await dump(bytes, mode, 1 + Math.floor(random() * 3000));
          if (error !== undefined) {
            errors += 1;
            assert.ok(error instanceof MrtSyntaxError, `case ${cases} (${name}, ${mode}): ${String(error)}`);
            assert.match(error.message, /^Cannot parse MRT record \d+ of mutated\.mrt at byte \d+: /);
          }
          // The element iterator copes with whatever the decoder let through.
          const elems: BgpElem[] = [];
          const again = new MrtStream({ name: "mutated.mrt", chunks: [bytes] }, { onError: "skip" });
          try {
            for await (const batch of again.batches()) for (const r of batch) recordElems(r, elems);
          } catch (e: unknown) {
            assert.ok(e instanceof MrtSyntaxError, String(e));
          }
        }
      }
    }
    assert.equal(cases, sources.length * 300);
    assert.ok(errors > cases / 4, `mutations should break many cases, broke ${errors} of ${cases}`);
  });
});
