/**
 * Output text as Latin-1 bytes in a reusable buffer: no string concatenation and no
 * UTF-8 encoding on the hot path of `mrt dump`. MRT text is ASCII (numbers, addresses,
 * fixed words), so one byte per character is exact.
 */

/** Collects bytes; `take()` hands over what was written and starts a new buffer. */
export class LineWriter {
  #buf: Buffer;
  #pos = 0;
  readonly #size: number;

  constructor(size = 1 << 20) {
    this.#size = size;
    this.#buf = Buffer.allocUnsafe(size);
  }

  /** Bytes written and not yet taken. */
  get length(): number {
    return this.#pos;
  }

  #grow(n: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.#size, 2 * (this.#pos + n)));
    this.#buf.copy(next, 0, 0, this.#pos);
    this.#buf = next;
  }

  /** Appends an ASCII string. */
  text(s: string): void {
    const n = s.length;
    if (this.#pos + n > this.#buf.length) this.#grow(n);
    const buf = this.#buf;
    let p = this.#pos;
    if (n > 160) {
      p += buf.write(s, p, "latin1");
    } else {
      for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    }
    this.#pos = p;
  }

  /** Appends raw bytes (an encoded tail reused across lines). */
  bytes(b: Uint8Array): void {
    if (this.#pos + b.length > this.#buf.length) this.#grow(b.length);
    this.#buf.set(b, this.#pos);
    this.#pos += b.length;
  }

  /** Appends one byte (a separator). */
  byte(c: number): void {
    if (this.#pos + 1 > this.#buf.length) this.#grow(1);
    this.#buf[this.#pos++] = c;
  }

  /** Appends a non-negative integer in decimal. */
  uint(v: number): void {
    if (this.#pos + 20 > this.#buf.length) this.#grow(20);
    const buf = this.#buf;
    if (v < 10) {
      buf[this.#pos++] = 48 + v;
      return;
    }
    let digits = 0;
    for (let t = v; t >= 1; t = Math.floor(t / 10)) digits++;
    let p = this.#pos + digits;
    this.#pos = p;
    for (let t = v; digits > 0; digits--) {
      const q = Math.floor(t / 10);
      buf[--p] = 48 + (t - q * 10);
      t = q;
    }
  }

  /** Hands over the bytes written so far (a view the writer no longer touches). */
  take(): Buffer {
    const out = this.#buf.subarray(0, this.#pos);
    this.#buf = Buffer.allocUnsafe(this.#size);
    this.#pos = 0;
    return out;
  }

  /** The bytes written so far as a string, then cleared (for tests and small outputs). */
  takeString(): string {
    const s = this.#buf.toString("latin1", 0, this.#pos);
    this.#pos = 0;
    return s;
  }
}
