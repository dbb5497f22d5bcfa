/**
 * IP → country, region and ASN, and a prefix → the /24s (IPv6: /48s) it covers per
 * country and region. Build it with loadEntityIndex().
 */
import type { Family } from "../model/bgp-elem.ts";
import type { Entity } from "../model/entity.ts";
import { ipKey, prefixKeys } from "./ip-key.ts";
import type { RangeTable } from "./range-table.ts";
import { countryName, regionName } from "./region-names.ts";

/** One family's tables; values index into the code lists, or are ASNs. */
export interface FamilyTables {
  readonly country: RangeTable;
  readonly region: RangeTable | null;
  readonly asn: RangeTable;
}

/** Everything an EntityIndex is made of. */
export interface EntityIndexData {
  readonly v4: FamilyTables;
  readonly v6: FamilyTables;
  readonly countryCodes: readonly string[];
  readonly regionCodes: readonly string[];
  readonly asnNames: ReadonlyMap<number, string>;
  /** Names by entity id that override the built-in ones (an entity table's own countries and regions). */
  readonly names?: ReadonlyMap<string, string>;
}

/**
 * A run of consecutive blocks (/24s for IPv4, /48s for IPv6) with the same country
 * and region. A block takes the attribution of its first address.
 */
export interface BlockRun {
  readonly family: Family;
  /** Index of the first block: IPv4 address ÷ 256, or the top 48 bits of the IPv6 address. */
  readonly first: number;
  readonly count: number;
  /** ISO 3166-1 alpha-2, or null when unknown. */
  readonly country: string | null;
  /** ISO 3166-2 (`IR-09`), or null when unknown. */
  readonly region: string | null;
}

/** Keys per block: a /24 holds 256 IPv4 keys; an IPv6 key is already a /48. */
const KEYS_PER_BLOCK: Readonly<Record<Family, number>> = { 4: 256, 6: 1 };

/** Lookups over in-memory range tables. All methods are synchronous and allocation-light. */
export class EntityIndex {
  readonly #data: EntityIndexData;

  constructor(data: EntityIndexData) {
    this.#data = data;
  }

  #tables(family: Family): FamilyTables {
    return family === 4 ? this.#data.v4 : this.#data.v6;
  }

  /** Country (ISO 3166-1 alpha-2) of an address, or null. IPv6 resolves by /48. */
  countryOf(ip: string): string | null {
    const k = ipKey(ip);
    if (k === null) return null;
    const v = this.#tables(k.family).country.get(k.key);
    return v === null ? null : (this.#data.countryCodes[v] ?? null);
  }

  /** Region (ISO 3166-2, e.g. `IR-23`) of an address, or null. IPv6 resolves by /48. */
  regionOf(ip: string): string | null {
    const k = ipKey(ip);
    if (k === null) return null;
    const v = this.#tables(k.family).region?.get(k.key) ?? null;
    return v === null ? null : (this.#data.regionCodes[v] ?? null);
  }

  /** Announcing AS of the address's range in the IP→ASN table, or null. IPv6 resolves by /48. */
  asnOf(ip: string): number | null {
    const k = ipKey(ip);
    return k === null ? null : this.#tables(k.family).asn.get(k.key);
  }

  /** The AS's organisation name, or null. */
  asnName(asn: number): string | null {
    return this.#data.asnNames.get(asn) ?? null;
  }

  /** Names a country, region, ASN or country-ASN entity id, or returns null. */
  nameOf(id: string): string | null {
    const own = this.#data.names?.get(id);
    if (own !== undefined) return own;
    const [kind, code = "", sub] = id.split("/");
    if (kind === "country") return countryName(code);
    if (kind === "region") return regionName(code);
    if (kind === "asn") return this.asnName(Number(code));
    if (kind === "country-asn" && sub !== undefined) return this.asnName(Number(sub));
    return null;
  }

  /** Entity records for ids (names and parents filled where known), e.g. for Store.putEntities(). */
  entities(ids: Iterable<string>): Entity[] {
    const out: Entity[] = [];
    for (const id of ids) {
      const [kind = "", code = ""] = id.split("/");
      const parent = kind === "region" || kind === "country-asn" ? `country/${code.slice(0, 2)}` : null;
      if (kind === "country" || kind === "region" || kind === "asn" || kind === "country-asn") {
        out.push({ id, kind, name: this.nameOf(id), parent });
      }
    }
    return out;
  }

  /**
   * The blocks a prefix covers, as runs with their country and region, in address
   * order. A prefix longer than the block (/25–/32, /49–/128) covers no whole block
   * and yields nothing. Throws TypeError for text that is not a prefix.
   */
  *blocks(prefix: string): Generator<BlockRun> {
    const p = prefixKeys(prefix);
    if (p === null) throw new TypeError(`Cannot split prefix ${JSON.stringify(prefix)}: not an IPv4 or IPv6 prefix`);
    const perBlock = KEYS_PER_BLOCK[p.family];
    if (p.family === 4 ? p.length > 24 : p.length > 48) return;
    const t = this.#tables(p.family);
    const lastBlock = Math.floor(p.last / perBlock);
    for (let block = p.first / perBlock; block <= lastBlock;) {
      const key = block * perBlock;
      const c = t.country.stretch(key);
      const r = t.region?.stretch(key) ?? { value: null, until: Infinity };
      // The answer holds while the first address of each next block stays in the same stretch.
      const until = Math.min(Math.floor(c.until / perBlock), Math.floor(r.until / perBlock), lastBlock);
      yield {
        family: p.family,
        first: block,
        count: until - block + 1,
        country: c.value === null ? null : (this.#data.countryCodes[c.value] ?? null),
        region: r.value === null ? null : (this.#data.regionCodes[r.value] ?? null),
      };
      block = until + 1;
    }
  }

  /** Blocks of a prefix per country code (`null` key: unknown country). */
  blocksByCountry(prefix: string): Map<string | null, number> {
    const out = new Map<string | null, number>();
    for (const run of this.blocks(prefix)) out.set(run.country, (out.get(run.country) ?? 0) + run.count);
    return out;
  }

  /** Blocks of a prefix per region code (`null` key: unknown region). */
  blocksByRegion(prefix: string): Map<string | null, number> {
    const out = new Map<string | null, number>();
    for (const run of this.blocks(prefix)) out.set(run.region, (out.get(run.region) ?? 0) + run.count);
    return out;
  }

  /** Every region code the data knows (`IR-09`, …), in first-seen order. */
  knownRegions(): readonly string[] {
    return this.#data.regionCodes;
  }

  /** Sizes of the tables, for logs and benchmarks. */
  stats(): Record<string, number> {
    const { v4, v6 } = this.#data;
    return {
      countryV4: v4.country.size, countryV6: v6.country.size, asnV4: v4.asn.size, asnV6: v6.asn.size,
      regionV4: v4.region?.size ?? 0, regionV6: v6.region?.size ?? 0, asnNames: this.#data.asnNames.size,
    };
  }
}
