import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import type { TestContext } from "node:test";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { SourceError } from "../model/errors.ts";
import { CompressedStreamError } from "./compressed-stream-error.ts";
import { detectCompression } from "./detect-compression.ts";
import { openInput } from "./open-input.ts";
import type { Bzip2Choice, OpenInputOptions } from "./open-input.ts";

/** The repository root: the nearest folder above this file holding package.json. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("package.json not found above the test file");
    dir = up;
  }
  return dir;
}

const DATA = resolve(repoRoot(), "../shared/data");
const MRT = join(DATA, "mrt");
const HAVE_DATA = existsSync(MRT);
const TEST_DATA = join(MRT, "bgpdump/test_data");
const SAMPLES = join(MRT, "samples");

/** Skips a test that needs ../shared/data when it is absent; returns whether to go on. */
function needData(t: TestContext): boolean {
  if (HAVE_DATA) return true;
  t.skip(`../shared/data absent: expected MRT files under ${MRT}`);
  return false;
}

function onPath(command: string): boolean {
  return (process.env["PATH"] ?? "").split(delimiter).some((dir) => existsSync(join(dir, command)));
}

/** The bzip2 decoders this machine can run (`js` always). */
const BZIP2_DECODERS: readonly Bzip2Choice[] = (["lbzip2", "bzip2", "js"] as const).filter((d) => d === "js" || onPath(d));

/**
 * Sum of the decompressed sizes of the complete blocks of the deliberately truncated
 * pyasn files, measured with `bzip2recover FILE` then `bzip2 -dc rec*FILE | wc -c`.
 */
const PYASN_COMPLETE_BLOCKS: ReadonlyMap<string, number> = new Map([
  ["pyasn_rib.20080501.0644_firstMB.bz2", 9_876_188],
  ["pyasn_rib.20140523.0600_firstMB.bz2", 15_274_550],
  ["pyasn_rib6.20151101.0600_firstMB.bz2", 12_132_997],
]);

interface Drained {
  readonly bytes: number;
  readonly sha256: string;
  /** Hash of the first `prefix` bytes, when asked for. */
  readonly prefixSha256: string;
  readonly error: unknown;
}

/** Reads an input to its end, hashing what it yields and catching its final error. */
async function drain(input: AsyncIterable<Uint8Array>, prefix = 0): Promise<Drained> {
  const hash = createHash("sha256");
  const prefixHash = createHash("sha256");
  let bytes = 0;
  let error: unknown;
  try {
    for await (const chunk of input) {
      hash.update(chunk);
      if (bytes < prefix) prefixHash.update(chunk.subarray(0, prefix - bytes));
      bytes += chunk.length;
    }
  } catch (caught: unknown) {
    error = caught;
  }
  return { bytes, sha256: hash.digest("hex"), prefixSha256: prefixHash.digest("hex"), error };
}

/** Output of a reference command (`gzip -cd FILE`), hashed; stderr and exit status ignored. */
function reference(command: string, args: readonly string[]): { bytes: number; sha256: string } {
  let out: Buffer;
  try {
    out = execFileSync(command, args, { maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "ignore"] });
  } catch (error: unknown) {
    out = (error as { stdout: Buffer }).stdout;
  }
  return { bytes: out.length, sha256: createHash("sha256").update(out).digest("hex") };
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Commands of this process's living children, from /proc (Linux). */
function childCommands(): string[] {
  const names: string[] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const fields = stat.slice(close + 2).split(" ");
      if (Number(fields[1]) === process.pid && fields[0] !== "Z") names.push(stat.slice(stat.indexOf("(") + 1, close));
    } catch {
      // The process ended while we looked.
    }
  }
  return names;
}

/** Whether this process holds `path` open, from /proc/self/fd (Linux). */
function holdsOpen(path: string): boolean {
  // /proc shows the resolved path: ../shared may be a symbolic link.
  const real = realpathSync(path);
  return readdirSync("/proc/self/fd").some((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === real;
    } catch {
      return false;
    }
  });
}

let tmp = "";
before(() => {
  tmp = mkdtempSync(join(tmpdir(), "nightlight-open-input-"));
});
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe("detectCompression()", () => {
  test("recognises gzip and bzip2 magic, anything else is plain", () => {
    assert.equal(detectCompression(Uint8Array.of(0x1f, 0x8b, 8, 0)), "gzip");
    assert.equal(detectCompression(new TextEncoder().encode("BZh9")), "bzip2");
    assert.equal(detectCompression(new TextEncoder().encode("BZh0")), "none");
    assert.equal(detectCompression(new TextEncoder().encode("BZh")), "none");
    assert.equal(detectCompression(Uint8Array.of(0, 0, 0, 0x2c)), "none");
    assert.equal(detectCompression(new Uint8Array(0)), "none");
  });
});

describe("openInput() on real files", () => {
  test("gunzips real MRT archives exactly as `gzip -cd`", async (t) => {
    if (!needData(t)) return;
    for (const name of ["bview.20020722.2337.gz", "updates.et-header.2015.gz", "updates.20020722.2238.gz"]) {
      const file = join(TEST_DATA, name);
      const input = await openInput(file);
      assert.equal(input.compression, "gzip");
      assert.equal(input.name, file);
      const got = await drain(input);
      assert.equal(got.error, undefined);
      assert.deepEqual({ bytes: got.bytes, sha256: got.sha256 }, reference("gzip", ["-cd", file]), name);
    }
  });

  for (const decoder of BZIP2_DECODERS) {
    test(`decompresses real bzip2 files exactly as \`bzip2 -dc\` (${decoder})`, async (t) => {
      if (!needData(t)) return;
      const files = [
        join(SAMPLES, "ryu_updates.20161101.0000.bz2"),
        join(SAMPLES, "ryu_rib.20161101.0000_pick.bz2"),
        join(SAMPLES, "libbgpstream_routeviews.route-views.jinx.updates.1427846400.bz2"),
        join(DATA, "topology/caida_serial-1_20161101.as-rel.txt.bz2"),
      ];
      for (const file of files) {
        const input = await openInput(file, { bzip2: decoder });
        assert.equal(input.compression, "bzip2");
        assert.equal(input.decoder, decoder);
        const got = await drain(input);
        assert.equal(got.error, undefined);
        assert.deepEqual({ bytes: got.bytes, sha256: got.sha256 }, reference("bzip2", ["-dc", file]), file);
      }
    });
  }

  test("passes plain MRT files through unchanged", async (t) => {
    if (!needData(t)) return;
    for (const name of ["mrtparse_bird6_bgp", "mrtparse_openbgpd_rib_table", "mrtparse_quagga_rib"]) {
      const file = join(SAMPLES, name);
      const input = await openInput(file);
      assert.equal(input.compression, "none");
      assert.equal(input.decoder, "none");
      const got = await drain(input);
      assert.equal(got.error, undefined);
      assert.equal(got.sha256, sha256(readFileSync(file)), name);
    }
  });

  test("recognises compression from the bytes, not the name", async (t) => {
    if (!needData(t)) return;
    const gz = join(TEST_DATA, "updates.20020722.2238.gz");
    const misnamedGzip = join(tmp, "updates-really-gzip.bz2");
    writeFileSync(misnamedGzip, readFileSync(gz));
    const bz2 = join(SAMPLES, "ryu_updates.20161101.0000.bz2");
    const misnamedBzip2 = join(tmp, "updates-really-bzip2.gz");
    writeFileSync(misnamedBzip2, readFileSync(bz2));
    const asGzip = await openInput(misnamedGzip);
    assert.equal(asGzip.compression, "gzip");
    assert.equal((await drain(asGzip)).sha256, reference("gzip", ["-cd", gz]).sha256);
    const asBzip2 = await openInput(misnamedBzip2);
    assert.equal(asBzip2.compression, "bzip2");
    assert.equal((await drain(asBzip2)).sha256, reference("bzip2", ["-dc", bz2]).sha256);
  });

  test("reads every member of a concatenated gzip file", async (t) => {
    if (!needData(t)) return;
    const mrt = execFileSync("gzip", ["-cd", join(TEST_DATA, "updates.20020722.2238.gz")], { maxBuffer: 1 << 30 });
    const half = mrt.length >> 1;
    const file = join(tmp, "two-members.gz");
    writeFileSync(file, Buffer.concat([gzipSync(mrt.subarray(0, half)), gzipSync(mrt.subarray(half))]));
    const got = await drain(await openInput(file));
    assert.equal(got.error, undefined);
    assert.equal(got.bytes, mrt.length);
    assert.equal(got.sha256, sha256(mrt));
  });

  for (const decoder of BZIP2_DECODERS) {
    test(`reads every stream of a concatenated bzip2 file (${decoder})`, async (t) => {
      if (!needData(t)) return;
      const a = join(SAMPLES, "ryu_updates.20161101.0000.bz2");
      const b = join(SAMPLES, "libbgpstream_routeviews.route-views.jinx.updates.1427846400.bz2");
      const file = join(tmp, `two-streams-${decoder}.bz2`);
      writeFileSync(file, Buffer.concat([readFileSync(a), readFileSync(b)]));
      const got = await drain(await openInput(file, { bzip2: decoder }));
      assert.equal(got.error, undefined);
      assert.equal(got.sha256, reference("bzip2", ["-dc", file]).sha256);
    });
  }

  test("rejects a missing file with a SourceError naming it", async () => {
    const missing = join(tmp, "no-such-file.gz");
    await assert.rejects(openInput(missing), (error: unknown) => {
      assert.ok(error instanceof SourceError);
      assert.equal(error.source, missing);
      assert.match(error.message, /no-such-file\.gz: ENOENT/);
      return true;
    });
  });

  test("can be iterated only once", async (t) => {
    if (!needData(t)) return;
    const input = await openInput(join(SAMPLES, "mrtparse_quagga_rib"));
    await drain(input);
    assert.throws(() => input[Symbol.asyncIterator](), TypeError);
  });
});

describe("openInput() on truncated and corrupt input", () => {
  test("yields every byte of a truncated gzip file, then a CompressedStreamError", async (t) => {
    if (!needData(t)) return;
    const file = join(tmp, "cut.gz");
    writeFileSync(file, readFileSync(join(TEST_DATA, "updates.et-header.2015.gz")).subarray(0, 1_500_000));
    const expected = reference("gzip", ["-cd", file]);
    assert.ok(expected.bytes > 0);
    const got = await drain(await openInput(file));
    assert.equal(got.bytes, expected.bytes);
    assert.equal(got.sha256, expected.sha256);
    assert.ok(got.error instanceof CompressedStreamError, String(got.error));
    assert.ok(got.error instanceof SourceError);
    assert.equal(got.error.damage, "truncated");
    assert.equal(got.error.offset, expected.bytes);
    assert.match(got.error.message, /cut\.gz: the gzip stream ends early \(after \d+ decompressed bytes\)/);
  });

  for (const decoder of BZIP2_DECODERS) {
    test(`yields every complete block of the truncated pyasn bzip2 files, then a CompressedStreamError (${decoder})`, async (t) => {
      if (!needData(t)) return;
      for (const [name, complete] of PYASN_COMPLETE_BLOCKS) {
        const file = join(SAMPLES, name);
        // What `bzip2 -dc` salvages (it drops its last partial 5000-byte buffer) is a prefix of ours.
        const salvaged = execFileSync("sh", ["-c", 'bzip2 -dc "$1" 2>/dev/null; true', "sh", file], { maxBuffer: 1 << 30 });
        assert.ok(salvaged.length <= complete && complete - salvaged.length < 5000, `${name}: bzip2 -dc gave ${salvaged.length}`);
        const got = await drain(await openInput(file, { bzip2: decoder }), salvaged.length);
        assert.equal(got.bytes, complete, name);
        assert.ok(got.error instanceof CompressedStreamError, String(got.error));
        assert.equal(got.error.damage, "truncated");
        assert.equal(got.error.offset, complete);
        assert.ok(got.error.message.includes(file), got.error.message);
        assert.match(got.error.message, /the bzip2 stream ends early/);
        assert.equal(got.prefixSha256, sha256(salvaged), `${name}: bzip2 -dc output is a prefix of ours`);
      }
    });
  }

  test("yields the same bytes from a truncated bzip2 stream on stdin (js decoder)", async (t) => {
    if (!needData(t)) return;
    const [name, complete] = [...PYASN_COMPLETE_BLOCKS][1] ?? ["", 0];
    const input = await openInput("-", { stdin: Readable.from([readFileSync(join(SAMPLES, name))]), bzip2: "js" });
    const got = await drain(input);
    assert.equal(got.bytes, complete);
    assert.ok(got.error instanceof CompressedStreamError);
    assert.match(got.error.message, /^Cannot read -: the bzip2 stream ends early/);
  });

  for (const decoder of BZIP2_DECODERS) {
    test(`reports a corrupt bzip2 block after the good blocks before it (${decoder})`, async (t) => {
      if (!needData(t)) return;
      // Damage the third of the 17 complete blocks of a real file.
      const original = readFileSync(join(SAMPLES, "pyasn_rib.20140523.0600_firstMB.bz2"));
      const bytes = Buffer.from(original);
      const at = Math.floor(bytes.length * 0.15);
      bytes[at] = (bytes[at] ?? 0) ^ 0x55;
      const file = join(tmp, `corrupt-${decoder}.bz2`);
      writeFileSync(file, bytes);
      const got = await drain(await openInput(file, { bzip2: decoder }));
      assert.ok(got.error instanceof CompressedStreamError, String(got.error));
      assert.equal(got.error.damage, "corrupt");
      assert.match(got.error.message, /block 3 is corrupt: block CRC mismatch/);
      // Our decoder checks each block's CRC before yielding it; bzip2 and lbzip2 write a
      // corrupt block's bytes before they check, and say so through `delivered`.
      assert.equal(got.error.offset, 2_695_594);
      assert.equal(got.error.delivered, got.bytes);
      if (decoder === "js") assert.equal(got.bytes, got.error.offset);
      // Whether lbzip2 wrote the corrupt block before its CRC check failed depends on its
      // threads' timing; the message must say so exactly when it did.
      else {
        assert.ok(got.bytes >= got.error.offset, `${got.bytes} delivered, ${got.error.offset} verified`);
        if (got.bytes > got.error.offset) assert.match(got.error.message, new RegExp(`; ${got.bytes - got.error.offset} bytes after them were delivered unverified`));
        else assert.doesNotMatch(got.error.message, /unverified/);
      }
      // The verified bytes are the true start of the file.
      const good = join(SAMPLES, "pyasn_rib.20140523.0600_firstMB.bz2");
      const head = execFileSync("sh", ["-c", 'bzip2 -dc "$1" 2>/dev/null | head -c "$2"; true', "sh", good, String(got.error.offset)], { maxBuffer: 1 << 30 });
      const again = await drain(await openInput(file, { bzip2: decoder }), got.error.offset);
      assert.equal(again.prefixSha256, sha256(head));
    });
  }
});

describe("openInput() on standard input", () => {
  test("reads `-` from an injected stream, even one byte at a time at the start", async (t) => {
    if (!needData(t)) return;
    const gz = readFileSync(join(TEST_DATA, "updates.20020722.2238.gz"));
    const chunks = [gz.subarray(0, 1), gz.subarray(1, 2), gz.subarray(2, 3), gz.subarray(3)];
    const input = await openInput("-", { stdin: Readable.from(chunks) });
    assert.equal(input.name, "-");
    assert.equal(input.compression, "gzip");
    const got = await drain(input);
    assert.equal(got.sha256, reference("gzip", ["-cd", join(TEST_DATA, "updates.20020722.2238.gz")]).sha256);
  });

  test("reads `-` from a child process's pipe", async (t) => {
    if (!needData(t)) return;
    const file = join(SAMPLES, "ryu_updates.20161101.0000.bz2");
    const cat = spawn("cat", [file], { stdio: ["ignore", "pipe", "inherit"] });
    const got = await drain(await openInput("-", { stdin: cat.stdout }));
    assert.equal(got.error, undefined);
    assert.equal(got.sha256, reference("bzip2", ["-dc", file]).sha256);
  });

  test("reads an empty stdin as an empty plain input", async () => {
    const input = await openInput("-", { stdin: Readable.from([]) });
    assert.equal(input.compression, "none");
    assert.equal((await drain(input)).bytes, 0);
  });
});

describe("openInput() on http URLs", () => {
  let server: Server | undefined;
  let base = "";
  before(async () => {
    server = createServer((request, response) => {
      const name = (request.url ?? "/").slice(1);
      // `/moved/NAME` redirects twice, as mirrors and CDNs do: to `/moved-again/NAME`, then to `/NAME`.
      for (const [from, to] of [["moved/", "/moved-again/"], ["moved-again/", "/"]] as const) {
        if (name.startsWith(from)) {
          response.writeHead(from === "moved/" ? 301 : 302, { location: `${to}${name.slice(from.length)}` }).end();
          return;
        }
      }
      const file = join(SAMPLES, name);
      if (name === "" || name.includes("/") || !existsSync(file)) {
        response.writeHead(404, { "content-type": "text/plain" }).end("not here\n");
        return;
      }
      response.writeHead(200, { "content-type": "application/octet-stream" });
      // Small writes so the body arrives in many chunks.
      const bytes = readFileSync(file);
      let at = 0;
      const next = (): void => {
        if (at >= bytes.length) {
          response.end();
          return;
        }
        const part = bytes.subarray(at, at + 4096);
        at += part.length;
        if (response.write(part)) setImmediate(next);
        else response.once("drain", next);
      };
      next();
    });
    await new Promise<void>((done) => server?.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((done) => server?.close(done));
  });

  test("streams and decompresses a URL's body", async (t) => {
    if (!needData(t)) return;
    const url = `${base}/ryu_updates.20161101.0000.bz2`;
    const input = await openInput(url);
    assert.equal(input.name, url);
    assert.equal(input.compression, "bzip2");
    const got = await drain(input);
    assert.equal(got.error, undefined);
    assert.equal(got.sha256, reference("bzip2", ["-dc", join(SAMPLES, "ryu_updates.20161101.0000.bz2")]).sha256);
  });

  test("delivers a truncated bzip2 body, then reports where it ends", async (t) => {
    if (!needData(t)) return;
    const name = "pyasn_rib.20080501.0644_firstMB.bz2";
    const got = await drain(await openInput(`${base}/${name}`));
    assert.ok(got.error instanceof CompressedStreamError, String(got.error));
    assert.equal(got.error.damage, "truncated");
    assert.equal(got.error.offset, got.bytes);
    const complete = PYASN_COMPLETE_BLOCKS.get(name) ?? 0;
    // A URL cannot be read twice: a tool's lost tail (< 5000 bytes for bzip2) stays lost.
    assert.ok(got.bytes <= complete && complete - got.bytes < 5000, `delivered ${got.bytes} of ${complete}`);
  });

  test("follows redirects to the file", async (t) => {
    if (!needData(t)) return;
    const got = await drain(await openInput(`${base}/moved/ryu_updates.20161101.0000.bz2`));
    assert.equal(got.error, undefined);
    assert.equal(got.sha256, reference("bzip2", ["-dc", join(SAMPLES, "ryu_updates.20161101.0000.bz2")]).sha256);
  });

  test("aborting mid-body stops the read with the caller's reason", async (t) => {
    if (!needData(t)) return;
    const control = new AbortController();
    const input = await openInput(`${base}/libbgpstream_ris.rrc06.updates.1427846400.gz`, { signal: control.signal });
    const reason = new Error("enough");
    let bytes = 0;
    await assert.rejects(
      (async () => {
        for await (const chunk of input) {
          bytes += chunk.length;
          control.abort(reason);
        }
      })(),
      (error: unknown) => error === reason,
    );
    assert.ok(bytes > 0);
  });

  test("rejects a 404 with a SourceError naming the URL and the status", async () => {
    const url = `${base}/no-such-file.bz2`;
    await assert.rejects(openInput(url), (error: unknown) => {
      assert.ok(error instanceof SourceError);
      assert.equal(error.source, url);
      assert.match(error.message, /no-such-file\.bz2: HTTP 404 Not Found$/);
      return true;
    });
  });

  test("rejects a refused connection with a SourceError naming the URL", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/x.gz`;
    await new Promise((done) => closed.close(done));
    await assert.rejects(openInput(url), (error: unknown) => {
      assert.ok(error instanceof SourceError);
      assert.match(error.message, /x\.gz: request failed: .*ECONNREFUSED/);
      return true;
    });
  });
});

describe("openInput() releases what it holds", () => {
  const tools = BZIP2_DECODERS.filter((d) => d !== "js");

  for (const tool of tools) {
    test(`breaking out early kills ${tool} and closes the file`, async (t) => {
      if (!needData(t)) return;
      const file = join(SAMPLES, "pyasn_rib.20140523.0600_firstMB.bz2");
      const input = await openInput(file, { bzip2: tool });
      let chunks = 0;
      for await (const chunk of input) {
        assert.ok(chunk.length > 0);
        if (++chunks === 1) {
          assert.ok(childCommands().includes(tool), `${tool} runs while we read`);
          break;
        }
      }
      assert.deepEqual(childCommands().filter((c) => c === tool), []);
      assert.equal(holdsOpen(file), false);
    });

    test(`aborting kills ${tool} and rejects with the abort reason`, async (t) => {
      if (!needData(t)) return;
      const file = join(SAMPLES, "pyasn_rib.20140523.0600_firstMB.bz2");
      const controller = new AbortController();
      const input = await openInput(file, { bzip2: tool, signal: controller.signal });
      const reason = new Error("stop, test");
      await assert.rejects(
        (async () => {
          for await (const chunk of input) {
            assert.ok(chunk.length > 0);
            controller.abort(reason);
            await new Promise((done) => setTimeout(done, 20));
          }
        })(),
        (error: unknown) => error === reason,
      );
      assert.deepEqual(childCommands().filter((c) => c === tool), []);
      assert.equal(holdsOpen(file), false);
    });
  }

  test("close() without iterating closes the file", async (t) => {
    if (!needData(t)) return;
    const file = join(SAMPLES, "pyasn_rib.20080501.0644_firstMB.bz2");
    const input = await openInput(file);
    assert.equal(holdsOpen(file), true);
    await input.close();
    assert.equal(holdsOpen(file), false);
  });

  test("an already aborted signal rejects at once", async () => {
    const controller = new AbortController();
    controller.abort(new Error("early"));
    await assert.rejects(openInput("-", { signal: controller.signal, stdin: Readable.from([]) }), /early/);
  });
});

describe("NIGHTLIGHT_BZIP2", () => {
  const saved = process.env["NIGHTLIGHT_BZIP2"];
  after(() => {
    if (saved === undefined) delete process.env["NIGHTLIGHT_BZIP2"];
    else process.env["NIGHTLIGHT_BZIP2"] = saved;
  });

  test("selects the bzip2 decoder unless an option overrides it", async (t) => {
    if (!needData(t)) return;
    const file = join(SAMPLES, "ryu_rib.20161101.0000_pick.bz2");
    process.env["NIGHTLIGHT_BZIP2"] = "js";
    const fromEnv = await openInput(file);
    assert.equal(fromEnv.decoder, "js");
    await fromEnv.close();
    const options: OpenInputOptions = { bzip2: "bzip2" };
    if (onPath("bzip2")) {
      const fromOption = await openInput(file, options);
      assert.equal(fromOption.decoder, "bzip2");
      await fromOption.close();
    }
  });

  test("rejects an unknown value with a TypeError", async () => {
    process.env["NIGHTLIGHT_BZIP2"] = "pbzip2";
    await assert.rejects(openInput("-", { stdin: Readable.from([]) }), (error: unknown) => {
      assert.ok(error instanceof TypeError);
      assert.match(error.message, /NIGHTLIGHT_BZIP2 must be one of auto, lbzip2, bzip2, js; got 'pbzip2'/);
      return true;
    });
  });
});
