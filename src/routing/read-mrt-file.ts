/**
 * Reads one MRT file (RIB or updates) into the routing state, under the `skip` error
 * policy: a bad record is counted and reported with its file and byte offset, and the
 * read goes on; damage that ends the file early (truncated or corrupt compression, a
 * record cut by the end of the stream) is returned as `failure` after every intact
 * record was applied.
 *
 * TABLE_DUMP_V2 unicast RIB records and BGP4MP UPDATEs take fast paths (scanRibOrigins,
 * scanUpdate: prefixes, peer and origin AS only, no objects); every other record, and
 * any record a fast path hands back, goes through the full decoder.
 */
import { BgpSyntaxError } from "../bgp/bgp-syntax-error.ts";
import { MrtSyntaxError, SourceError } from "../model/errors.ts";
import type { MrtRawRecord } from "../mrt/mrt-record.ts";
import { MRT_TYPE_BGP4MP_ET, MRT_HEADER_LENGTH } from "../mrt/constants.ts";
import { ErrorPolicy } from "../mrt/error-policy.ts";
import { MrtStream } from "../mrt/mrt-stream.ts";
import { readRawRecords } from "../mrt/read-raw-records.ts";
import { isScannableRib, RibOrigins, scanRibOrigins } from "../mrt/scan-rib-origins.ts";
import { isScannableUpdate, scanUpdate, UpdateScan } from "../mrt/scan-update.ts";
import { ipv4Text, ipv6Text } from "../bgp/ip-text.ts";
import { applyRecord, emptyCounts, type ApplyCounts } from "./apply-record.ts";
import type { PeerRoutes } from "./peer-routes.ts";
import type { RoutingState } from "./routing-state.ts";

/** What a read did. */
export interface ReadReport extends ApplyCounts {
  /** Records read (including skipped ones). */
  records: number;
  /** Records skipped as undecodable; their errors (first 20) name file and offset. */
  skipped: number;
  readonly errors: MrtSyntaxError[];
  /** Damage that ended the read early, if any. */
  failure: Error | null;
  /** Largest record timestamp seen (seconds), or -1. */
  lastTimestamp: number;
}

const KEEP_ERRORS = 20;

/** A new, empty report. */
export function emptyReport(): ReadReport {
  return { ...emptyCounts(), records: 0, skipped: 0, errors: [], failure: null, lastTimestamp: -1 };
}

/** Whether an error ends a file early (damage), as opposed to a bug. */
export function isInputDamage(error: unknown): error is Error {
  return error instanceof MrtSyntaxError || error instanceof SourceError;
}

/**
 * Record-by-record reader of one MRT input for one collector: `next(untilSeconds)`
 * applies records until one at or after `untilSeconds` (updates are applied in time
 * order, bin by bin), and reports when the input is exhausted.
 */
export class MrtFileReader {
  readonly name: string;
  readonly report: ReadReport = emptyReport();
  readonly #state: RoutingState;
  readonly #collector: string;
  readonly #stream: MrtStream;
  readonly #raws: AsyncIterator<MrtRawRecord[]>;
  readonly #scan = new RibOrigins();
  readonly #update = new UpdateScan();
  #lastPeer: PeerRoutes | undefined;
  #lastPeerAsn = -1;
  #lastPeerLength = 0;
  readonly #lastPeerBytes = new Uint8Array(16);
  #tablePeers: PeerRoutes[] = [];
  #batch: MrtRawRecord[] = [];
  #at = 0;
  #done = false;

  constructor(state: RoutingState, collector: string, source: { name: string; chunks: AsyncIterable<Uint8Array> }) {
    this.name = source.name;
    this.#state = state;
    this.#collector = collector;
    const onSkip = (error: MrtSyntaxError): void => {
      this.report.skipped++;
      if (this.report.errors.length < KEEP_ERRORS) this.report.errors.push(error);
    };
    this.#stream = new MrtStream({ name: source.name, chunks: [] }, { onError: "skip", onSkip });
    const policy = new ErrorPolicy("skip", onSkip);
    this.#raws = readRawRecords(source.chunks, { file: source.name, policy })[Symbol.asyncIterator]();
  }

  /** Whether every record was read (or the read failed). */
  get done(): boolean {
    return this.#done;
  }

  /**
   * Applies records in file order until the next one has a timestamp ≥ `untilSeconds`
   * (default: to the end). Resolves true when the input is exhausted.
   */
  async next(untilSeconds = Infinity): Promise<boolean> {
    while (!this.#done) {
      if (this.#at >= this.#batch.length) {
        let next: IteratorResult<MrtRawRecord[]>;
        try {
          next = await this.#raws.next();
        } catch (error: unknown) {
          if (!isInputDamage(error)) throw error;
          this.report.failure = error;
          this.#done = true;
          break;
        }
        if (next.done === true) {
          this.#done = true;
          break;
        }
        this.#batch = next.value;
        this.#at = 0;
        continue;
      }
      const raw = this.#batch[this.#at]!;
      if (raw.timestamp >= untilSeconds) return false;
      this.#at++;
      this.#apply(raw);
    }
    return true;
  }

  /** Stops reading and releases the input. */
  async close(): Promise<void> {
    this.#done = true;
    await this.#raws.return?.();
  }

  #apply(raw: MrtRawRecord): void {
    const report = this.report;
    report.records++;
    if (raw.timestamp > report.lastTimestamp) report.lastTimestamp = raw.timestamp;
    if (isScannableRib(raw) && this.#tablePeers.length > 0) {
      try {
        scanRibOrigins(raw, this.#scan);
      } catch (error: unknown) {
        if (!(error instanceof BgpSyntaxError)) throw error;
        this.#skip(raw, error);
        return;
      }
      this.#applyScan();
      return;
    }
    if (isScannableUpdate(raw)) {
      const kind = scanUpdate(raw, this.#update);
      if (kind === "other") return;
      if (kind === "update") {
        this.#applyUpdate(raw);
        return;
      }
    }
    const record = this.#stream.decode(raw);
    if (record === undefined) return;
    if (record.kind === "peer_index_table") {
      this.#tablePeers = record.peers.map((p) => this.#state.peer(this.#collector, p.ip, p.asn));
      return;
    }
    applyRecord(this.#state, this.#collector, record, report);
  }

  /** Applies what scanUpdate() read: withdrawals, then announcements with the path's origin. */
  #applyUpdate(raw: MrtRawRecord): void {
    const u = this.#update;
    const state = this.#state;
    const prefixes = state.prefixes;
    const b = raw.data;
    const peer = this.#peerOf(b, u);
    const w = u.withdrawn;
    for (let i = 0; i < w.count; i++) {
      // A prefix never announced has no id and no route to drop.
      peer.withdraw(prefixes, prefixes.internBytes(w.family[i] as 4 | 6, b, w.offset[i]!, w.bits[i]!, false));
    }
    this.report.withdrawn += w.count;
    const a = u.announced;
    if (a.count === 0) return;
    const origin = state.origins.indexOf(u.origin < 0 ? null : u.origin);
    for (let i = 0; i < a.count; i++) {
      peer.announce(prefixes, prefixes.internBytes(a.family[i] as 4 | 6, b, a.offset[i]!, a.bits[i]!), origin);
    }
    this.report.announced += a.count;
  }

  /** The peer of a scanned message; consecutive messages of one peer skip the lookup. */
  #peerOf(b: Uint8Array, u: UpdateScan): PeerRoutes {
    const n = u.peerFamily === 4 ? 4 : 16;
    const last = this.#lastPeer;
    if (last !== undefined && u.peerAsn === this.#lastPeerAsn && n === this.#lastPeerLength) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (b[u.peerOffset + i] !== this.#lastPeerBytes[i]) {
          same = false;
          break;
        }
      }
      if (same) return last;
    }
    const ip = u.peerFamily === 4 ? ipv4Text(b, u.peerOffset) : ipv6Text(b, u.peerOffset);
    const peer = this.#state.peer(this.#collector, ip, u.peerAsn);
    this.#lastPeer = peer;
    this.#lastPeerAsn = u.peerAsn;
    this.#lastPeerLength = n;
    this.#lastPeerBytes.set(b.subarray(u.peerOffset, u.peerOffset + n));
    return peer;
  }

  #applyScan(): void {
    const scan = this.#scan;
    const state = this.#state;
    const id = state.prefixes.internBytes(scan.family, this.#batch[this.#at - 1]!.data, scan.prefixOffset, scan.bits);
    // Every peer index is checked before any entry is applied: a record with a bad one is
    // refused whole, as the full decoder refuses it (test/mrt-fast-paths.test.ts).
    for (let i = 0; i < scan.count; i++) {
      if (this.#tablePeers[scan.peerIndex[i]!] === undefined) {
        this.#skip(this.#batch[this.#at - 1]!, new BgpSyntaxError(this.#batch[this.#at - 1]!.start, `RIB entry ${i} names peer ${scan.peerIndex[i]}, the peer table has ${this.#tablePeers.length}`));
        return;
      }
    }
    let lastAsn = -2;
    let lastOrigin = 0;
    for (let i = 0; i < scan.count; i++) {
      const peer = this.#tablePeers[scan.peerIndex[i]!]!;
      const asn = scan.origin[i]!;
      if (asn !== lastAsn) {
        lastAsn = asn;
        lastOrigin = state.origins.indexOf(asn < 0 ? null : asn);
      }
      peer.announce(state.prefixes, id, lastOrigin);
    }
    this.report.announced += scan.count;
  }

  /** Reports a record the fast path could not read, as MrtStream.decode() would. */
  #skip(raw: MrtRawRecord, error: BgpSyntaxError): void {
    const header = raw.start - MRT_HEADER_LENGTH - (raw.type === MRT_TYPE_BGP4MP_ET ? 4 : 0);
    const at = raw.offset + (error.offset - header);
    const wrapped = new MrtSyntaxError({ file: this.name, offset: raw.offset, recordIndex: raw.index }, `${error.message} (at byte ${at})`, { cause: error });
    this.report.skipped++;
    if (this.report.errors.length < KEEP_ERRORS) this.report.errors.push(wrapped);
  }
}
