/**
 * Path attributes built on first read. The scan (`decodePathAttributes`) has already
 * validated the bytes, so building cannot fail; until then the object holds a view of
 * the record's bytes. NEXT_HOP, read for every element, is decoded at once.
 */
import type { Aggregator, AsPathSegment, Origin, PathAttributes, RawAttribute } from "../model/bgp-elem.ts";
import { buildPathAttributes } from "./attribute-values.ts";
import type { AttributeContext } from "./path-attributes.ts";

/** A PathAttributes whose fields are decoded from the wire on first access. */
export class LazyPathAttributes implements PathAttributes {
  #bytes: Uint8Array | undefined;
  readonly #start: number;
  readonly #end: number;
  readonly #ctx: AttributeContext;
  readonly #mpNextHops: readonly string[] | undefined;
  #built: PathAttributes | undefined;
  readonly nextHop: string | undefined;

  constructor(
    bytes: Uint8Array,
    start: number,
    end: number,
    ctx: AttributeContext,
    nextHop: string | undefined,
    mpNextHops: readonly string[] | undefined,
  ) {
    this.#bytes = bytes;
    this.#start = start;
    this.#end = end;
    this.#ctx = ctx;
    this.nextHop = nextHop;
    this.#mpNextHops = mpNextHops;
  }

  #all(): PathAttributes {
    if (this.#built === undefined) {
      this.#built = buildPathAttributes(this.#bytes!, this.#start, this.#end, this.#ctx, this.#mpNextHops);
      this.#bytes = undefined; // the record's bytes are no longer needed
    }
    return this.#built;
  }

  get origin(): Origin | undefined {
    return this.#all().origin;
  }
  get asPath(): readonly AsPathSegment[] | undefined {
    return this.#all().asPath;
  }
  get med(): number | undefined {
    return this.#all().med;
  }
  get localPref(): number | undefined {
    return this.#all().localPref;
  }
  get atomicAggregate(): boolean | undefined {
    return this.#all().atomicAggregate;
  }
  get aggregator(): Aggregator | undefined {
    return this.#all().aggregator;
  }
  get communities(): readonly number[] | undefined {
    return this.#all().communities;
  }
  get largeCommunities(): readonly (readonly [number, number, number])[] | undefined {
    return this.#all().largeCommunities;
  }
  get extendedCommunities(): readonly string[] | undefined {
    return this.#all().extendedCommunities;
  }
  get originatorId(): string | undefined {
    return this.#all().originatorId;
  }
  get clusterList(): readonly string[] | undefined {
    return this.#all().clusterList;
  }
  get onlyToCustomer(): number | undefined {
    return this.#all().onlyToCustomer;
  }
  get mpNextHops(): readonly string[] | undefined {
    return this.#mpNextHops;
  }
  get unknown(): readonly RawAttribute[] | undefined {
    return this.#all().unknown;
  }

  /** A plain object with the present fields (for JSON and deep comparison). */
  toJSON(): PathAttributes {
    return { ...this.#all(), ...(this.nextHop === undefined ? {} : { nextHop: this.nextHop }) };
  }
}
