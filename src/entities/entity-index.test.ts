import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { csvRows } from "./csv-rows.ts";
import type { EntityIndex } from "./entity-index.ts";
import { loadEntityIndex } from "./load-entity-index.ts";
import { ipKey } from "./ip-key.ts";
import { IRAN_PROVINCES } from "./region-names.ts";

/** The repository root: the nearest folder above this file with a package.json. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return dir;
}
const SHARED = join(repoRoot(), "..", "shared", "data", "ip2asn");
const NO_SHARED = existsSync(SHARED) ? false : `../shared/data/ip2asn is absent (looked in ${SHARED})`;

let index: EntityIndex;
before(async () => {
  index = await loadEntityIndex();
});

const sharedRows = (name: string): string[][] => [...csvRows(readFileSync(join(SHARED, name), "utf8"), name)].map((r) => r.fields);

test("every row of ip-location-db_geo-whois-asn-country_IR_ipv4.csv resolves to IR at its start and end", { skip: NO_SHARED }, () => {
  const rows = sharedRows("ip-location-db_geo-whois-asn-country_IR_ipv4.csv");
  assert.equal(rows.length, 1681);
  for (const [start = "", end = ""] of rows) {
    assert.equal(index.countryOf(start), "IR", start);
    assert.equal(index.countryOf(end), "IR", end);
  }
});

test("every /48-aligned row start of ip-location-db_geo-whois-asn-country_IR_ipv6.csv resolves to IR", { skip: NO_SHARED }, () => {
  let checked = 0;
  for (const [start = ""] of sharedRows("ip-location-db_geo-whois-asn-country_IR_ipv6.csv")) {
    if (ipKey(start)?.blockStart !== true) continue; // a /48 takes the country of its first address
    assert.equal(index.countryOf(start), "IR", start);
    checked++;
  }
  assert.ok(checked > 600, `only ${checked} aligned rows`);
});

test("ip-location-db_asn_IR_ipv4.csv: every range resolves to its ASN, and AS57218's name comes out clean", { skip: NO_SHARED }, () => {
  const rows = sharedRows("ip-location-db_asn_IR_ipv4.csv");
  assert.equal(rows.length, 2947);
  for (const [start = "", end = "", asn = ""] of rows) {
    assert.equal(index.asnOf(start), Number(asn), start);
    assert.equal(index.asnOf(end), Number(asn), end);
  }
  assert.equal(index.asnName(57218), "Rightel Communication Service Company PJS");
  assert.equal(index.asnName(44244), "Iran Cell Service and Communication Company");
});

test("blocks() splits a prefix into /24 runs with country and region", () => {
  // 5.62.192.0/18 is Rightel's, IR, placed in Tehran by GeoLite2 (geoip-lite 1.4.10).
  assert.deepEqual([...index.blocks("5.62.192.0/18")], [{ family: 4, first: 87998464 / 256, count: 64, country: "IR", region: "IR-23" }]);
  assert.deepEqual(index.blocksByCountry("5.62.192.0/18"), new Map([["IR", 64]]));
  assert.deepEqual([...index.blocks("5.62.192.0/25")], []);
  assert.equal([...index.blocks("5.62.192.0/24")].length, 1);
  assert.throws(() => [...index.blocks("5.62.192.0")], TypeError);
});

test("blocks() of the whole IPv4 space counts 2^24 /24s, and of ::/0 2^48 /48s", () => {
  let v4 = 0;
  for (const run of index.blocks("0.0.0.0/0")) v4 += run.count;
  assert.equal(v4, 2 ** 24);
  let v6 = 0;
  for (const run of index.blocks("::/0")) v6 += run.count;
  assert.equal(v6, 2 ** 48);
});

test("blocksByCountry() of an IPv6 prefix counts /48s", () => {
  assert.deepEqual(index.blocksByCountry("2a01:5ec0::/32"), new Map([["IR", 65536]]));
});

test("every Iranian region code in the data has a province name, and there are 31", () => {
  const iranian = index.knownRegions().filter((c) => c.startsWith("IR-"));
  assert.deepEqual(iranian.filter((c) => IRAN_PROVINCES[c] === undefined), []);
  assert.equal(Object.keys(IRAN_PROVINCES).length, 31);
  assert.equal(index.nameOf("region/IR-09"), "Razavi Khorasan");
  assert.equal(index.nameOf("country/IR"), "Iran");
  assert.equal(index.nameOf("asn/57218"), "Rightel Communication Service Company PJS");
});

test("entities() gives records with names and parents for the store", () => {
  assert.deepEqual(index.entities(["country/IR", "region/IR-30", "country-asn/IR/44244", "bogus/1"]), [
    { id: "country/IR", kind: "country", name: "Iran", parent: null },
    { id: "region/IR-30", kind: "region", name: "Alborz", parent: "country/IR" },
    { id: "country-asn/IR/44244", kind: "country-asn", name: "Iran Cell Service and Communication Company", parent: "country/IR" },
  ]);
});
