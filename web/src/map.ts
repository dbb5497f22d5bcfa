/**
 * The world map of the home page: Natural Earth's 1:110m countries (public domain) as
 * world-atlas ships them in TopoJSON, projected with d3-geo's Equal Earth (areas kept,
 * so no country looks bigger than it is). Features carry ISO 3166-1 numeric codes;
 * i18n-iso-countries maps them to the alpha-2 codes Nightlight's entities use. Kosovo,
 * which has no numeric code, is XK (as the IP data names it); Northern Cyprus and
 * Somaliland have no code of their own and are drawn as not measured separately.
 */
import countries from "i18n-iso-countries";
import { geoEqualEarth, geoPath } from "d3-geo";
import type { Feature, Geometry } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import world from "world-atlas/countries-110m.json";
import { esc } from "./format.ts";

/** One country shape: its alpha-2 code (null when it has none) and SVG path. */
export interface CountryShape {
  readonly code: string | null;
  readonly name: string;
  readonly d: string;
}

const WIDTH = 960;
const HEIGHT = 470;
let shapes: CountryShape[] | undefined;

/** The country shapes, projected once. */
export function countryShapes(): readonly CountryShape[] {
  if (shapes !== undefined) return shapes;
  const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const collection = feature(topology, topology.objects.countries);
  const projection = geoEqualEarth().fitExtent([[4, 4], [WIDTH - 4, HEIGHT - 4]], { type: "Sphere" });
  const path = geoPath(projection);
  shapes = collection.features.map((f: Feature<Geometry, { name: string }>) => {
    const numeric = f.id === undefined ? undefined : String(f.id).padStart(3, "0");
    const code = f.properties.name === "Kosovo" ? "XK" : numeric === undefined ? null : (countries.numericToAlpha2(numeric) ?? null);
    return { code, name: f.properties.name, d: path(f) ?? "" };
  });
  return shapes;
}

/** The map as SVG: each country a path of class `state-…` from `stateOf`, a link to its page, titled. */
export function renderMap(stateOf: (code: string | null) => { cls: string; title: string; href: string | null }, label: string): string {
  const paths = countryShapes().map((s) => {
    const { cls, title, href } = stateOf(s.code);
    const path = `<path class="country ${cls}" d="${s.d}" data-code="${esc(s.code ?? "")}"><title>${esc(title)}</title></path>`;
    return href === null ? path : `<a href="${esc(href)}" aria-label="${esc(title)}">${path}</a>`;
  });
  return `<svg class="map" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${esc(label)}"><path class="sphere" d="${geoPath(geoEqualEarth().fitExtent([[4, 4], [WIDTH - 4, HEIGHT - 4]], { type: "Sphere" }))({ type: "Sphere" }) ?? ""}"/>${paths.join("")}</svg>`;
}
