/**
 * The store's value codec: an array of values (NaN = no data) as a compact byte
 * string, each value written as its difference from a reference value.
 *
 * Tokens, each starting with an unsigned LEB128 varint `h`:
 *
 *   h = 0      a run of values equal to their references; varint count follows
 *   h = 1      a run of values without data;              varint count follows
 *   h = 2      one value as an IEEE 754 float64, 8 bytes little-endian, not a difference
 *   h ≥ 3      one integer value: zigzag(value − reference) = h − 3
 *
 * Two references serve the store: the previous value with data in the same series
 * (series-major chunks: BGP counts change little from one bin to the next), and the
 * same series' value in the first bin of the period (bin-major blocks). Either way an
 * unchanged value costs nothing but its share of a run.
 */

/** Largest |difference| written as an integer token: beyond it, float64 keeps it exact. */
const MAX_INT_DIFF = 2 ** 50;

/** A growable byte buffer for one encode() call. */
class ByteSink {
  bytes = new Uint8Array(256);
  length = 0;

  #ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  /** Unsigned LEB128 of a non-negative integer up to 2^53. */
  varint(n: number): void {
    this.#ensure(8);
    while (n >= 128) {
      this.bytes[this.length++] = (n % 128) | 128;
      n = Math.floor(n / 128);
    }
    this.bytes[this.length++] = n;
  }

  float64(x: number): void {
    this.#ensure(8);
    new DataView(this.bytes.buffer, this.bytes.byteOffset).setFloat64(this.length, x, true);
    this.length += 8;
  }
}

/** How each value's reference is chosen. */
export type Reference =
  /** The previous value with data in the array (0 before the first). */
  | { readonly kind: "previous" }
  /** The value at the same index of another array (NaN counts as 0). */
  | { readonly kind: "array"; readonly values: Float64Array };

const PREVIOUS: Reference = { kind: "previous" };

function referenceAt(ref: Reference, i: number, previous: number): number {
  if (ref.kind === "previous") return previous;
  const r = ref.values[i] ?? 0;
  return Number.isNaN(r) ? 0 : r;
}

/** Encodes `values` (NaN = no data). */
export function encodeValues(values: Float64Array, ref: Reference = PREVIOUS): Uint8Array {
  const out = new ByteSink();
  let previous = 0;
  let i = 0;
  while (i < values.length) {
    const v = values[i] ?? Number.NaN;
    if (Number.isNaN(v)) {
      let j = i + 1;
      while (j < values.length && Number.isNaN(values[j] ?? 0)) j++;
      out.varint(1);
      out.varint(j - i);
      i = j;
      continue;
    }
    const r = referenceAt(ref, i, previous);
    if (v === r) {
      let j = i + 1;
      let last = v;
      while (j < values.length) {
        const w = values[j] ?? Number.NaN;
        if (Number.isNaN(w) || w !== referenceAt(ref, j, last)) break;
        last = w;
        j++;
      }
      if (j - i >= 2) {
        out.varint(0);
        out.varint(j - i);
        previous = last;
        i = j;
        continue;
      }
    }
    const d = v - r;
    if (Number.isInteger(v) && Number.isInteger(r) && Math.abs(d) <= MAX_INT_DIFF) {
      out.varint((d >= 0 ? d * 2 : -d * 2 - 1) + 3);
    } else {
      out.varint(2);
      out.float64(v);
    }
    previous = v;
    i++;
  }
  return out.bytes.slice(0, out.length);
}

/** Reads the varint at `pos[0]`, advancing it. */
function readVarint(bytes: Uint8Array, pos: number[]): number {
  let n = 0;
  let scale = 1;
  for (;;) {
    const b = bytes[pos[0] ?? 0];
    if (b === undefined) throw new RangeError(`Cannot decode stored values: varint runs past the ${bytes.length} bytes`);
    pos[0] = (pos[0] ?? 0) + 1;
    n += (b & 127) * scale;
    if (b < 128) return n;
    scale *= 128;
  }
}

/**
 * Decodes `length` values written by encodeValues() with the same reference into
 * `into` (a new array by default). Values past the encoded ones stay NaN.
 */
export function decodeValues(bytes: Uint8Array, length: number, ref: Reference = PREVIOUS): Float64Array {
  const out = new Float64Array(length).fill(Number.NaN);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pos = [0];
  let previous = 0;
  let i = 0;
  while ((pos[0] ?? 0) < bytes.length && i < length) {
    const h = readVarint(bytes, pos);
    if (h === 0 || h === 1) {
      const count = readVarint(bytes, pos);
      const end = Math.min(length, i + count);
      if (h === 1) {
        i = end;
        continue;
      }
      for (; i < end; i++) {
        previous = referenceAt(ref, i, previous);
        out[i] = previous;
      }
    } else if (h === 2) {
      const at = pos[0] ?? 0;
      if (at + 8 > bytes.length) throw new RangeError(`Cannot decode stored values: float64 at byte ${at} runs past the ${bytes.length} bytes`);
      previous = view.getFloat64(at, true);
      pos[0] = at + 8;
      out[i++] = previous;
    } else {
      const z = h - 3;
      const d = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      previous = referenceAt(ref, i, previous) + d;
      out[i++] = previous;
    }
  }
  return out;
}

/**
 * The value at `index` of an encoding, decoding only the tokens before it (NaN when
 * it has no data). Same references as decodeValues().
 */
export function decodeValueAt(bytes: Uint8Array, index: number, ref: Reference = PREVIOUS): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pos = [0];
  let previous = 0;
  let i = 0;
  while ((pos[0] ?? 0) < bytes.length) {
    const h = readVarint(bytes, pos);
    if (h === 0 || h === 1) {
      const count = readVarint(bytes, pos);
      if (index < i + count) {
        if (h === 1) return Number.NaN;
        // A run of unchanged values: with "previous" every one equals the last value.
        return ref.kind === "previous" ? previous : referenceAt(ref, index, previous);
      }
      if (h === 0 && ref.kind === "previous") previous = referenceAt(ref, i + count - 1, previous);
      i += count;
      continue;
    }
    let value: number;
    if (h === 2) {
      const at = pos[0] ?? 0;
      if (at + 8 > bytes.length) throw new RangeError(`Cannot decode stored values: float64 at byte ${at} runs past the ${bytes.length} bytes`);
      value = view.getFloat64(at, true);
      pos[0] = at + 8;
    } else {
      const z = h - 3;
      value = referenceAt(ref, i, previous) + (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
    }
    if (i === index) return value;
    previous = value;
    i++;
  }
  return Number.NaN;
}
