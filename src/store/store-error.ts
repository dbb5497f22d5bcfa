/**
 * Errors of the store, by meaning, each naming the database file.
 */

/** Why a store file cannot be used. Stable codes for the CLI and the API. */
export type StoreErrorCode =
  | "not-a-database" // not SQLite, or corrupt
  | "foreign-database" // SQLite, but another application's
  | "newer-schema" // written by a newer Nightlight
  | "older-schema" // needs migrating, but opened read-only
  | "missing" // read-only open of a file that does not exist
  | "no-driver"; // no usable SQLite driver in this Node (see select-sqlite-driver.ts)

/** A store file that cannot be opened or used as a Nightlight store. */
export class StoreError extends Error {
  override readonly name = "StoreError";
  readonly file: string;
  readonly code: StoreErrorCode;

  constructor(file: string, code: StoreErrorCode, reason: string, options?: ErrorOptions) {
    super(`Cannot use store ${file}: ${reason}`, options);
    this.file = file;
    this.code = code;
  }
}
