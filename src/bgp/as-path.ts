/**
 * AS_PATH and AS4_PATH (RFC 4271 §4.3, RFC 6793): decoding, the RFC 6793 §4.2.3 merge,
 * and text in the `1 2 {3,4} (5 6) [7,8]` notation bgpdump and bgpkit use.
 */
import type { AsPathSegment } from "../model/bgp-elem.ts";
import { BgpSyntaxError } from "./bgp-syntax-error.ts";


const KIND_BY_TYPE: readonly (AsPathSegment["kind"] | undefined)[] = [
  undefined,
  "set",
  "sequence",
  "confed_sequence",
  "confed_set",
];

/**
 * Decodes the segments between `start` and `end`:
 *
 *     +--------+--------+---------------------------+
 *     | type 1 | count 1| count × ASN (2 or 4 bytes) |  … repeated
 *     +--------+--------+---------------------------+
 */
export function decodeAsPath(bytes: Uint8Array, start: number, end: number, asnLength: 2 | 4): AsPathSegment[] {
  const segments: AsPathSegment[] = [];
  let p = start;
  while (p < end) {
    if (p + 2 > end) throw new BgpSyntaxError(p, `AS path segment header needs 2 bytes, ${end - p} left`);
    const type = bytes[p]!;
    const count = bytes[p + 1]!;
    const kind = KIND_BY_TYPE[type];
    if (kind === undefined) throw new BgpSyntaxError(p, `unknown AS path segment type ${type}`);
    p += 2;
    const size = count * asnLength;
    if (p + size > end) {
      throw new BgpSyntaxError(p, `AS path segment of ${count} ASNs needs ${size} bytes, ${end - p} left`);
    }
    const asns = new Array<number>(count);
    if (asnLength === 4) {
      for (let i = 0; i < count; i++, p += 4) {
        asns[i] = bytes[p]! * 0x1000000 + ((bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!);
      }
    } else {
      for (let i = 0; i < count; i++, p += 2) asns[i] = (bytes[p]! << 8) | bytes[p + 1]!;
    }
    segments.push({ kind, asns });
  }
  return segments;
}

/** RFC 6793 §4.2.3 path length: a set counts one, a sequence its ASNs, confederation segments nothing. */
export function asPathLength(segments: readonly AsPathSegment[]): number {
  let n = 0;
  for (const s of segments) {
    if (s.kind === "sequence") n += s.asns.length;
    else if (s.kind === "set") n += 1;
  }
  return n;
}

/**
 * Merges a 2-byte AS_PATH with AS4_PATH (RFC 6793 §4.2.3): when AS_PATH is shorter than
 * AS4_PATH, AS4_PATH is ignored; otherwise the leading ASNs of AS_PATH that AS4_PATH
 * lacks are kept in front of AS4_PATH. Confederation segments of AS4_PATH are dropped.
 */
export function mergeAs4Path(
  asPath: readonly AsPathSegment[],
  as4Path: readonly AsPathSegment[],
): readonly AsPathSegment[] {
  const as4 = as4Path.filter((s) => s.kind === "sequence" || s.kind === "set");
  const keep = asPathLength(asPath) - asPathLength(as4);
  if (keep < 0) return asPath;
  const merged: AsPathSegment[] = [];
  let kept = 0;
  for (const s of asPath) {
    if (kept >= keep && s.kind !== "confed_sequence" && s.kind !== "confed_set") break;
    if (s.kind === "sequence") {
      const take = Math.min(s.asns.length, keep - kept);
      if (take > 0) merged.push({ kind: s.kind, asns: s.asns.slice(0, take) });
      kept += take;
    } else {
      merged.push(s);
      if (s.kind === "set") kept += 1;
    }
  }
  // Consecutive sequences at the junction read as one.
  const first = as4[0];
  const last = merged[merged.length - 1];
  if (first !== undefined && last !== undefined && last.kind === "sequence" && first.kind === "sequence") {
    merged[merged.length - 1] = { kind: "sequence", asns: [...last.asns, ...first.asns] };
    return [...merged, ...as4.slice(1)];
  }
  return [...merged, ...as4];
}

/** Text of a path: sequences space-separated, `{a,b}` sets, `(a b)` and `[a,b]` for confederations. */
export function asPathText(segments: readonly AsPathSegment[]): string {
  let text = "";
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (i > 0) text += " ";
    switch (s.kind) {
      case "sequence":
        text += s.asns.join(" ");
        break;
      case "set":
        text += `{${s.asns.join(",")}}`;
        break;
      case "confed_sequence":
        text += `(${s.asns.join(" ")})`;
        break;
      case "confed_set":
        text += `[${s.asns.join(",")}]`;
        break;
    }
  }
  return text;
}

/** The origin AS(es) of a path, as IODA attributes a prefix: the last ASN, or every ASN of a final set. */
export function originAsns(segments: readonly AsPathSegment[]): readonly number[] {
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i]!;
    if (s.kind === "confed_sequence" || s.kind === "confed_set" || s.asns.length === 0) continue;
    return s.kind === "sequence" ? [s.asns[s.asns.length - 1]!] : s.asns;
  }
  return [];
}

