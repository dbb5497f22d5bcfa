import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { PassThrough, Readable } from "node:stream";
import { test } from "node:test";
import { main } from "./main.ts";

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await main(args, { stdin: Readable.from([]), stdout, stderr });
  return { code, out, err };
}

test("nightlight --version prints package.json's version", async () => {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
  assert.deepEqual(await run(["--version"]), { code: 0, out: `nightlight ${pkg.version}\n`, err: "" });
});

test("nightlight mrt --help lists the group's commands; nightlight mrt alone is a usage error", async () => {
  const help = await run(["mrt", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.out, /mrt dump .*\n.*mrt stats/);
  assert.equal((await run(["mrt"])).code, 2);
});

test("a usage error is three lines: the problem, the synopsis, and where the options are", async () => {
  const r = await run(["mrt", "dump", "--bogus"]);
  assert.equal(r.code, 2);
  const lines = r.err.trimEnd().split("\n");
  assert.equal(lines.length, 3, r.err);
  assert.equal(lines[0], "nightlight mrt dump: unknown option '--bogus'");
  assert.match(lines[1] ?? "", /^Usage: nightlight mrt dump/);
  assert.match(lines[2] ?? "", /nightlight mrt dump --help/);
});

test("an unknown command is named once, cut to 80 characters, with a pointer to --help", async () => {
  const r = await run(["x".repeat(100_000)]);
  assert.equal(r.code, 2);
  assert.equal(r.err, `nightlight: unknown command '${"x".repeat(80)}'; run 'nightlight --help' for the list\n`);
});
