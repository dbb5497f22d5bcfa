/**
 * The MRT reader in one call: open a file, URL or `-`, recognise its compression, and
 * iterate records or elements.
 *
 * ```ts
 * const mrt = await openMrt("https://data.ris.ripe.net/rrc00/latest-update.gz");
 * for await (const elem of mrt.elems()) console.log(elem.type, elem.prefix);
 * ```
 */
import { MrtStream, type MrtStreamOptions } from "./mrt-stream.ts";
import { openInput, type OpenInputOptions } from "./open-input.ts";

/** Options of openMrt: those of the input and of the read. */
export type OpenMrtOptions = OpenInputOptions & MrtStreamOptions;

/**
 * Opens `source` and returns a stream to iterate once. Reading to the end, an error or
 * a `break` releases the input (file, connection, decompressor process); a stream that
 * is never iterated must be closed: `await mrt.close()`, or `await using mrt = …`.
 */
export async function openMrt(source: string, options: OpenMrtOptions = {}): Promise<MrtStream> {
  const input = await openInput(source, options);
  return new MrtStream({ name: input.name, chunks: input, close: () => input.close() }, options);
}
