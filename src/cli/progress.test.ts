import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { createProgress } from "./progress.ts";

/** A stream that says it is a terminal, and what was written to it. */
function terminal(tty: boolean): { stream: PassThrough & { isTTY?: boolean }; text: () => string } {
  const stream: PassThrough & { isTTY?: boolean } = new PassThrough();
  if (tty) stream.isTTY = true;
  const parts: Buffer[] = [];
  stream.on("data", (c: Buffer) => parts.push(c));
  return { stream, text: () => Buffer.concat(parts).toString("utf8") };
}

test("on a terminal: a bar of bins with an ETA, redrawn at most every 200 ms; notes stay above it", () => {
  const { stream, text } = terminal(true);
  let t = 0;
  const p = createProgress(stream, { unit: "bins", now: () => t });
  t = 1000;
  p.update(10, 40, "2019-11-16T00:45Z");
  t = 1100;
  p.update(11, 40, "skipped: too soon");
  p.note("rrc00: updates.20191116.0050.gz is missing from the archive");
  p.end();
  const out = text();
  assert.match(out, /\[#{8}\.{22}\] 10\/40 bins, 2019-11-16T00:45Z, ETA 3 s/);
  assert.doesNotMatch(out, /too soon/);
  assert.match(out, /\r\x1b\[2Krrc00: updates\.20191116\.0050\.gz is missing from the archive\n\[#/);
});

test("off a terminal: no progress line, notes as plain lines; bytes have a size and a rate", () => {
  const quiet = terminal(false);
  const p = createProgress(quiet.stream);
  p.update(5e6, 1e7, "x.gz");
  p.show("status");
  p.note("a line");
  p.end();
  assert.equal(quiet.text(), "a line\n");
  const tty = terminal(true);
  let t = 0;
  const bytes = createProgress(tty.stream, { now: () => t });
  t = 2000;
  bytes.update(5e6, 1e7, "x.gz");
  assert.match(tty.text(), /x\.gz 50\.0 % of 10\.0 MB, 2\.5 MB\/s, ETA 2 s/);
});
