// Builds the routing benchmark's archive (issue 3) from REAL prefixes: the 901,899 IPv4 and
// 160,147 IPv6 prefixes of ../shared/data/prefixes/full-table-2023-12.txt.gz (a 2023 full
// table). Peers, paths and churn are generated, with a seeded PRNG, into the RIS layout:
//
//   <out>/rrc00/2023.12/bview.20231201.0000.gz     TABLE_DUMP_V2: PEER_INDEX_TABLE + one
//       RIB_IPV4/IPV6_UNICAST record per prefix; each of BENCH_PEERS peers (default 50,
//       distinct ASes) has a route to a prefix with probability BENCH_SEE (0.995), so the
//       RIB holds about 53 M entries, the size of today's rrc00 bview. Paths: peer AS, 0–3
//       transit ASes from a pool of 2,000, then the prefix's origin AS (one of 75,000,
//       fixed per prefix, in runs of about 14 neighbouring prefixes), 4-byte ASNs; attributes ORIGIN, AS_PATH, NEXT_HOP (IPv4) or
//       MP_REACH_NLRI (IPv6, RFC 6396 §4.3.4 short form) and two COMMUNITIES.
//   <out>/rrc00/2023.12/updates.20231201.HHMM.gz   288 files of BGP4MP_MESSAGE_AS4, about
//       BENCH_UPDATES elements in all (default 20 M, a day of rrc00): 80 % announcements
//       (a new path to the same origin, 1–4 prefixes per UPDATE), 20 % withdrawals; IPv6
//       through MP_REACH_NLRI / MP_UNREACH_NLRI.
// Files are gzip level 1 (RIS uses gzip); built once per parameter set, then reused.
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { gunzipSync, createGzip } from "node:zlib";
import { PrefixTable } from "../dist/src/routing/prefix-table.js";

/** Mulberry32: a small seeded PRNG, so every build is the same. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The real prefixes as { family, bits, bytes }. */
export function readPrefixes(file) {
  const table = new PrefixTable();
  const out = [];
  for (const line of gunzipSync(readFileSync(file)).toString("utf8").split("\n")) {
    if (line === "") continue;
    const id = table.internText(line);
    if (id < out.length) continue; // a duplicate line
    const family = table.family(id);
    const bits = table.length(id);
    const n = (bits + 7) >> 3;
    const bytes = Buffer.alloc(n);
    for (let i = 0; i < n; i++) bytes[i] = (table.word(id, i >> 2) >>> (24 - 8 * (i & 3))) & 255;
    out.push({ index: out.length, family, bits, bytes });
  }
  return out;
}

/** A gzip file writer with a reusable byte buffer and backpressure. */
class Writer {
  constructor(path) {
    mkdirSync(dirname(path), { recursive: true });
    this.path = path;
    this.tmp = `${path}.part`;
    this.gzip = createGzip({ level: 1 });
    this.file = createWriteStream(this.tmp);
    this.gzip.pipe(this.file);
    this.buf = Buffer.alloc(1 << 22);
    this.at = 0;
  }
  ensure(n) {
    if (this.at + n > this.buf.length) return this.flush();
    return null;
  }
  async flush() {
    const chunk = Buffer.from(this.buf.subarray(0, this.at));
    this.at = 0;
    if (!this.gzip.write(chunk)) await once(this.gzip, "drain");
  }
  async close() {
    await this.flush();
    this.gzip.end();
    await once(this.file, "close");
    renameSync(this.tmp, this.path);
  }
}

const u16 = (b, p, v) => { b[p] = v >>> 8; b[p + 1] = v & 255; };
const u32 = (b, p, v) => { b.writeUInt32BE(v >>> 0, p); };

/** Writes AS_PATH (4-byte ASNs) at p; returns the next offset. */
function asPath(b, p, asns) {
  b[p] = 0x40; b[p + 1] = 2; b[p + 2] = 2 + 4 * asns.length;
  b[p + 3] = 2; b[p + 4] = asns.length;
  p += 5;
  for (const a of asns) { u32(b, p, a); p += 4; }
  return p;
}

function pathFor(rand, peerAsn, origin) {
  const path = [peerAsn];
  const transits = Math.floor(rand() * 4);
  for (let i = 0; i < transits; i++) path.push(3000 + Math.floor(rand() * 2000));
  path.push(origin);
  return path;
}

/** Builds the corpus if absent; returns its folder and what it holds. */
export async function buildCorpus({ out, prefixesFile, peers, see, updates, day = Date.UTC(2023, 11, 1) }) {
  const dir = join(out, `routing-v2-p${peers}-s${see}-u${updates}`);
  const stamp = (t) => new Date(t).toISOString().replace(/[-:]/g, "").replace("T", ".").slice(0, 13);
  const month = join(dir, "rrc00", "2023.12");
  const ribPath = join(month, `bview.${stamp(day)}.gz`);
  const lastUpdates = join(month, `updates.${stamp(day + 287 * 300_000)}.gz`);
  const prefixes = readPrefixes(prefixesFile);
  const info = { dir, day, prefixes: prefixes.length, peers, ribEntries: 0, updateElements: 0 };
  if (existsSync(lastUpdates) && existsSync(`${dir}/info.json`)) return JSON.parse(readFileSync(`${dir}/info.json`, "utf8"));
  const rand = prng(20231201);
  // Origins come in runs along the address order (the file is sorted), about 14 prefixes
  // per AS as in a real table, so that an AS's prefixes sit together (and mostly in one
  // country) rather than scattered at random.
  let origin = 100_000;
  const origins = prefixes.map(() => (rand() < 1 / 14 ? (origin = 100_000 + Math.floor(rand() * 75_000)) : origin));
  const peerAsns = Array.from({ length: peers }, (_, i) => 1000 + i * 7);
  const ts = day / 1000;
  // RIB
  {
    const w = new Writer(ribPath);
    let b = w.buf;
    const header = (p, type, subtype, length) => { u32(b, p, ts); u16(b, p + 4, type); u16(b, p + 6, subtype); u32(b, p + 8, length); };
    const pit = 4 + 2 + 2 + peers * 13;
    header(0, 13, 1, pit);
    u32(b, 12, 0xc0000201); u16(b, 16, 0); u16(b, 18, peers);
    let p = 20;
    for (let i = 0; i < peers; i++) { b[p] = 0x02; u32(b, p + 1, 0x0a000000 + i); u32(b, p + 5, 0x0a000000 + i); u32(b, p + 9, peerAsns[i]); p += 13; }
    w.at = p;
    for (let k = 0; k < prefixes.length; k++) {
      const { family, bits, bytes } = prefixes[k];
      await w.ensure(64 + peers * 80);
      b = w.buf;
      const start = w.at;
      p = start + 12;
      u32(b, p, k); b[p + 4] = bits; bytes.copy(b, p + 5); p += 5 + bytes.length;
      const countAt = p; p += 2;
      let count = 0;
      for (let i = 0; i < peers; i++) {
        if (rand() >= see) continue;
        count++;
        u16(b, p, i); u32(b, p + 2, ts - 86400); p += 6;
        const attrAt = p; p += 2;
        b[p] = 0x40; b[p + 1] = 1; b[p + 2] = 1; b[p + 3] = 0; p += 4; // ORIGIN IGP
        p = asPath(b, p, pathFor(rand, peerAsns[i], origins[k]));
        if (family === 4) { b[p] = 0x40; b[p + 1] = 3; b[p + 2] = 4; u32(b, p + 3, 0x0a000000 + i); p += 7; }
        else { b[p] = 0x80; b[p + 1] = 14; b[p + 2] = 17; b[p + 3] = 16; b.fill(0, p + 4, p + 20); b[p + 4] = 0x20; b[p + 5] = 0x01; b[p + 19] = i; p += 20; }
        b[p] = 0xc0; b[p + 1] = 8; b[p + 2] = 8; u32(b, p + 3, peerAsns[i] * 65536 + 100); u32(b, p + 7, peerAsns[i] * 65536 + 200); p += 11;
        u16(b, attrAt, p - attrAt - 2);
      }
      u16(b, countAt, count);
      info.ribEntries += count;
      header(start, 13, family === 4 ? 2 : 4, p - start - 12);
      w.at = p;
    }
    await w.close();
  }
  // Updates: 288 five-minute files.
  const perFile = Math.round(updates / 288);
  for (let f = 0; f < 288; f++) {
    const t0 = day + f * 300_000;
    const w = new Writer(join(month, `updates.${stamp(t0)}.gz`));
    let elems = 0;
    while (elems < perFile) {
      await w.ensure(4096);
      const b = w.buf;
      const start = w.at;
      const peer = Math.floor(rand() * peers);
      const withdraw = rand() < 0.2;
      const n = 1 + Math.floor(rand() * 4);
      const first = prefixes[Math.floor(rand() * prefixes.length)];
      const family = first.family;
      const chosen = [first];
      for (let i = 1; i < n; i++) {
        const q = prefixes[Math.floor(rand() * prefixes.length)];
        if (q.family === family) chosen.push(q);
      }
      let p = start + 12;
      u32(b, p, peerAsns[peer]); u32(b, p + 4, 12654); u16(b, p + 8, 0); u16(b, p + 10, 1);
      u32(b, p + 12, 0x0a000000 + peer); u32(b, p + 16, 0xc0000201); p += 20;
      const msg = p;
      b.fill(0xff, p, p + 16); b[p + 18] = 2; p += 19;
      const nlri = (q) => { b[p] = q.bits; q.bytes.copy(b, p + 1); p += 1 + q.bytes.length; };
      if (withdraw && family === 4) {
        const wAt = p; p += 2;
        for (const q of chosen) nlri(q);
        u16(b, wAt, p - wAt - 2);
        u16(b, p, 0); p += 2;
      } else {
        u16(b, p, 0); p += 2;
        const attrAt = p; p += 2;
        if (withdraw) {
          b[p] = 0x90; b[p + 1] = 15; const lenAt = p + 2; p += 4;
          u16(b, p, 2); b[p + 2] = 1; p += 3;
          for (const q of chosen) nlri(q);
          u16(b, lenAt, p - lenAt - 2);
        } else {
          b[p] = 0x40; b[p + 1] = 1; b[p + 2] = 1; b[p + 3] = 0; p += 4;
          // One path per UPDATE, to the first prefix's origin (a real UPDATE shares one path).
          p = asPath(b, p, pathFor(rand, peerAsns[peer], origins[first.index]));
          if (family === 4) { b[p] = 0x40; b[p + 1] = 3; b[p + 2] = 4; u32(b, p + 3, 0x0a000000 + peer); p += 7; }
          else {
            b[p] = 0x90; b[p + 1] = 14; const lenAt = p + 2; p += 4;
            u16(b, p, 2); b[p + 2] = 1; b[p + 3] = 16; b.fill(0, p + 4, p + 20); b[p + 4] = 0x20; b[p + 5] = 0x01; b[p + 19] = peer; b[p + 20] = 0; p += 21;
            for (const q of chosen) nlri(q);
            u16(b, lenAt, p - lenAt - 2);
          }
        }
        u16(b, attrAt, p - attrAt - 2);
        if (family === 4 && !withdraw) for (const q of chosen) nlri(q);
      }
      u16(b, msg + 16, p - msg);
      const tsf = Math.floor(t0 / 1000 + (elems / perFile) * 300);
      u32(b, start, tsf); u16(b, start + 4, 16); u16(b, start + 6, 4); u32(b, start + 8, p - start - 12);
      w.at = p;
      elems += chosen.length;
    }
    info.updateElements += elems;
    await w.close();
  }
  (await import("node:fs")).writeFileSync(`${dir}/info.json`, JSON.stringify(info, null, 2));
  return info;
}

