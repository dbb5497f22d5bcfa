/**
 * Error classes by meaning, shared by every stage. Messages say what failed, then the
 * state, with the numbers (see docs/design/0001-layout.md).
 */

/** Where in an input a decoding error happened. */
export interface InputPlace {
  /** File name, URL or `-` for standard input. */
  readonly file: string;
  /** Byte offset in the decompressed stream where the bad record starts. */
  readonly offset: number;
  /** 0-based index of the record in the stream. */
  readonly recordIndex: number;
}

/** Undecodable bytes in an MRT or BGP input: corrupt lengths, bad attributes, truncation. */
export class MrtSyntaxError extends SyntaxError implements InputPlace {
  override readonly name = "MrtSyntaxError";
  readonly file: string;
  readonly offset: number;
  readonly recordIndex: number;
  /** The reason alone, without the place. */
  readonly reason: string;

  constructor(place: InputPlace, reason: string, options?: ErrorOptions) {
    super(
      `Cannot parse MRT record ${place.recordIndex} of ${place.file} at byte ${place.offset}: ${reason}`,
      options,
    );
    this.file = place.file;
    this.offset = place.offset;
    this.recordIndex = place.recordIndex;
    this.reason = reason;
  }
}

/** A malformed line or cell in a text input (CSV, JSON import). */
export class InputSyntaxError extends SyntaxError {
  override readonly name = "InputSyntaxError";
  readonly file: string;
  readonly line: number;
  readonly column: string | number | undefined;

  constructor(file: string, line: number, column: string | number | undefined, reason: string) {
    super(`Cannot read ${file} line ${line}${column === undefined ? "" : ` column ${String(column)}`}: ${reason}`);
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** Wrong command-line arguments or options. The CLI prints the message and exits 2. */
export class UsageError extends TypeError {
  override readonly name = "UsageError";
}

/** A source (file, URL, archive) that cannot be opened or read. */
export class SourceError extends Error {
  override readonly name = "SourceError";
  readonly source: string;
  /** Decompressed bytes read before the failure, once a record reader has placed it. */
  readonly offset: number | undefined;

  constructor(source: string, reason: string, options?: ErrorOptions & { readonly offset?: number; readonly message?: string }) {
    super(options?.message ?? `Cannot read ${source}: ${reason}`, options);
    this.source = source;
    this.offset = options?.offset;
  }

  /**
   * The same failure placed by a record reader: a SourceError still, carrying the byte
   * where reading stopped and naming the MRT record it cut.
   */
  placed(place: { readonly recordIndex: number; readonly offset: number; readonly file: string }): SourceError {
    return new SourceError(this.source, this.message, {
      cause: this, offset: place.offset,
      message: `Cannot read MRT record ${place.recordIndex} of ${place.file} at byte ${place.offset}: ${this.message}`,
    });
  }
}
