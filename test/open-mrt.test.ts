import assert from "node:assert/strict";
import { test } from "node:test";
import { shared, sharedDataMissing } from "./shared-data.ts";
import { openMrt } from "../src/mrt/open-mrt.ts";

test("openMrt() iterates records and elements of a real update file", { skip: sharedDataMissing() }, async () => {
  const file = shared("mrt", "bgpdump", "test_data", "updates.20020722.2238.gz");
  const kinds: Record<string, number> = {};
  for await (const record of (await openMrt(file)).records()) kinds[record.kind] = (kinds[record.kind] ?? 0) + 1;
  assert.deepEqual(kinds, { bgp4mp_state_change: 93, bgp4mp_message: 1028 });
  const types: Record<string, number> = {};
  for await (const elem of (await openMrt(file)).elems()) types[elem.type] = (types[elem.type] ?? 0) + 1;
  // The counts of the upstream bgpdump expectation: 825 A, 2419 W, 93 STATE lines.
  assert.deepEqual(types, { STATE: 93, W: 2419, A: 825 });
});

test("mrt stats counts each peer's elements as bgpdump's lines do", { skip: sharedDataMissing() }, async () => {
  const { runCli } = await import("./run-cli.ts");
  const { gunzipSync } = await import("node:zlib");
  const { readFileSync } = await import("node:fs");
  const file = "updates.20020722.2238.gz";
  const out = await runCli(["mrt", "stats", "--format", "json", shared("mrt", "bgpdump", "test_data", file)]);
  assert.equal(out.code, 0, out.stderr);
  const stats = JSON.parse(out.stdout) as { peers: { asn: number; ip: string; elements: number }[] };
  const expected = new Map<string, number>();
  for (const line of gunzipSync(readFileSync(shared("mrt", "bgpdump", "test_expect", `${file}.bgp.gz`))).toString().trim().split("\n")) {
    const f = line.split("|");
    const key = `${f[4]} ${f[3]}`;
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  // Peers whose records gave no element (keepalives, opens) are listed with 0; bgpdump prints no line for them.
  assert.deepEqual(new Map(stats.peers.filter((p) => p.elements > 0).map((p) => [`${p.asn} ${p.ip}`, p.elements])), expected);
  assert.equal(stats.peers.length, 43);
  assert.deepEqual(stats.peers.slice(0, 2).map((p) => [p.asn, p.elements]), [[20751, 1974], [1853, 937]]);
});
