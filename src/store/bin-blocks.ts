/**
 * The bin-major half of the store: a source's bin (every series of it at one time) is
 * written as blocks of 512 series slots, each value encoded against the same slot's
 * value in the period's base (its first bin), so a bin of 200 000 series is a few
 * hundred small rows and an unchanged value costs almost nothing. compact() moves a
 * finished period into series-major chunks, where reading one series is one row a day.
 */
import type { BinProvenance } from "../model/provenance.ts";
import type { SqliteDatabase, SqliteStatement } from "./sqlite-driver.ts";
import { BLOCK_SLOTS, CHUNK_BINS, chunkStart, type Grid, modulo } from "./series-layout.ts";
import { decodeValueAt, decodeValues, encodeValues } from "./value-codec.ts";

/** One value of a bin: a series of the source, by entity and signal. */
export interface BinValue {
  readonly entity: string;
  readonly signal: string;
  readonly value: number | null;
}

/** A bin to store. */
export interface BinInput {
  /** Bin start, ms UTC. */
  readonly time: number;
  readonly stepMs: number;
  readonly values: Iterable<BinValue>;
  readonly provenance: BinProvenance;
  /**
   * The zero rule: for each signal listed (one the source measured in this bin), an
   * entity that had a value above 0 within `withinMs` before the bin and has none in
   * it gets 0: the source still sees, and sees nothing there. Every other absent
   * entity gets no value. Omit where absence means no data.
   */
  readonly zeros?: { readonly withinMs: number; readonly signals: readonly string[] };
  /** Clock for the record, ms UTC. */
  readonly completedAt: number;
}

/** What putBin() wrote. */
export interface BinWritten {
  readonly values: number;
  /** Zeros written for entities seen recently and absent now. */
  readonly zeros: number;
  readonly newSeries: number;
}

/** The bin-written series of one source, by slot. */
interface SourceSlots {
  /** Signal → entity → slot. */
  readonly bySeries: Map<string, Map<string, number>>;
  /** Series id and signal by slot. */
  readonly ids: number[];
  readonly signals: string[];
  /** The previous bin's series in input order (slot and entity), to skip lookups. */
  lastSlots: number[];
  lastEntities: string[];
  /** Latest bin time with a value above 0, by slot (-Infinity: none known). */
  lastPositive: Float64Array;
  /** Bin time up to which lastPositive is known; NaN: not loaded. */
  knownUntil: number;
  /** The period whose bases are cached, and the bases by block. */
  basePeriod: number;
  readonly bases: Map<number, Float64Array>;
}

/** Offsets from a value's place in the previous bin tried before a lookup by name. */
const SHIFTS = [0, 1, -1, 2, -2, 3, -3];

/** SQLite binds a Buffer with both drivers; a bare Uint8Array only with node:sqlite. */
const blob = (bytes: Uint8Array): Uint8Array => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Writes, reads and compacts bin blocks. Used by Store only. */
export class BinBlocks {
  readonly #db: SqliteDatabase;
  readonly #sources = new Map<number, SourceSlots>();
  readonly #q: Record<string, SqliteStatement>;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    const p = (sql: string): SqliteStatement => db.prepare(sql);
    this.#q = {
      slots: p(`SELECT id, entity, signal, slot FROM series WHERE source = ? AND slot IS NOT NULL`),
      nextSlot: p(`SELECT next_slot FROM source WHERE id = ?`),
      setNextSlot: p(`UPDATE source SET next_slot = ? WHERE id = ?`),
      newSeries: p(`INSERT INTO series (entity, signal, source, step_ms, phase_ms, slot) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (entity, signal, source) DO UPDATE SET slot = excluded.slot RETURNING id, step_ms, phase_ms`),
      base: p(`SELECT block, data FROM bin_base WHERE source = ? AND period = ?`),
      putBase: p(`INSERT OR REPLACE INTO bin_base (source, period, block, data) VALUES (?, ?, ?, ?)`),
      block: p(`SELECT data FROM bin_block WHERE source = ? AND time = ? AND block = ?`),
      putBlock: p(`INSERT OR REPLACE INTO bin_block (source, time, block, data) VALUES (?, ?, ?, ?)`),
      dropBlocks: p(`DELETE FROM bin_block WHERE source = ? AND time = ?`),
      putBin: p(`INSERT OR REPLACE INTO bin (source, time, step_ms, completed_at, compacted, provenance) VALUES (?, ?, ?, ?, 0, ?)`),
      openBins: p(`SELECT time FROM bin WHERE source = ? AND compacted = 0 AND time >= ? AND time < ? ORDER BY time`),
      openBefore: p(`SELECT min(time) AS t FROM bin WHERE source = ? AND compacted = 0 AND time < ?`),
      groupRows: p(`SELECT time, block, data FROM bin_block WHERE source = ? AND time >= ? AND time < ? AND block >= ? AND block < ?`),
      compactedIn: p(`SELECT count(*) AS n FROM bin WHERE source = ? AND compacted = 1 AND time >= ? AND time < ?`),
      chunk: p(`SELECT data FROM chunk WHERE series = ? AND start = ?`),
      putChunk: p(`INSERT OR REPLACE INTO chunk (series, start, data) VALUES (?, ?, ?)`),
      span: p(`UPDATE series SET first = min(coalesce(first, ?), ?), last = max(coalesce(last, ?), ?) WHERE id = ?`),
      closeBins: p(`UPDATE bin SET compacted = 1 WHERE source = ? AND compacted = 0 AND time >= ? AND time < ?`),
      dropPeriodBlocks: p(`DELETE FROM bin_block WHERE source = ? AND time >= ? AND time < ?`),
      dropBases: p(`DELETE FROM bin_base WHERE source = ? AND period = ?`),
    } as Record<string, SqliteStatement>;
  }

  #stmt(name: string): SqliteStatement {
    const s = this.#q[name];
    if (s === undefined) throw new TypeError(`no statement ${name}`);
    return s;
  }

  #slots(source: number): SourceSlots {
    let s = this.#sources.get(source);
    if (s !== undefined) return s;
    const bySeries = new Map<string, Map<string, number>>();
    const ids: number[] = [];
    const signals: string[] = [];
    for (const r of this.#stmt("slots").all(source) as { id: number; entity: string; signal: string; slot: number }[]) {
      let bySignal = bySeries.get(r.signal);
      if (bySignal === undefined) bySeries.set(r.signal, (bySignal = new Map()));
      bySignal.set(r.entity, r.slot);
      ids[r.slot] = r.id;
      signals[r.slot] = r.signal;
    }
    s = { bySeries, ids, signals, lastSlots: [], lastEntities: [], lastPositive: new Float64Array(0), knownUntil: Number.NaN, basePeriod: Number.NaN, bases: new Map() };
    this.#sources.set(source, s);
    return s;
  }

  /** Forgets cached state (after a rollback or a replace). */
  reset(): void {
    this.#sources.clear();
  }

  /** The slot of a series of `source`, creating the series when new. */
  #slotOf(source: number, s: SourceSlots, v: BinValue, grid: Grid): { slot: number; created: boolean } {
    let bySignal = s.bySeries.get(v.signal);
    if (bySignal === undefined) s.bySeries.set(v.signal, (bySignal = new Map()));
    const known = bySignal.get(v.entity);
    if (known !== undefined) return { slot: known, created: false };
    const row = this.#stmt("nextSlot").get(source) as { next_slot: number };
    const slot = row.next_slot;
    const created = this.#stmt("newSeries").get(v.entity, v.signal, source, grid.stepMs, grid.phaseMs, slot) as { id: number; step_ms: number; phase_ms: number };
    if (created.step_ms !== grid.stepMs || created.phase_ms !== grid.phaseMs) {
      throw new TypeError(`Cannot store ${v.entity} ${v.signal}: its series has ${created.step_ms} ms steps (phase ${created.phase_ms}), the bin ${grid.stepMs} ms (phase ${grid.phaseMs})`);
    }
    this.#stmt("setNextSlot").run(slot + 1, source);
    bySignal.set(v.entity, slot);
    s.ids[slot] = created.id;
    s.signals[slot] = v.signal;
    return { slot, created: true };
  }

  /** Stores one bin of `source`: its blocks and its record. Call inside a transaction. */
  put(source: number, bin: BinInput): BinWritten {
    const grid: Grid = { stepMs: bin.stepMs, phaseMs: modulo(bin.time, bin.stepMs) };
    const s = this.#slots(source);
    const given: number[] = [];
    let newSeries = 0;
    // A source lists its series in much the same order every bin: match each value with
    // the previous bin's series at the same place (shifted by entities that came or went)
    // before hashing its strings. At 240 000 series a bin this is most of a bin's work.
    const lastSlots = s.lastSlots;
    const lastEntities = s.lastEntities;
    const nextSlots: number[] = [];
    const nextEntities: string[] = [];
    let shift = 0;
    for (const v of bin.values) {
      if (v.value !== null && !Number.isFinite(v.value)) throw new TypeError(`Cannot store ${v.entity} ${v.signal} at ${new Date(bin.time).toISOString()}: value ${v.value} is not finite`);
      const j = nextSlots.length + shift;
      let slot = -1;
      for (const d of SHIFTS) {
        const k = j + d;
        const candidate = lastSlots[k];
        if (candidate !== undefined && lastEntities[k] === v.entity && s.signals[candidate] === v.signal) {
          slot = candidate;
          shift += d;
          break;
        }
      }
      if (slot < 0) {
        const found = this.#slotOf(source, s, v, grid);
        slot = found.slot;
        if (found.created) newSeries++;
      }
      nextSlots.push(slot);
      nextEntities.push(v.entity);
      given.push(v.value ?? Number.NaN);
    }
    s.lastSlots = nextSlots;
    s.lastEntities = nextEntities;
    const values = new Float64Array(s.ids.length).fill(Number.NaN);
    for (let k = 0; k < nextSlots.length; k++) values[nextSlots[k] ?? 0] = given[k] ?? Number.NaN;
    const zeros = bin.zeros === undefined ? 0 : this.#applyZeros(source, s, values, bin.time, bin.zeros);
    this.#stmt("dropBlocks").run(source, bin.time);
    const period = chunkStart(bin.time, grid);
    this.#loadBases(source, s, period, values);
    for (let block = 0; block * BLOCK_SLOTS < values.length; block++) {
      const part = values.subarray(block * BLOCK_SLOTS, (block + 1) * BLOCK_SLOTS);
      if (part.every(Number.isNaN)) continue;
      const base = s.bases.get(block) ?? new Float64Array(0);
      this.#stmt("putBlock").run(source, bin.time, block, blob(encodeValues(part, { kind: "array", values: base })));
    }
    this.#stmt("putBin").run(source, bin.time, bin.stepMs, bin.completedAt, JSON.stringify(bin.provenance));
    return { values: nextSlots.length, zeros, newSeries };
  }

  /** The period's base per block; blocks without one take this bin's values as theirs. */
  #loadBases(source: number, s: SourceSlots, period: number, values: Float64Array): void {
    if (s.basePeriod !== period) {
      s.bases.clear();
      for (const r of this.#stmt("base").all(source, period) as { block: number; data: Uint8Array }[]) {
        s.bases.set(r.block, decodeValues(r.data, BLOCK_SLOTS));
      }
      s.basePeriod = period;
    }
    for (let block = 0; block * BLOCK_SLOTS < values.length; block++) {
      if (s.bases.has(block)) continue;
      const base = new Float64Array(BLOCK_SLOTS).fill(Number.NaN);
      base.set(values.subarray(block * BLOCK_SLOTS, (block + 1) * BLOCK_SLOTS));
      s.bases.set(block, base);
      this.#stmt("putBase").run(source, period, block, blob(encodeValues(base)));
    }
  }

  /** Zero for each absent slot seen above 0 within `windowMs`; tracks the latest positive time per slot. */
  #applyZeros(source: number, s: SourceSlots, values: Float64Array, time: number, rule: NonNullable<BinInput["zeros"]>): number {
    const windowMs = rule.withinMs;
    const measured = new Set(rule.signals);
    if (Number.isNaN(s.knownUntil) || time <= s.knownUntil) {
      s.lastPositive = new Float64Array(values.length).fill(-Infinity);
      this.#scan(source, s.ids, time - windowMs, time, (slot, t, v) => {
        if (v > 0 && t > (s.lastPositive[slot] ?? -Infinity)) s.lastPositive[slot] = t;
      });
    } else if (s.lastPositive.length < values.length) {
      const grown = new Float64Array(values.length).fill(-Infinity);
      grown.set(s.lastPositive);
      s.lastPositive = grown;
    }
    let zeros = 0;
    for (let slot = 0; slot < values.length; slot++) {
      const v = values[slot] ?? Number.NaN;
      if (Number.isNaN(v)) {
        if ((s.lastPositive[slot] ?? -Infinity) >= time - windowMs && measured.has(s.signals[slot] ?? "")) {
          values[slot] = 0;
          zeros++;
        }
      } else if (v > 0) s.lastPositive[slot] = time;
    }
    s.knownUntil = time;
    return zeros;
  }

  /** Calls `fn(slot, time, value)` for every value of the source's bin series in [from, until). */
  #scan(source: number, ids: readonly number[], from: number, until: number, fn: (slot: number, time: number, value: number) => void): void {
    const chunkRows = this.#db.prepare(`SELECT s.slot AS slot, c.start AS start, s.step_ms AS step, c.data AS data
      FROM series s JOIN chunk c ON c.series = s.id
      WHERE s.source = ? AND s.slot IS NOT NULL AND c.start > ? - s.step_ms * ${CHUNK_BINS} AND c.start < ?`).all(source, from, until) as { slot: number; start: number; step: number; data: Uint8Array }[];
    for (const r of chunkRows) {
      const values = decodeValues(r.data, CHUNK_BINS);
      values.forEach((v, i) => {
        const t = r.start + i * r.step;
        if (!Number.isNaN(v) && t >= from && t < until) fn(r.slot, t, v);
      });
    }
    for (const { time } of this.#stmt("openBins").all(source, from, until) as { time: number }[]) {
      for (let block = 0; block * BLOCK_SLOTS < ids.length; block++) {
        const values = this.#blockValues(source, time, block);
        values?.forEach((v, i) => {
          if (!Number.isNaN(v)) fn(block * BLOCK_SLOTS + i, time, v);
        });
      }
    }
  }

  /** The decoded block of a stored open bin, or undefined when the bin has none. */
  #blockValues(source: number, time: number, block: number, stepMs?: number): Float64Array | undefined {
    const row = this.#stmt("block").get(source, time, block) as { data: Uint8Array } | undefined;
    if (row === undefined) return undefined;
    const base = this.#baseOf(source, time, block, stepMs);
    return decodeValues(row.data, BLOCK_SLOTS, { kind: "array", values: base });
  }

  #baseOf(source: number, time: number, block: number, stepMs?: number): Float64Array {
    const step = stepMs ?? (this.#db.prepare(`SELECT step_ms FROM bin WHERE source = ? AND time = ?`).get(source, time) as { step_ms: number } | undefined)?.step_ms ?? 300_000;
    const period = chunkStart(time, { stepMs: step, phaseMs: modulo(time, step) });
    const row = this.#db.prepare(`SELECT data FROM bin_base WHERE source = ? AND period = ? AND block = ?`).get(source, period, block) as { data: Uint8Array } | undefined;
    return row === undefined ? new Float64Array(0) : decodeValues(row.data, BLOCK_SLOTS);
  }

  /**
   * Values of one slot in the source's open (not yet compacted) bins in [from, until):
   * time → value (NaN: the bin has no value for it). Open bins override chunks.
   */
  readOpen(source: number, slot: number, grid: Grid, from: number, until: number): Map<number, number> {
    const out = new Map<number, number>();
    const block = Math.floor(slot / BLOCK_SLOTS);
    const bases = new Map<number, Float64Array>();
    for (const { time } of this.#stmt("openBins").all(source, from, until) as { time: number }[]) {
      const row = this.#stmt("block").get(source, time, block) as { data: Uint8Array } | undefined;
      if (row === undefined) {
        out.set(time, Number.NaN);
        continue;
      }
      const period = chunkStart(time, grid);
      let base = bases.get(period);
      if (base === undefined) bases.set(period, (base = this.#baseOf(source, time, block, grid.stepMs)));
      out.set(time, decodeValueAt(row.data, slot % BLOCK_SLOTS, { kind: "array", values: base }));
    }
    return out;
  }

  /**
   * The first and last open bin in [from, until) where the slot has a value, searching
   * from the newest bin back (and from the oldest forward only when `wantFirst`);
   * decoded blocks are kept in `cache` across calls of one listing.
   */
  openSpan(source: number, slot: number, from: number, until: number, wantFirst: boolean, cache: Map<string, Float64Array | undefined>): { first: number; last: number } | undefined {
    const block = Math.floor(slot / BLOCK_SLOTS);
    const times = (this.#stmt("openBins").all(source, from, until) as { time: number }[]).map((r) => r.time);
    const has = (time: number): boolean => {
      const k = `${source}:${time}:${block}`;
      if (!cache.has(k)) cache.set(k, this.#blockValues(source, time, block));
      const v = cache.get(k)?.[slot % BLOCK_SLOTS];
      return v !== undefined && !Number.isNaN(v);
    };
    const last = [...times].reverse().find(has);
    if (last === undefined) return undefined;
    return { first: wantFirst ? (times.find(has) ?? last) : last, last };
  }

  /**
   * Moves every period of `source` that ends at or before `before` from bin blocks into
   * chunks. Returns the periods compacted. Call inside a transaction.
   */
  compact(source: number, stepMs: number, before: number): number {
    const grid: Grid = { stepMs, phaseMs: 0 };
    const span = stepMs * CHUNK_BINS;
    let periods = 0;
    for (;;) {
      const row = this.#stmt("openBefore").get(source, before) as { t: number | null };
      if (row.t === null) return periods;
      const period = chunkStart(row.t, { stepMs, phaseMs: modulo(row.t, stepMs) });
      if (period + span > before) return periods;
      this.#compactPeriod(source, period, grid);
      periods++;
    }
  }

  #compactPeriod(source: number, period: number, grid: Grid): void {
    const s = this.#slots(source);
    const span = grid.stepMs * CHUNK_BINS;
    const merge = (this.#stmt("compactedIn").get(source, period, period + span) as { n: number }).n > 0;
    const openTimes = (this.#stmt("openBins").all(source, period, period + span) as { time: number }[]).map((r) => r.time);
    const bases = new Map<number, Float64Array>();
    for (const r of this.#stmt("base").all(source, period) as { block: number; data: Uint8Array }[]) bases.set(r.block, decodeValues(r.data, BLOCK_SLOTS));
    const GROUP = 32;
    for (let first = 0; first * BLOCK_SLOTS < s.ids.length; first += GROUP) {
      const slots = Math.min(s.ids.length - first * BLOCK_SLOTS, GROUP * BLOCK_SLOTS);
      const grid2 = new Float64Array(slots * CHUNK_BINS).fill(Number.NaN);
      for (const r of this.#stmt("groupRows").all(source, period, period + span, first, first + GROUP) as { time: number; block: number; data: Uint8Array }[]) {
        const values = decodeValues(r.data, BLOCK_SLOTS, { kind: "array", values: bases.get(r.block) ?? new Float64Array(0) });
        const bin = Math.round((r.time - period) / grid.stepMs);
        const offset = (r.block - first) * BLOCK_SLOTS;
        const count = Math.min(BLOCK_SLOTS, slots - offset);
        for (let i = 0; i < count; i++) grid2[(offset + i) * CHUNK_BINS + bin] = values[i] as number;
      }
      for (let i = 0; i < slots; i++) this.#writeChunk(s.ids[first * BLOCK_SLOTS + i], period, grid, grid2.subarray(i * CHUNK_BINS, (i + 1) * CHUNK_BINS), merge ? openTimes : null);
    }
    this.#stmt("dropPeriodBlocks").run(source, period, period + span);
    this.#stmt("dropBases").run(source, period);
    this.#stmt("closeBins").run(source, period, period + span);
  }

  /** Writes one series' chunk; with `openTimes`, over the chunk already stored (open bins win). */
  #writeChunk(id: number | undefined, period: number, grid: Grid, values: Float64Array, openTimes: readonly number[] | null): void {
    if (id === undefined) return;
    let merged = values;
    if (openTimes !== null) {
      const old = this.#stmt("chunk").get(id, period) as { data: Uint8Array } | undefined;
      if (old !== undefined) {
        merged = decodeValues(old.data, CHUNK_BINS);
        for (const t of openTimes) {
          const i = Math.round((t - period) / grid.stepMs);
          merged[i] = values[i] ?? Number.NaN;
        }
      }
    }
    let firstI = -1;
    let lastI = -1;
    for (let i = 0; i < merged.length; i++) {
      const v = merged[i] as number;
      if (v !== v) continue;
      if (firstI < 0) firstI = i;
      lastI = i;
    }
    if (firstI < 0) return;
    this.#stmt("putChunk").run(id, period, blob(encodeValues(merged)));
    const lo = period + firstI * grid.stepMs;
    const hi = period + lastI * grid.stepMs;
    this.#stmt("span").run(lo, lo, hi, hi, id);
  }
}
