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
    if (n < 128 && this.length < this.bytes.length) {
      this.bytes[this.length++] = n;
      return;
    }
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

/** The reference array of `ref`, or null for "previous". */
const arrayOf = (ref: Reference): Float64Array | null => (ref.kind === "array" ? ref.values : null);

/** `array[i]`, with a missing or NaN entry read as 0. */
function at(array: Float64Array, i: number): number {
  const x = i < array.length ? (array[i] as number) : 0;
  return x !== x ? 0 : x;
}

function referenceAt(ref: Reference, i: number, previous: number): number {
  const array = arrayOf(ref);
  return array === null ? previous : at(array, i);
}

/** Encodes `values` (NaN = no data). The loops are written out: this runs over every value a bin or a day holds. */
export function encodeValues(values: Float64Array, ref: Reference = PREVIOUS): Uint8Array {
  const array = arrayOf(ref);
  const n = values.length;
  const out = new ByteSink();
  let previous = 0;
  let i = 0;
  while (i < n) {
    const v = values[i] as number;
    if (v !== v) {
      let j = i + 1;
      while (j < n && (values[j] as number) !== (values[j] as number)) j++;
      out.varint(1);
      out.varint(j - i);
      i = j;
      continue;
    }
    const r = array === null ? previous : at(array, i);
    if (v === r) {
      // With "previous" every later value of the run equals v; with an array, its own reference.
      let j = i + 1;
      while (j < n && (values[j] as number) === (array === null ? v : at(array, j))) j++;
      if (j - i >= 2) {
        out.varint(0);
        out.varint(j - i);
        previous = values[j - 1] as number;
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
  const array = arrayOf(ref);
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
      if (array === null) out.fill(previous, i, end);
      else for (let k = i; k < end; k++) out[k] = at(array, k);
      if (array !== null && end > i) previous = out[end - 1] as number;
      i = end;
    } else if (h === 2) {
      const p = pos[0] ?? 0;
      if (p + 8 > bytes.length) throw new RangeError(`Cannot decode stored values: float64 at byte ${p} runs past the ${bytes.length} bytes`);
      previous = view.getFloat64(p, true);
      pos[0] = p + 8;
      out[i++] = previous;
    } else {
      const z = h - 3;
      previous = (array === null ? previous : at(array, i)) + (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
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
