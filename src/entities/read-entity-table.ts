/**
 * An entity index from one small CSV of address ranges, for networks the packaged data
 * does not describe: the shutdown lab's country (198.18.0.0/15 is unrouted benchmarking
 * space, so no registry places it), or a user's own view of a country's networks.
 *
 *   start,end,country,region,asn,as_name
 *   198.18.16.0,198.18.23.255,XL,XL-01,64501,Lab fixed network isp
 *
 * Ranges are inclusive IPv4 dotted quads; `region` and `as_name` may be empty. An
 * optional second file `id,name` names countries and regions (`country/XL,Labland`).
 */
import { InputSyntaxError } from "../model/errors.ts";
import { csvRows } from "./csv-rows.ts";
import { EntityIndex } from "./entity-index.ts";
import { ipv4Key } from "./ip-key.ts";
import { RangeTableBuilder } from "./range-table.ts";

const HEADER = "start,end,country,region,asn,as_name";

/** Builds an EntityIndex from the text of an entity table (and optionally of its names file). */
export function readEntityTable(text: string, file: string, names?: { readonly text: string; readonly file: string }): EntityIndex {
  const countryCodes: string[] = [];
  const regionCodes: string[] = [];
  const asnNames = new Map<number, string>();
  const code = (list: string[], value: string): number => {
    const i = list.indexOf(value);
    return i >= 0 ? i : list.push(value) - 1;
  };
  const country = new RangeTableBuilder(false);
  const region = new RangeTableBuilder(false);
  const asn = new RangeTableBuilder(false);
  let header = true;
  for (const { line, fields } of csvRows(text, file)) {
    if (header) {
      if (fields.join(",") !== HEADER) throw new InputSyntaxError(file, line, undefined, `the header must be ${HEADER}`);
      header = false;
      continue;
    }
    const [startText = "", endText = "", cc = "", rc = "", asnText = "", asName = ""] = fields;
    const start = ipv4Key(startText);
    const end = ipv4Key(endText);
    if (start === null) throw new InputSyntaxError(file, line, "start", `not an IPv4 address: ${JSON.stringify(startText.slice(0, 40))}`);
    if (end === null || end < start) throw new InputSyntaxError(file, line, "end", `not an IPv4 address at or after start: ${JSON.stringify(endText.slice(0, 40))}`);
    if (!/^[A-Z]{2}$/.test(cc)) throw new InputSyntaxError(file, line, "country", `not a two-letter country code: ${JSON.stringify(cc.slice(0, 20))}`);
    if (rc !== "" && !new RegExp(`^${cc}-[A-Z0-9]{1,3}$`).test(rc)) throw new InputSyntaxError(file, line, "region", `not an ISO 3166-2 code of ${cc}: ${JSON.stringify(rc.slice(0, 20))}`);
    const number = Number(asnText);
    if (!(/^\d+$/.test(asnText) && number > 0 && number < 2 ** 32)) throw new InputSyntaxError(file, line, "asn", `not an AS number: ${JSON.stringify(asnText.slice(0, 20))}`);
    country.add(start, end, code(countryCodes, cc));
    if (rc !== "") region.add(start, end, code(regionCodes, rc));
    asn.add(start, end, number);
    if (asName !== "") asnNames.set(number, asName);
  }
  if (header) throw new InputSyntaxError(file, 1, undefined, `empty; the header must be ${HEADER}`);
  const own = new Map<string, string>();
  if (names !== undefined) {
    let first = true;
    for (const { line, fields } of csvRows(names.text, names.file)) {
      if (first) {
        if (fields.join(",") !== "id,name") throw new InputSyntaxError(names.file, line, undefined, "the header must be id,name");
        first = false;
        continue;
      }
      const [id = "", name = ""] = fields;
      if (!/^(country|region)\/[A-Z0-9-]+$/.test(id) || name === "") throw new InputSyntaxError(names.file, line, "id", `expected country/XX or region/XX-NN and a name, found ${JSON.stringify(fields.join(",").slice(0, 60))}`);
      own.set(id, name);
    }
  }
  const empty = (): RangeTableBuilder => new RangeTableBuilder(true);
  return new EntityIndex({
    v4: { country: country.build(), region: region.build(), asn: asn.build() },
    v6: { country: empty().build(), region: null, asn: empty().build() },
    countryCodes, regionCodes, asnNames, names: own,
  });
}
