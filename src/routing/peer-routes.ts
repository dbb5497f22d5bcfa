/**
 * One BGP peer's routes as seen by one collector: an origin index per prefix id, in one
 * typed array (4 bytes per prefix id of the replay, whether the peer has a route or not:
 * a full-feed peer sees most prefixes, so a dense array beats any map).
 */
import type { ChangedPrefixes } from "./changed-prefixes.ts";
import { NO_ROUTE } from "./origin-table.ts";
import type { PrefixTable } from "./prefix-table.ts";

/** A peer's identity and table. Create through RoutingState.peer(). */
export class PeerRoutes {
  /** `collector|peer IP|peer ASN`. */
  readonly key: string;
  readonly collector: string;
  readonly ip: string;
  readonly asn: number;
  /** Origin index per prefix id; NO_ROUTE where the peer has no route. Ids past the end have none. */
  routes: Uint32Array = new Uint32Array(0);
  /** Routes held, per family. */
  v4 = 0;
  v6 = 0;
  /** Where route changes are noted (the state's, for incremental visibility); none for a lone table. */
  readonly #changes: ChangedPrefixes | null;
  /**
   * RFC 7911 paths of the prefixes announced with a path identifier: prefix id → path
   * id → origin index. The table holds the origin of the lowest path id; the route goes
   * when the last path is withdrawn.
   */
  #paths: Map<number, Map<number, number>> | null = null;
  /** RFC 4724 §4.2: 1 where the route is stale (kept across a restart, not yet announced again). */
  #stale: Uint8Array | null = null;
  #staleCount = 0;

  constructor(collector: string, ip: string, asn: number, changes: ChangedPrefixes | null = null) {
    this.collector = collector;
    this.ip = ip;
    this.asn = asn;
    this.key = `${collector}|${ip}|${asn}`;
    this.#changes = changes;
  }

  /** Routes kept stale across a graceful restart. */
  get stale(): number {
    return this.#staleCount;
  }

  /** Sets the route to `prefixId` (origin index ≥ 1), replacing any previous one. */
  announce(prefixes: PrefixTable, prefixId: number, origin: number): void {
    if (this.#staleCount > 0) this.#freshen(prefixId);
    this.#set(prefixes, prefixId, origin);
  }

  /** Sets path `pathId` of `prefixId` (ADD-PATH): the prefix has a route while it has a path. */
  announcePath(prefixes: PrefixTable, prefixId: number, origin: number, pathId: number): void {
    if (this.#staleCount > 0) this.#freshen(prefixId);
    const paths = (this.#paths ??= new Map());
    let byId = paths.get(prefixId);
    if (byId === undefined) paths.set(prefixId, (byId = new Map()));
    byId.set(pathId, origin);
    this.#set(prefixes, prefixId, lowestPathOrigin(byId));
  }

  /** Withdraws path `pathId` of `prefixId`; the route stays while another path does. */
  withdrawPath(prefixes: PrefixTable, prefixId: number, pathId: number): void {
    const byId = prefixId < 0 ? undefined : this.#paths?.get(prefixId);
    if (byId !== undefined) {
      if (!byId.delete(pathId)) return; // a path never announced: the others stand
      if (byId.size > 0) {
        this.#set(prefixes, prefixId, lowestPathOrigin(byId));
        return;
      }
    }
    this.withdraw(prefixes, prefixId);
  }

  /** RFC 4724 §4.2: the session dropped without a NOTIFICATION; every route is kept, marked stale. */
  markStale(): void {
    const routes = this.routes;
    const stale = new Uint8Array(routes.length);
    let n = 0;
    for (let id = 0; id < routes.length; id++) {
      if (routes[id] !== NO_ROUTE) {
        stale[id] = 1;
        n++;
      }
    }
    this.#stale = n > 0 ? stale : null;
    this.#staleCount = n;
  }

  /** Withdraws the routes still stale, of one family or (undefined) both: End-of-RIB or the restart time ran out. */
  dropStale(prefixes: PrefixTable, family?: 4 | 6): number {
    const stale = this.#stale;
    if (stale === null) return 0;
    let dropped = 0;
    for (let id = 0; id < stale.length; id++) {
      if (stale[id] !== 1 || (family !== undefined && prefixes.family(id) !== family)) continue;
      stale[id] = 0;
      this.#staleCount--;
      this.#paths?.delete(id);
      this.withdraw(prefixes, id);
      dropped++;
    }
    if (this.#staleCount === 0) this.#stale = null;
    return dropped;
  }

  /** An announcement of a stale prefix replaces what was kept, paths included. */
  #freshen(prefixId: number): void {
    const stale = this.#stale;
    if (stale === null || prefixId >= stale.length || stale[prefixId] !== 1) return;
    stale[prefixId] = 0;
    this.#staleCount--;
    this.#paths?.delete(prefixId);
    if (this.#staleCount === 0) this.#stale = null;
  }

  #set(prefixes: PrefixTable, prefixId: number, origin: number): void {
    if (prefixId >= this.routes.length) this.#grow(prefixes.capacity);
    const had = this.routes[prefixId]!;
    if (had === origin) return;
    this.routes[prefixId] = origin;
    this.#changes?.mark(prefixId);
    if (had === NO_ROUTE) {
      if (prefixes.family(prefixId) === 4) this.v4++;
      else this.v6++;
    }
  }

  /** Removes the route to `prefixId`, if any (every path of it). */
  withdraw(prefixes: PrefixTable, prefixId: number): void {
    if (prefixId < 0 || prefixId >= this.routes.length || this.routes[prefixId] === NO_ROUTE) return;
    if (this.#staleCount > 0) this.#freshen(prefixId);
    this.#paths?.delete(prefixId);
    this.routes[prefixId] = NO_ROUTE;
    this.#changes?.mark(prefixId);
    if (prefixes.family(prefixId) === 4) this.v4--;
    else this.v6--;
  }

  /** Drops every route (session down, or before a RIB reload). */
  clear(): void {
    const changes = this.#changes;
    if (changes !== null && this.v4 + this.v6 > 0) {
      const routes = this.routes;
      for (let id = 0; id < routes.length && !changes.all; id++) if (routes[id] !== NO_ROUTE) changes.mark(id);
    }
    this.routes.fill(NO_ROUTE);
    this.v4 = 0;
    this.v6 = 0;
    this.#paths = null;
    this.#stale = null;
    this.#staleCount = 0;
  }

  #grow(capacity: number): void {
    const routes = new Uint32Array(capacity);
    routes.set(this.routes);
    this.routes = routes;
  }
}

/** The origin of the lowest path identifier: a stable choice when paths disagree. */
function lowestPathOrigin(byId: ReadonlyMap<number, number>): number {
  let best = Infinity;
  let origin = NO_ROUTE;
  for (const [id, o] of byId) {
    if (id < best) {
      best = id;
      origin = o;
    }
  }
  return origin;
}
