/**
 * Damage found by fuzzing the reader (issue 11): intact records before a bad one are
 * never lost under `stop`; `skip` resynchronises only on a header that fits the data;
 * errors of the source keep their type. Damaged inputs are made from real files at run
 * time, in memory or in a temp dir.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import { gunzipSync, gzipSync } from "node:zlib";
import { MrtSyntaxError, SourceError } from "../src/model/errors.ts";
import { bgpdumpLines } from "../src/mrt/bgpdump-format.ts";
import { CompressedStreamError } from "../src/mrt/compressed-stream-error.ts";
import { ErrorPolicy, type OnError } from "../src/mrt/error-policy.ts";
import { MrtStream } from "../src/mrt/mrt-stream.ts";
import { openMrt } from "../src/mrt/open-mrt.ts";
import { readRawRecords } from "../src/mrt/read-raw-records.ts";
import { runCli } from "./run-cli.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const skip = sharedDataMissing();
const UPDATES = "updates.20020722.2238.gz";

/** A fresh copy of a bgpdump test file, decompressed (gunzipSync's Buffer.slice() would share it). */
function testData(name: string): Uint8Array {
  return new Uint8Array(gunzipSync(readFileSync(shared("mrt", "bgpdump", "test_data", name))));
}

/** bgpdump's own expected `-m` output for a file of its test_data. */
function bgpdumpExpected(name: string): string {
  return gunzipSync(readFileSync(shared("mrt", "bgpdump", "test_expect", `${name}.bgp.gz`))).toString();
}

/** Offsets of the record headers of an intact MRT byte string. */
function recordOffsets(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let p = 0; p + 12 <= bytes.length; p += 12 + view.getUint32(p + 8)) out.push(p);
  return out;
}

interface Read {
  readonly text: string;
  readonly offsets: number[];
  readonly error: unknown;
  readonly stream: MrtStream;
}

/** Reads `bytes` in chunks of `chunk` bytes (one chunk by default), as bgpdump lines. */
async function read(bytes: Uint8Array, onError: OnError, chunk = bytes.length): Promise<Read> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let p = 0; p < bytes.length; p += chunk) yield bytes.subarray(p, Math.min(bytes.length, p + chunk));
  }
  const stream = new MrtStream({ name: "damaged.mrt", chunks: chunks() }, { onError });
  let text = "";
  const offsets: number[] = [];
  let error: unknown;
  try {
    for await (const batch of stream.batches()) {
      for (const record of batch) {
        text += bgpdumpLines(record);
        offsets.push(record.offset);
      }
    }
  } catch (e: unknown) {
    error = e;
  }
  return { text, offsets, error, stream };
}

/** Frames `bytes` in chunks of `chunk` bytes under `skip`, without decoding the records. */
async function frame(bytes: Uint8Array, chunk: number): Promise<{ offsets: number[]; error: unknown; policy: ErrorPolicy }> {
  const chunks: Uint8Array[] = [];
  for (let p = 0; p < bytes.length; p += chunk) chunks.push(bytes.subarray(p, Math.min(bytes.length, p + chunk)));
  const policy = new ErrorPolicy("skip");
  const offsets: number[] = [];
  try {
    for await (const batch of readRawRecords(chunks, { file: "damaged.mrt", policy })) for (const raw of batch) offsets.push(raw.offset);
  } catch (error: unknown) {
    return { offsets, error, policy };
  }
  return { offsets, error: undefined, policy };
}

/** Mulberry32: a small seeded PRNG so the sweep is the same on every run. */
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

describe("stop: every intact record, then the error", { skip }, () => {
  /** The update file with record 10's BGP marker (bytes 16–31 of the BGP4MP body) zeroed. */
  const markerZeroed = (): { bytes: Uint8Array; offsets: number[] } => {
    const bytes = testData(UPDATES);
    const offsets = recordOffsets(bytes);
    const at = offsets[10]! + 12 + 16; // BGP4MP_MESSAGE, 2-byte ASNs, IPv4: 16 bytes before the marker
    assert.deepEqual([...bytes.subarray(at, at + 16)], new Array<number>(16).fill(0xff));
    bytes.fill(0, at, at + 16);
    return { bytes, offsets };
  };

  test("records 0–9 before a bad record 10 in the same batch are yielded before its error", async () => {
    const { bytes, offsets } = markerZeroed();
    const { text, error } = await read(bytes, "stop");
    assert.ok(error instanceof MrtSyntaxError, String(error));
    assert.equal(error.recordIndex, 10);
    assert.equal(error.offset, offsets[10]);
    assert.match(error.message, /BGP marker/);
    // bgpdump's expectation for the intact file: records 0–9 give its first 19 lines.
    const first19 = `${bgpdumpExpected(UPDATES).split("\n").slice(0, 19).join("\n")}\n`;
    assert.equal(text, first19);
  });

  test("mrt dump prints those 19 lines and exits 1", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "nightlight-damage-")), "marker10.mrt.gz");
    writeFileSync(path, gzipSync(markerZeroed().bytes));
    const result = await runCli(["mrt", "dump", path]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout.split("\n").length - 1, 19);
    assert.match(result.stderr, /Cannot parse MRT record 10 of .*marker10\.mrt\.gz at byte 531: BGP marker/);
  });
});

describe("skip: resynchronise only on a header that fits the data", { skip }, () => {
  test("record 0 with type 0xee10 and its length intact loses only record 0, as bgpdump does", async () => {
    const bytes = testData(UPDATES);
    const offsets = recordOffsets(bytes);
    bytes[4] = 0xee;
    bytes[5] = 0x10;
    const { text, error, stream } = await read(bytes, "skip");
    assert.equal(error, undefined);
    assert.equal(stream.skipped.records, 1);
    assert.equal(stream.skipped.bytes, offsets[1]);
    assert.match(stream.skipped.errors[0]?.message ?? "", /record 0 of damaged\.mrt at byte 0: type 60944 is not an MRT record type/);
    // Record 0 is a KEEPALIVE (no line): Debian bgpdump 1.6.2 prints the intact file's
    // 3,337 lines on this damaged file too.
    const expected = bgpdumpExpected(UPDATES);
    assert.equal(text.length, expected.length);
    assert.equal(text, expected);
  });

  test("a sweep of single-header damages never ends on a false header while real records follow", async () => {
    const random = prng(20261111);
    const files = [
      { name: UPDATES, records: Infinity },
      // The first 3,000 records keep the sweep quick.
      { name: "updates.20160811.1600.gz", records: 3000 },
      { name: "updates.et-header.2015.gz", records: 3000 },
    ];
    let cases = 0;
    let detected = 0;
    for (const file of files) {
      const all = testData(file.name);
      const allOffsets = recordOffsets(all);
      const whole = all.subarray(0, allOffsets[file.records] ?? all.length);
      const offsets = allOffsets.slice(0, file.records);
      const clean = await frame(whole, 65536);
      assert.equal(clean.error, undefined);
      for (let i = 0; i < 120; i++) {
        // Record 0 a third of the time: before it there is no timestamp to judge a candidate by.
        const k = random() < 1 / 3 ? 0 : Math.floor(random() * offsets.length);
        const byte = Math.floor(random() * 12);
        const bytes = new Uint8Array(whole);
        const old = bytes[offsets[k]! + byte]!;
        bytes[offsets[k]! + byte] = (old + 1 + Math.floor(random() * 255)) % 256;
        const chunk = 100 + Math.floor(random() * 20000);
        const { offsets: got, error, policy } = await frame(bytes, chunk);
        cases += 1;
        if (policy.report.records > 0) detected += 1;
        const where = `${file.name} record ${k} byte ${byte} ${old}→${bytes[offsets[k]! + byte]} in chunks of ${chunk}`;
        if (error !== undefined) {
          assert.ok(error instanceof MrtSyntaxError, `${where}: ${String(error)}`);
          const last = offsets[offsets.length - 1]!;
          assert.ok(error.offset >= last, `${where}: the read ended at byte ${error.offset} although real records follow: ${error.message}`);
        }
        // Timestamp, type, subtype and the length's top byte: at most the damaged record is lost.
        if (byte <= 8) {
          const kept = new Set(got);
          const lost = clean.offsets.filter((o) => !kept.has(o));
          assert.ok(lost.length <= 1, `${where}: lost ${lost.length} records (${lost.slice(0, 5).join(", ")}…)`);
          // One broken frame, one skip: a second means the scan locked onto a false header.
          assert.ok(policy.report.records <= 1, `${where}: ${policy.report.records} skips: ${policy.report.errors.map((e) => e.reason).join("; ")}`);
        }
      }
    }
    assert.equal(cases, 360);
    assert.ok(detected > cases / 3, `the damages should be noticed in many cases, were in ${detected} of ${cases}`);
  });

  test("a record whose length runs past the end is skipped when real records follow inside it", async () => {
    const bytes = testData(UPDATES);
    const offsets = recordOffsets(bytes);
    // Record 1000's length now ends 300 bytes past the end of the file.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    view.setUint32(offsets[1000]! + 8, bytes.length - offsets[1000]! - 12 + 300);
    const stopped = await read(bytes, "stop");
    assert.ok(stopped.error instanceof MrtSyntaxError);
    assert.equal(stopped.error.offset, offsets[1000]);
    assert.match(stopped.error.message, /the stream ends inside the record: declared length \d+ exceeds the \d+ bytes left/);
    const skipped = await read(bytes, "skip", 4096);
    assert.equal(skipped.error, undefined);
    assert.equal(skipped.stream.skipped.records, 1);
    assert.equal(skipped.stream.skipped.bytes, offsets[1001]! - offsets[1000]!);
    assert.deepEqual(skipped.offsets, offsets.filter((o) => o !== offsets[1000]));
    // A file cut inside its last record is still a truncation, under skip too.
    const cut = await read(testData(UPDATES).subarray(0, offsets[1120]! + 20), "skip", 4096);
    assert.ok(cut.error instanceof MrtSyntaxError);
    assert.equal(cut.error.offset, offsets[1120]);
  });
});

describe("errors of the source keep their type", { skip }, () => {
  const plain = (): Uint8Array => testData(UPDATES);

  test("an I/O error of the input is a SourceError after the records before it, not an MrtSyntaxError", async () => {
    const bytes = plain();
    const failing = new Readable({
      read() {
        this.push(bytes.subarray(0, 30_000));
        this.destroy(Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" }));
      },
    });
    const mrt = await openMrt("-", { stdin: failing });
    let records = 0;
    let error: unknown;
    try {
      for await (const record of mrt.records()) if (record.offset >= 0) records += 1;
    } catch (e: unknown) {
      error = e;
    }
    assert.ok(error instanceof SourceError, String(error));
    assert.ok(!(error instanceof MrtSyntaxError));
    // It keeps its type, carries its place, and names the record the failure cut.
    assert.match(error.message, /^Cannot read MRT record \d+ of - at byte \d+: Cannot read -: EIO: i\/o error/);
    assert.ok(typeof error.offset === "number" && error.offset > 0 && error.offset <= 30_000, String(error.offset));
    const complete = recordOffsets(bytes).filter((o) => o + 12 <= 30_000 && o + 12 + new DataView(bytes.buffer).getUint32(o + 8) <= 30_000);
    assert.equal(records, complete.length);
  });

  test("a bug in the source (a TypeError) and an abort reach the caller as themselves", async () => {
    const bug = new TypeError("source bug");
    const bytes = plain();
    async function* buggy(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, 5000);
      throw bug;
    }
    const broken = new MrtStream({ name: "buggy", chunks: buggy() });
    await assert.rejects(async () => {
      for await (const batch of broken.batches()) assert.ok(batch.length > 0);
    }, (e: unknown) => e === bug);

    const controller = new AbortController();
    const reason = new Error("stopped by the caller");
    const mrt = await openMrt(shared("mrt", "bgpdump", "test_data", "updates.20160811.1600.gz"), { signal: controller.signal });
    await assert.rejects(async () => {
      for await (const batch of mrt.batches()) if (batch.length > 0) controller.abort(reason);
    }, (e: unknown) => e === reason);
  });

  for (const bzip2 of ["js", "bzip2"] as const) {
    test(`a truncated bzip2 file (${bzip2} decoder) ends with a CompressedStreamError placed at the record it cut`, async () => {
      const file = "pyasn_rib.20140523.0600_firstMB.bz2";
      const mrt = await openMrt(shared("mrt", "samples", file), { bzip2 });
      let end = 0;
      let error: unknown;
      try {
        for await (const batch of mrt.batches()) {
          const last = batch[batch.length - 1];
          if (last !== undefined) end = last.offset;
        }
      } catch (e: unknown) {
        error = e;
      }
      assert.ok(error instanceof CompressedStreamError, String(error));
      assert.equal(error.damage, "truncated");
      assert.ok(error.record !== undefined && error.record.offset > end, `cut record at ${error.record?.offset}, last record at ${end}`);
      assert.match(error.message, new RegExp(`^Cannot parse MRT record ${error.record.recordIndex} of .*${file.replaceAll(".", "\\.")} at byte ${error.record.offset}: the stream ends inside the record: .*bzip2 stream ends early`));
    });
  }
});
