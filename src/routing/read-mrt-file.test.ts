import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { MrtFileReader } from "./read-mrt-file.ts";
import { RecordApplier } from "./record-applier.ts";
import { RoutingState } from "./routing-state.ts";

const SKIP = existsSync(new URL("../../../../shared/data/mrt", import.meta.url)) ? false : "../shared/data is absent";

/** Applies a whole MRT file through MrtFileReader: the routes its peers then hold, and the records skipped. */
async function read(bytes: Uint8Array): Promise<{ announced: number; skipped: number }> {
  const state = new RoutingState();
  const reader = new MrtFileReader(new RecordApplier(state, "rrc00"), { name: "bview", chunks: [bytes][Symbol.iterator]() as unknown as AsyncIterable<Uint8Array> });
  await reader.next();
  // Routes held, counted in the state itself (a prefix id with a non-zero origin entry).
  const announced = state.peers().reduce((n, p) => n + p.routes.reduce((m, o) => m + (o === 0 ? 0 : 1), 0), 0);
  return { announced, skipped: reader.report.skipped };
}

test("a TABLE_DUMP_V2 RIB record whose second entry names a peer the peer table lacks is refused whole, none of its entries announced", { skip: SKIP }, async () => {
  // BIRD's RIB with ADD-PATH entries (RFC 8050): RIB_IPV4_UNICAST_ADDPATH, subtype 8.
  const bytes = gunzipSync(readFileSync(new URL("../../../../shared/data/mrt/bgpdump/test_data/bview.ipv4_unicast_add_path.gz", import.meta.url)));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Walk the records: 12-byte headers (RFC 6396 §2); TABLE_DUMP_V2 is type 13.
  let at = 0;
  let target = -1;
  let record = { start: 0, end: 0 };
  while (at + 12 <= bytes.length) {
    const type = view.getUint16(at + 4);
    const subtype = view.getUint16(at + 6);
    const length = view.getUint32(at + 8);
    if (type === 13 && subtype === 8) {
      const body = at + 12;
      const bits = view.getUint8(body + 4);
      const count = view.getUint16(body + 5 + Math.ceil(bits / 8));
      if (count >= 2) {
        target = body + 5 + Math.ceil(bits / 8) + 2; // the first entry
        record = { start: at, end: body + length };
        break;
      }
    }
    at += 12 + length;
  }
  assert.ok(target > 0, "a RIB record with several entries");
  const clean = await read(bytes);
  // Second entry: after the first one's peer index (2), originated time (4), path id (4),
  // attribute length (2) and attributes.
  const firstAttrs = view.getUint16(target + 10);
  const second = target + 12 + firstAttrs;
  const damaged = Uint8Array.from(bytes);
  new DataView(damaged.buffer).setUint16(second, 0xfff0);
  const after = await read(damaged);
  assert.equal(after.skipped, clean.skipped + 1);
  // Refused whole: the routes are those of the file without that record.
  const without = await read(new Uint8Array([...bytes.subarray(0, record.start), ...bytes.subarray(record.end)]));
  assert.ok(without.announced < clean.announced);
  assert.equal(after.announced, without.announced, "none of the refused record's entries is announced");
});
