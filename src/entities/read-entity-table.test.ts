import assert from "node:assert/strict";
import { test } from "node:test";
import { InputSyntaxError } from "../model/errors.ts";
import { readEntityTable } from "./read-entity-table.ts";

const TABLE = "start,end,country,region,asn,as_name\n198.18.16.0,198.18.23.255,XL,XL-01,64501,Lab fixed network isp\n198.18.64.0,198.18.67.255,XL,XL-02,64504,\n";

test("an entity table places addresses and names its entities", () => {
  const index = readEntityTable(TABLE, "lab.csv", { text: "id,name\ncountry/XL,Labland\nregion/XL-02,Highlands\n", file: "names.csv" });
  assert.equal(index.countryOf("198.18.20.7"), "XL");
  assert.equal(index.regionOf("198.18.65.1"), "XL-02");
  assert.equal(index.asnOf("198.18.16.1"), 64501);
  assert.equal(index.countryOf("198.18.24.1"), null);
  assert.equal(index.nameOf("country/XL"), "Labland");
  assert.equal(index.nameOf("asn/64501"), "Lab fixed network isp");
  assert.deepEqual(index.entities(["region/XL-02"]), [{ id: "region/XL-02", kind: "region", name: "Highlands", parent: "country/XL" }]);
  assert.deepEqual([...index.blocksByRegion("198.18.64.0/22")], [["XL-02", 4]]);
});

test("a bad row names the file, line and column", () => {
  assert.throws(() => readEntityTable("start,end\n", "a.csv"), (e: unknown) => e instanceof InputSyntaxError && /a\.csv line 1: the header/.test(e.message));
  assert.throws(() => readEntityTable(`${TABLE}198.18.70.0,198.18.69.0,XL,,64505,\n`, "b.csv"), /b\.csv line 4 column end/);
  assert.throws(() => readEntityTable(`${TABLE}198.18.70.0,198.18.70.255,XL,IR-01,64505,\n`, "c.csv"), /c\.csv line 4 column region/);
});
