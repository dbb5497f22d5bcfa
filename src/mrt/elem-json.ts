/**
 * One element as a JSON object in bgpkit-parser's field names (snake_case), absent
 * values as null: a stable shape for `jq` and pandas.
 */
import type { BgpElem } from "../model/bgp-elem.ts";
import { asPathText, originAsns } from "../bgp/as-path.ts";

const cache = new WeakMap<object, string>();

function communities(values: readonly number[] | undefined): string[] | null {
  return values === undefined ? null : values.map((c) => `${Math.floor(c / 65536)}:${c & 0xffff}`);
}

/** The JSON text of the attribute fields, memoised per shared attributes object. */
function attributesJson(elem: BgpElem): string {
  const a = elem.attributes;
  if (a === null) {
    return `"as_path":null,"origin_asns":null,"origin":null,"local_pref":null,"med":null,"communities":null,"large_communities":null,"extended_communities":null,"atomic":null,"aggr_asn":null,"aggr_ip":null,"only_to_customer":null`;
  }
  let text = cache.get(a);
  if (text !== undefined) return text;
  const fields = {
    as_path: a.asPath === undefined ? null : asPathText(a.asPath),
    origin_asns: a.asPath === undefined ? null : originAsns(a.asPath),
    origin: a.origin ?? null,
    local_pref: a.localPref ?? null,
    med: a.med ?? null,
    communities: communities(a.communities),
    large_communities: a.largeCommunities === undefined ? null : a.largeCommunities.map((c) => c.join(":")),
    extended_communities: a.extendedCommunities ?? null,
    atomic: a.atomicAggregate === true,
    aggr_asn: a.aggregator?.asn ?? null,
    aggr_ip: a.aggregator?.ip ?? null,
    only_to_customer: a.onlyToCustomer ?? null,
  };
  text = JSON.stringify(fields).slice(1, -1);
  cache.set(a, text);
  return text;
}

/** One line of `nightlight mrt dump --format json`, without the newline. */
export function elemJson(elem: BgpElem): string {
  const head = JSON.stringify({
    timestamp: elem.timestamp,
    type: elem.type,
    peer_ip: elem.peerIp,
    peer_asn: elem.peerAsn,
    prefix: elem.prefix,
    path_id: elem.pathId ?? null,
    next_hop: elem.nextHop,
    from_rib: elem.fromRib,
    old_state: elem.oldState ?? null,
    new_state: elem.newState ?? null,
  });
  return `${head.slice(0, -1)},${attributesJson(elem)}}`;
}
