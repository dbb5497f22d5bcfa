/**
 * Issue 11, "What it must show": the replay's fast paths (scanRibOrigins for
 * TABLE_DUMP_V2 unicast RIB records, scanUpdate for BGP4MP UPDATEs) and the full
 * decoder (MrtDecoder, what `nightlight mrt dump` prints) give the same prefixes, peers
 * and origins, record for record, on every real MRT file in ../shared/data/mrt, and on
 * fixed-seed mutations of their records (1–4 bytes of a record body flipped, zeroed or
 * randomised; the MRT header and its length are kept, so framing is untouched).
 *
 * Each side is read as the replay applies it (src/routing/read-mrt-file.ts for the fast
 * paths, src/routing/apply-record.ts for the full decoder): unicast prefixes only, the
 * origin by originOfPath(), withdrawals before announcements. Within the withdrawals and
 * within the announcements of one record the order is not compared (the fast path reads
 * MP_REACH_NLRI where it lies among the attributes, the decoder after the NLRI field;
 * the routes applied are the same). A record the fast path hands back (`"fallback"`, or
 * a RIB record before any peer table) is read by the full decoder in the replay, so it
 * cannot diverge; such records are counted, not compared.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { test } from "node:test";
import { BgpSyntaxError } from "../src/bgp/bgp-syntax-error.ts";
import { ipv4Text, ipv6Text, prefixText } from "../src/bgp/ip-text.ts";
import type { Nlri } from "../src/bgp/nlri.ts";
import { MrtDecoder } from "../src/mrt/decode-record.ts";
import { ErrorPolicy } from "../src/mrt/error-policy.ts";
import type { MrtPeer, MrtRawRecord, MrtRecord } from "../src/mrt/mrt-record.ts";
import { openInput } from "../src/mrt/open-input.ts";
import { readRawRecords } from "../src/mrt/read-raw-records.ts";
import { isScannableRib, RibOrigins, scanRibOrigins } from "../src/mrt/scan-rib-origins.ts";
import { isScannableUpdate, scanUpdate, UpdateScan } from "../src/mrt/scan-update.ts";
import { originOfPath } from "../src/routing/origin-of-path.ts";
import { shared, sharedDataMissing } from "./shared-data.ts";

const skip = sharedDataMissing();
const SAFI_UNICAST = 1;
/** Mutated copies per file, and how many of the file's records they are made from. */
const MUTATIONS_PER_FILE = 300;
const POOL_PER_FILE = 12;

/** What one side made of a record: its elements, and the error that refused it, if any. */
interface Outcome {
  readonly elems: string[];
  readonly refused: string | null;
}

/** How the two sides relate on one record. */
type Verdict = "same" | "delegated" | "rib-partial" | "fast-accepts" | "full-accepts" | "differ";

/** One divergence, for the report and the assertion message. */
interface Divergence {
  readonly file: string;
  readonly record: number;
  readonly mutation: string;
  readonly verdict: Verdict;
  readonly fast: Outcome;
  readonly full: Outcome;
}

/** Every MRT file under ../shared/data/mrt that the replay could read. */
function mrtFiles(): string[] {
  const out: string[] = [];
  for (const dir of [["bgpdump", "test_data"], ["samples"]]) {
    for (const name of readdirSync(shared("mrt", ...dir)).sort()) out.push([...dir, name].join("/"));
  }
  return out;
}

/** mulberry32: a small fixed-seed generator, so every run mutates the same bytes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const rib = new RibOrigins();
const update = new UpdateScan();

/** Sorts the W group and the A group each, keeping W before A. */
function canonical(elems: string[]): string[] {
  return [...elems.filter((e) => e.startsWith("W")).sort(), ...elems.filter((e) => e.startsWith("A")).sort()];
}

/** The fast path's outcome as MrtFileReader applies it; undefined when it hands the record to the full decoder. */
function fastOutcome(raw: MrtRawRecord, peers: readonly MrtPeer[] | undefined): Outcome | undefined {
  const elems: string[] = [];
  if (isScannableRib(raw)) {
    if (peers === undefined || peers.length === 0) return undefined;
    try {
      scanRibOrigins(raw, rib);
    } catch (error: unknown) {
      if (!(error instanceof BgpSyntaxError)) throw error;
      return { elems, refused: error.message };
    }
    const prefix = prefixText(rib.family, raw.data, rib.prefixOffset, rib.bits);
    // MrtFileReader.#applyScan() checks every peer index before it applies any entry.
    for (let i = 0; i < rib.count; i++) {
      if (peers[rib.peerIndex[i]!] === undefined) return { elems, refused: `RIB entry ${i} names peer ${rib.peerIndex[i]}, the peer table has ${peers.length}` };
    }
    for (let i = 0; i < rib.count; i++) {
      const peer = peers[rib.peerIndex[i]!]!;
      elems.push(`A ${prefix} ${peer.ip} ${peer.asn} ${rib.origin[i]}`);
    }
    return { elems, refused: null };
  }
  if (!isScannableUpdate(raw)) return undefined;
  const kind = scanUpdate(raw, update);
  if (kind === "fallback") return undefined;
  if (kind === "other") return { elems, refused: null };
  const b = raw.data;
  const peer = `${update.peerFamily === 4 ? ipv4Text(b, update.peerOffset) : ipv6Text(b, update.peerOffset)} ${update.peerAsn}`;
  const w = update.withdrawn;
  for (let i = 0; i < w.count; i++) elems.push(`W ${prefixText(w.family[i] as 4 | 6, b, w.offset[i]!, w.bits[i]!)} ${peer}`);
  const a = update.announced;
  for (let i = 0; i < a.count; i++) elems.push(`A ${prefixText(a.family[i] as 4 | 6, b, a.offset[i]!, a.bits[i]!)} ${peer} ${update.origin}`);
  return { elems: canonical(elems), refused: null };
}

/** The full decoder's outcome, read as applyRecord() applies it. */
function fullOutcome(raw: MrtRawRecord, decoder: MrtDecoder): Outcome {
  const elems: string[] = [];
  let record: MrtRecord;
  try {
    record = decoder.decode(raw);
  } catch (error: unknown) {
    if (!(error instanceof BgpSyntaxError)) throw error;
    return { elems, refused: error.message };
  }
  if (record.kind === "rib") {
    for (const e of record.entries) elems.push(`A ${record.prefix} ${e.peer.ip} ${e.peer.asn} ${originOfPath(e.attrs.attributes.asPath) ?? -1}`);
    return { elems, refused: null };
  }
  if (record.kind !== "bgp4mp_message") throw new Error(`record ${raw.index} decodes as ${record.kind}, not a RIB record or a message`);
  const u = record.update;
  if (u === undefined || record.local) return { elems, refused: null };
  const peer = `${record.peerIp} ${record.peerAsn}`;
  const add = (type: "W" | "A", nlri: readonly Nlri[], origin: string): void => {
    for (const n of nlri) elems.push(`${type} ${n.prefix} ${peer}${origin}`);
  };
  add("W", u.withdrawn, "");
  for (const mp of u.attrs.mpUnreach) if (mp.safi === SAFI_UNICAST) add("W", mp.nlri, "");
  const origin = ` ${originOfPath(u.attrs.attributes.asPath) ?? -1}`;
  add("A", u.announced, origin);
  for (const mp of u.attrs.mpReach) if (mp.safi === SAFI_UNICAST) add("A", mp.nlri, origin);
  return { elems: canonical(elems), refused: null };
}

function verdictOf(fast: Outcome | undefined, full: Outcome): Verdict {
  if (fast === undefined) return "delegated";
  if (fast.refused !== null && full.refused !== null) return fast.elems.length > 0 ? "rib-partial" : "same";
  if (fast.refused !== null) return "full-accepts";
  if (full.refused !== null) return "fast-accepts";
  return fast.elems.length === full.elems.length && fast.elems.every((e, i) => e === full.elems[i]) ? "same" : "differ";
}

/** Counts and divergences of the whole survey. */
interface Survey {
  files: number;
  records: number;
  compared: number;
  elems: number;
  delegated: number;
  mutations: number;
  mutationsCompared: number;
  readonly real: Divergence[];
  readonly mutated: Divergence[];
  readonly byVerdict: Map<Verdict, number>;
}

/** A copy of a record whose body is its own, so that it outlives its batch and can be mutated. */
function copyOf(raw: MrtRawRecord): MrtRawRecord {
  return { ...raw, data: raw.data.slice(raw.start, raw.end), start: 0, end: raw.end - raw.start };
}

/** Reads every file once, compares every record, then mutates a few records of each file. */
async function survey(): Promise<Survey> {
  const s: Survey = { files: 0, records: 0, compared: 0, elems: 0, delegated: 0, mutations: 0, mutationsCompared: 0, real: [], mutated: [], byVerdict: new Map() };
  for (const file of mrtFiles()) {
    s.files++;
    const decoder = new MrtDecoder();
    const next = random(seedOf(file));
    /** A decoder holding only the peer table in force, for the mutated copies. */
    let tableDecoder = new MrtDecoder();
    const pool: { raw: MrtRawRecord; peers: readonly MrtPeer[] | undefined; table: MrtDecoder }[] = [];
    let seen = 0;
    try {
      // The JS bzip2 decoder: how much of a cut file an external lbzip2 emits before its
    // error varies from run to run, and with it the records the fixed seed picks.
    for await (const batch of readRawRecords(await openInput(shared("mrt", ...file.split("/")), { bzip2: "js" }), { file, policy: new ErrorPolicy("stop") })) {
        for (const raw of batch) {
          s.records++;
          if (!isScannableRib(raw) && !isScannableUpdate(raw)) {
            const record = decoder.decode(raw); // keeps the peer table current
            if (record.kind === "peer_index_table") {
              tableDecoder = new MrtDecoder();
              tableDecoder.decode(raw);
            }
            continue;
          }
          const peers = decoder.peers;
          const fast = fastOutcome(raw, peers);
          const full = fullOutcome(raw, decoder);
          const verdict = verdictOf(fast, full);
          if (verdict === "delegated") {
            s.delegated++;
            continue;
          }
          s.compared++;
          s.elems += full.elems.length;
          if (verdict !== "same") s.real.push({ file, record: raw.index, mutation: "none", verdict, fast: fast!, full });
          // Reservoir sample of the records the fast paths read: the mutation pool.
          seen++;
          if (pool.length < POOL_PER_FILE) pool.push({ raw: copyOf(raw), peers, table: tableDecoder });
          else {
            const k = Math.floor(next() * seen);
            if (k < POOL_PER_FILE) pool[k] = { raw: copyOf(raw), peers, table: tableDecoder };
          }
        }
      }
    } catch (error: unknown) {
      // The pyasn samples are the first MB of a file, cut inside a record on purpose.
      if (!file.includes("firstMB")) throw error;
    }
    for (let m = 0; m < MUTATIONS_PER_FILE && pool.length > 0; m++) {
      const { raw, peers, table } = pool[Math.floor(next() * pool.length)]!;
      const body = raw.data.slice();
      const changes: string[] = [];
      const n = 1 + Math.floor(next() * 4);
      for (let j = 0; j < n; j++) {
        const at = Math.floor(next() * body.length);
        const how = Math.floor(next() * 3);
        const before = body[at]!;
        body[at] = how === 0 ? before ^ (1 << Math.floor(next() * 8)) : how === 1 ? 0 : Math.floor(next() * 256);
        changes.push(`[${at}] ${before}→${body[at]}`);
      }
      const mutated: MrtRawRecord = { ...raw, data: body };
      s.mutations++;
      const fast = fastOutcome(mutated, peers);
      const full = fullOutcome(mutated, table);
      const verdict = verdictOf(fast, full);
      s.byVerdict.set(verdict, (s.byVerdict.get(verdict) ?? 0) + 1);
      if (verdict === "delegated") continue;
      s.mutationsCompared++;
      if (verdict !== "same") s.mutated.push({ file, record: raw.index, mutation: changes.join(", "), verdict, fast: fast!, full });
    }
  }
  return s;
}

const result = skip === undefined ? survey() : undefined;

function show(d: Divergence): string {
  return `${d.file} record ${d.record} (mutation ${d.mutation}): ${d.verdict}; fast ${JSON.stringify(d.fast)}; full ${JSON.stringify(d.full)}`;
}

function ofVerdict(list: readonly Divergence[], verdict: Verdict): Divergence[] {
  return list.filter((d) => d.verdict === verdict);
}

test("fast paths and full decoder: the survey reads every file", { skip }, async (t) => {
  const s = (await result)!;
  t.diagnostic(`files ${s.files}, records ${s.records}, compared ${s.compared} (${s.elems} elements), delegated ${s.delegated}`);
  t.diagnostic(`mutations ${s.mutations}, compared ${s.mutationsCompared}, verdicts ${JSON.stringify(Object.fromEntries(s.byVerdict))}`);
  for (const v of ["rib-partial", "fast-accepts", "full-accepts", "differ"] as const) {
    const first = ofVerdict(s.mutated, v)[0];
    const all = ofVerdict(s.mutated, v);
    const ribs = all.filter((d) => d.fast.elems[0]?.startsWith("A") === true && d.file.includes("rib") || d.file.includes("bview")).length;
    if (first !== undefined) t.diagnostic(`${all.length} × (${ribs} in RIB files) ${show(first).slice(0, 600)}`);
  }
  assert.equal(s.files, mrtFiles().length);
  assert.ok(s.compared > 1000, `only ${s.compared} records compared`);
  // Most mutated UPDATEs are handed back (`"fallback"`): agreement by construction.
  assert.ok(s.mutationsCompared > 1000, `only ${s.mutationsCompared} of ${s.mutations} mutations compared`);
});

test("fast paths and full decoder give the same prefixes, peers and origins on every real record", { skip }, async () => {
  const s = (await result)!;
  assert.deepEqual(s.real.map(show).slice(0, 5), []);
});

test("on mutated records, both paths give the same elements whenever both accept", { skip }, async () => {
  const s = (await result)!;
  assert.deepEqual(ofVerdict(s.mutated, "differ").map(show).slice(0, 5), []);
});

test("on mutated records, the fast path never refuses a record the full decoder accepts", { skip }, async () => {
  const s = (await result)!;
  assert.deepEqual(ofVerdict(s.mutated, "full-accepts").map(show).slice(0, 5), []);
});

test("on mutated records, the fast RIB path announces nothing of a record the full decoder refuses", { skip }, async () => {
  const s = (await result)!;
  assert.deepEqual(ofVerdict(s.mutated, "rib-partial").map(show).slice(0, 3), []);
});

test("on mutated records, the fast paths refuse what the full decoder refuses", {
  skip,
  todo: "issue 11: the fast RIB path reads only the attribute framing and AS_PATH, so damage inside another attribute of a RIB entry (MP_REACH_NLRI, NEXT_HOP…) is accepted there and refused by the full decoder (UPDATEs share the decoder's attribute check: src/bgp/check-attribute.ts)",
}, async () => {
  const s = (await result)!;
  assert.deepEqual(ofVerdict(s.mutated, "fast-accepts").map(show).slice(0, 3), []);
});
