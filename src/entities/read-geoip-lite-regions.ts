/**
 * Reads regions (ISO 3166-2 first-level subdivisions) from the GeoLite2 data that the
 * npm package geoip-lite 1.4.x ships, straight from its binary files, into range tables.
 *
 * Layout (geoip-lite 1.4.10 lib/geoip.js, all integers big-endian):
 *
 *     geoip-city.dat     24-byte records: start u32 | end u32 | locId u32 | lat i32 | lon i32 | area u32
 *     geoip-city6.dat    48-byte records: start 16 B | end 16 B | locId u32 | lat i32 | lon i32 | area u32
 *     geoip-city-names.dat  88-byte records by locId:
 *                        country 2 B | region 3 B | metro i32 | eu 1 B | timezone 32 B | city 46 B
 *
 * Strings are NUL-padded ASCII/UTF-8. A region is `<country>-<region>` (`IR-09`).
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { RangeTableBuilder } from "./range-table.ts";
import type { RangeTable } from "./range-table.ts";

const CITY_RECORD = 24;
const CITY6_RECORD = 48;
const NAME_RECORD = 88;
const CHUNK_RECORDS = 1 << 15;

/** Region tables: values index into `codes`. */
export interface RegionTables {
  readonly v4: RangeTable;
  readonly v6: RangeTable;
  readonly codes: readonly string[];
}

function text(buf: Buffer, start: number, end: number): string {
  const s = buf.toString("latin1", start, end);
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
}

/** Calls `each(record, offset)` for every record of `file`, reading it in chunks. */
function forEachRecord(file: string, size: number, each: (buf: Buffer, offset: number) => void): void {
  const fd = openSync(file, "r");
  try {
    const total = fstatSync(fd).size;
    if (total % size !== 0) throw new RangeError(`Cannot read ${file}: ${total} bytes is not a whole number of ${size}-byte records`);
    const buf = Buffer.alloc(size * CHUNK_RECORDS);
    for (let pos = 0; pos < total;) {
      const got = readSync(fd, buf, 0, Math.min(buf.length, total - pos), pos);
      if (got <= 0 || got % size !== 0) throw new RangeError(`Cannot read ${file}: short read of ${got} bytes at byte ${pos}`);
      for (let off = 0; off < got; off += size) each(buf, off);
      pos += got;
    }
  } finally {
    closeSync(fd);
  }
}

/** Reads geoip-lite's `data` folder into region tables (IPv4 exact, IPv6 by /48). */
export function readGeoipLiteRegions(dataDir: string): RegionTables {
  const codes: string[] = [];
  const codeIndex = new Map<string, number>();
  const regionOfLoc: number[] = []; // locId → index into codes, or -1
  forEachRecord(join(dataDir, "geoip-city-names.dat"), NAME_RECORD, (buf, off) => {
    const country = text(buf, off, off + 2);
    const region = text(buf, off + 2, off + 5);
    if (country === "" || region === "") {
      regionOfLoc.push(-1);
      return;
    }
    const code = `${country}-${region}`;
    let index = codeIndex.get(code);
    if (index === undefined) {
      index = codes.push(code) - 1;
      codeIndex.set(code, index);
    }
    regionOfLoc.push(index);
  });
  const v4 = new RangeTableBuilder(false);
  forEachRecord(join(dataDir, "geoip-city.dat"), CITY_RECORD, (buf, off) => {
    const region = regionOfLoc[buf.readUInt32BE(off + 8)] ?? -1;
    if (region >= 0) v4.add(buf.readUInt32BE(off), buf.readUInt32BE(off + 4), region);
  });
  const v6 = new RangeTableBuilder(true);
  forEachRecord(join(dataDir, "geoip-city6.dat"), CITY6_RECORD, (buf, off) => {
    const region = regionOfLoc[buf.readUInt32BE(off + 32)] ?? -1;
    if (region < 0) return;
    // Keys are /48 indices; a /48 takes the region of its first address.
    const start = buf.readUInt32BE(off) * 65536 + buf.readUInt16BE(off + 4);
    const startAligned = buf.readUInt16BE(off + 6) === 0 && buf.readUInt32BE(off + 8) === 0 && buf.readUInt32BE(off + 12) === 0;
    const end = buf.readUInt32BE(off + 16) * 65536 + buf.readUInt16BE(off + 20);
    v6.add(startAligned ? start : start + 1, end, region);
  });
  return { v4: v4.build(), v6: v6.build(), codes };
}
