/**
 * Repairs known quoting damage in organisation names of `@ip-location-db/asn`.
 *
 * After RFC 4180 decoding some names still carry literal quotes from an upstream
 * double-quoting bug: `"""Rightel Communication Service Company PJS"""` decodes to
 * `"Rightel Communication Service Company PJS"`, and `"accompio SmarTec GmbH"""`
 * to `accompio SmarTec GmbH"`. Quotes that are part of a name (`LLC "SPUTNIK"`) stay.
 */

/** Returns the name trimmed, without wrapping quotes and without one unmatched trailing quote. */
export function cleanOrgName(raw: string): string {
  let name = raw.trim();
  // A name wrapped in one pair of quotes with none inside: "X" → X.
  while (name.length >= 2 && name.startsWith('"') && name.endsWith('"') && !name.slice(1, -1).includes('"')) {
    name = name.slice(1, -1).trim();
  }
  // An odd count means one quote has no partner; upstream damage leaves it at the end.
  const quotes = name.split('"').length - 1;
  if (quotes % 2 === 1 && name.endsWith('"')) name = name.slice(0, -1).trim();
  return name;
}
