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

  constructor(collector: string, ip: string, asn: number, changes: ChangedPrefixes | null = null) {
    this.collector = collector;
    this.ip = ip;
    this.asn = asn;
    this.key = `${collector}|${ip}|${asn}`;
    this.#changes = changes;
  }

  /** Sets the route to `prefixId` (origin index ≥ 1), replacing any previous one. */
  announce(prefixes: PrefixTable, prefixId: number, origin: number): void {
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

  /** Removes the route to `prefixId`, if any. */
  withdraw(prefixes: PrefixTable, prefixId: number): void {
    if (prefixId < 0 || prefixId >= this.routes.length || this.routes[prefixId] === NO_ROUTE) return;
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
  }

  #grow(capacity: number): void {
    const routes = new Uint32Array(capacity);
    routes.set(this.routes);
    this.routes = routes;
  }
}
