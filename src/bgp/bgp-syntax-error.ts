/**
 * Undecodable bytes inside a BGP message or path attribute. The MRT layer wraps it in
 * an MrtSyntaxError that names the file and record; a live BGP session turns it into a
 * NOTIFICATION. `offset` is relative to the buffer the decoder was given.
 */
export class BgpSyntaxError extends SyntaxError {
  override readonly name = "BgpSyntaxError";
  readonly offset: number;

  constructor(offset: number, reason: string) {
    super(reason);
    this.offset = offset;
  }
}
