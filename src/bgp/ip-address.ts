/**
 * IP address text → numbers (RFC 4291 §2.2 for IPv6 text forms): the one parser of
 * address text, used by the prefix table, the entity index and the live sessions'
 * configuration and RIS Live messages.
 */

/** IPv4 dotted quad → 32-bit number, or null when it is not one. */
export function ipv4Key(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

const HEX_GROUP = /^[0-9a-fA-F]+$/;

/** The eight 16-bit groups of an IPv6 address (RFC 4291 §2.2 text forms), or null. */
export function ipv6Groups(text: string): number[] | null {
  let body = text;
  const tail: number[] = [];
  // An embedded IPv4 address fills the last two groups (RFC 4291 §2.2 form 3).
  const lastColon = body.lastIndexOf(":");
  if (body.includes(".", lastColon)) {
    const v4 = ipv4Key(body.slice(lastColon + 1));
    if (v4 === null) return null;
    tail.push(Math.floor(v4 / 65536), v4 % 65536);
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith("::")) body = body.slice(0, -1);
  }
  const halves = body.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string): number[] | null => {
    if (s === "") return [];
    const out: number[] = [];
    for (const g of s.split(":")) {
      if (g.length === 0 || g.length > 4 || !HEX_GROUP.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0] ?? "");
  const rest = halves.length === 2 ? parse(halves[1] ?? "") : [];
  if (head === null || rest === null) return null;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
}
