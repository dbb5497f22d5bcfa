/**
 * Prefix interning: every distinct prefix seen in a replay gets a small integer id,
 * shared by all peers and collectors, so that a route table is an array indexed by id.
 *
 * Storage per prefix: family and length (2 bytes), four 32-bit address words (16 bytes),
 * and one slot of an open-addressing hash (4 bytes at load ≤ 1/2, so 8 bytes): about
 * 26 bytes per prefix, 31 MB for a 1.2 M-prefix table. Ids are never reused.
 */
import { ipv4Key, ipv6Groups } from "../bgp/ip-address.ts";

/** Address family of an interned prefix. */
export type PrefixFamily = 4 | 6;

const EMPTY = -1;
const INITIAL_CAPACITY = 1024;

/** Masks the host bits of a 32-bit word that holds address bits `[base, base + 32)`. */
function maskWord(word: number, base: number, bits: number): number {
  if (bits <= base) return 0;
  if (bits >= base + 32) return word >>> 0;
  return (word & (0xffffffff << (32 - (bits - base)))) >>> 0;
}

function hash(w0: number, w1: number, w2: number, w3: number, bits: number): number {
  let h = Math.imul(w0 ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ w1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ w2, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ w3, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ bits, 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

/** The interned prefixes of a replay. Host bits are masked, as routers do. */
export class PrefixTable {
  #size = 0;
  #capacity = INITIAL_CAPACITY;
  /** `family << 8 | length` per id. */
  #meta = new Uint16Array(INITIAL_CAPACITY);
  #words = new Uint32Array(4 * INITIAL_CAPACITY);
  #slots = new Int32Array(4 * INITIAL_CAPACITY).fill(EMPTY);
  #mask = 4 * INITIAL_CAPACITY - 1;

  /** Number of prefixes interned; ids are `0 … size - 1`. */
  get size(): number {
    return this.#size;
  }

  /** Current array capacity; grows by half when full. */
  get capacity(): number {
    return this.#capacity;
  }

  /** 4 or 6. */
  family(id: number): PrefixFamily {
    return (this.#meta[id]! >> 8) === 6 ? 6 : 4;
  }

  /** Prefix length in bits. */
  length(id: number): number {
    return this.#meta[id]! & 0xff;
  }

  /** Address word `i` (0–3, most significant first) of a prefix; IPv4 uses word 0 only. */
  word(id: number, i: number): number {
    return this.#words[4 * id + i]!;
  }

  /**
   * The id of a prefix given as masked-or-not address words, inserting it when new
   * (`insert` false: -1 when absent).
   */
  intern(family: PrefixFamily, w0: number, w1: number, w2: number, w3: number, bits: number, insert = true): number {
    const a = maskWord(w0, 0, bits);
    const b = family === 4 ? 0 : maskWord(w1, 32, bits);
    const c = family === 4 ? 0 : maskWord(w2, 64, bits);
    const d = family === 4 ? 0 : maskWord(w3, 96, bits);
    const meta = (family << 8) | bits;
    const words = this.#words;
    let slot = hash(a, b, c, d, meta) & this.#mask;
    for (;;) {
      const id = this.#slots[slot]!;
      if (id === EMPTY) break;
      const at = 4 * id;
      if (this.#meta[id] === meta && words[at] === a && words[at + 1] === b && words[at + 2] === c && words[at + 3] === d) return id;
      slot = (slot + 1) & this.#mask;
    }
    if (!insert) return -1;
    if (this.#size === this.#capacity) {
      this.#grow();
      return this.intern(family, a, b, c, d, bits, true);
    }
    const id = this.#size++;
    this.#meta[id] = meta;
    words[4 * id] = a;
    words[4 * id + 1] = b;
    words[4 * id + 2] = c;
    words[4 * id + 3] = d;
    this.#slots[slot] = id;
    return id;
  }

  /**
   * The id of the prefix of `bits` bits whose `ceil(bits / 8)` wire bytes start at
   * `offset` (RFC 4271 §4.3 NLRI encoding; the caller checked the bounds).
   */
  internBytes(family: PrefixFamily, bytes: Uint8Array, offset: number, bits: number, insert = true): number {
    const n = (bits + 7) >> 3;
    let w0 = 0;
    let w1 = 0;
    let w2 = 0;
    let w3 = 0;
    for (let i = 0; i < n; i++) {
      const v = bytes[offset + i]! << (24 - 8 * (i & 3));
      if (i < 4) w0 |= v;
      else if (i < 8) w1 |= v;
      else if (i < 12) w2 |= v;
      else w3 |= v;
    }
    return this.intern(family, w0 >>> 0, w1 >>> 0, w2 >>> 0, w3 >>> 0, bits, insert);
  }

  /** The id of a prefix in text (`192.0.2.0/24`, `2001:db8::/32`); TypeError for other text. */
  internText(text: string, insert = true): number {
    const slash = text.indexOf("/");
    const bits = slash < 0 ? Number.NaN : Number(text.slice(slash + 1));
    const address = text.slice(0, slash);
    if (!text.includes(":")) {
      const v = ipv4Key(address);
      if (v === null || !Number.isInteger(bits) || bits < 0 || bits > 32) throw new TypeError(`Cannot intern prefix ${JSON.stringify(text)}: not an IPv4 or IPv6 prefix`);
      return this.intern(4, v, 0, 0, 0, bits, insert);
    }
    const g = ipv6Groups(address);
    if (g === null || !Number.isInteger(bits) || bits < 0 || bits > 128) throw new TypeError(`Cannot intern prefix ${JSON.stringify(text)}: not an IPv4 or IPv6 prefix`);
    const w = (i: number): number => ((g[2 * i]! << 16) | g[2 * i + 1]!) >>> 0;
    return this.intern(6, w(0), w(1), w(2), w(3), bits, insert);
  }

  /** The prefix as text: `192.0.2.0/24`, `2001:db8::/32`. */
  text(id: number): string {
    const at = 4 * id;
    const w = this.#words;
    if (this.family(id) === 4) {
      const v = w[at]!;
      return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}/${this.length(id)}`;
    }
    const groups: string[] = [];
    for (let i = 0; i < 4; i++) groups.push((w[at + i]! >>> 16).toString(16), (w[at + i]! & 0xffff).toString(16));
    // RFC 5952: the longest run of two or more zero groups becomes `::`.
    let best = -1;
    let bestLength = 1;
    for (let i = 0; i < 8; ) {
      let j = i;
      while (j < 8 && groups[j] === "0") j++;
      if (j - i > bestLength) {
        best = i;
        bestLength = j - i;
      }
      i = j === i ? i + 1 : j;
    }
    const body = best < 0
      ? groups.join(":")
      : `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLength).join(":")}`;
    return `${body}/${this.length(id)}`;
  }

  /**
   * The first block a prefix covers and how many: /24s for IPv4 (block = address ÷ 256),
   * /48s for IPv6 (block = top 48 bits). A prefix longer than the block covers none
   * (count 0), as IODA counts only whole blocks.
   */
  blocks(id: number): { first: number; count: number } {
    const bits = this.length(id);
    const at = 4 * id;
    if (this.family(id) === 4) {
      return bits > 24 ? { first: 0, count: 0 } : { first: this.#words[at]! >>> 8, count: 2 ** (24 - bits) };
    }
    if (bits > 48) return { first: 0, count: 0 };
    return { first: this.#words[at]! * 65536 + (this.#words[at + 1]! >>> 16), count: 2 ** (48 - bits) };
  }

  #grow(): void {
    const capacity = Math.ceil(this.#capacity * 1.5);
    const meta = new Uint16Array(capacity);
    meta.set(this.#meta);
    const words = new Uint32Array(4 * capacity);
    words.set(this.#words);
    this.#meta = meta;
    this.#words = words;
    this.#capacity = capacity;
    let slotCount = this.#slots.length;
    while (slotCount < 2 * capacity) slotCount *= 2;
    if (slotCount !== this.#slots.length) {
      const slots = new Int32Array(slotCount).fill(EMPTY);
      const mask = slotCount - 1;
      for (let id = 0; id < this.#size; id++) {
        const at = 4 * id;
        let slot = hash(words[at]!, words[at + 1]!, words[at + 2]!, words[at + 3]!, meta[id]!) & mask;
        while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
        slots[slot] = id;
      }
      this.#slots = slots;
      this.#mask = mask;
    }
  }
}
