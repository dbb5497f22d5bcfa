/**
 * IODA's datasources (InetIntel/ioda-api src/Service/DatasourceService.php, the
 * RAW_DATA_DATASOURCES table: name, title, units, native step) and the Nightlight
 * signal each stands for, so that `/v2/…` answers with IODA's names and units.
 * A Nightlight signal IODA has no datasource for (`bgp6`, `ipobs`, …) is served
 * under its own name.
 */
import { IODA_DATASOURCES } from "../signals/ioda-signal-name.ts";
import type { SignalName } from "../model/signal.ts";

/** One datasource as IODA's DatasourceEntity describes it. */
export interface IodaDatasource {
  /** IODA's short name, e.g. `ping-slash24`. */
  readonly datasource: string;
  /** IODA's title, e.g. `Active Probing`. */
  readonly name: string;
  /** IODA's units, e.g. `Up /24s`. */
  readonly units: string;
  /** IODA's native step, seconds. */
  readonly nativeStep: number;
  /** The Nightlight signal it maps to; for `gtr`, the prefix of `google-…`. */
  readonly signal: SignalName;
}

/**
 * IODA's datasources that Nightlight signals map to (DatasourceService.php; `ucsd-nt`
 * is commented out there and served as `merit-nt`'s twin by the importer only).
 */
export const IODA_DATASOURCE_TABLE: readonly IodaDatasource[] = [
  { datasource: "bgp", name: "BGP", units: "Visible /24s", nativeStep: 300, signal: "bgp" },
  { datasource: "ping-slash24", name: "Active Probing", units: "Up /24s", nativeStep: 600, signal: "probing" },
  { datasource: "merit-nt", name: "Merit Network Telescope", units: "Unique Source IPs", nativeStep: 300, signal: "telescope" },
  { datasource: "gtr", name: "Google Transparency Report", units: "Traffic", nativeStep: 1800, signal: "google" },
  { datasource: "mozilla", name: "Mozilla Telemetry", units: "Percentage", nativeStep: 3600, signal: "mozilla" },
];

/** Units of Nightlight's own signals that IODA has no datasource for. */
const OWN_UNITS: Readonly<Record<string, string>> = {
  bgp6: "Visible /48s",
  ipobs: "Connectivity index",
};

/** The IODA datasource and subtype a Nightlight signal is served as. */
export function iodaDatasourceOf(signal: SignalName): { datasource: string; subtype: string } {
  if (signal.startsWith("google-")) return { datasource: "gtr", subtype: signal.slice("google-".length) };
  const known = IODA_DATASOURCE_TABLE.find((d) => d.signal === signal);
  return { datasource: known?.datasource ?? signal, subtype: "" };
}

/** Whether a stored signal is what `datasource` asks for (`gtr` takes every `google-…`). */
export function signalMatchesDatasource(signal: SignalName, datasource: string): boolean {
  if (datasource === "gtr") return signal.startsWith("google-");
  const mapped = IODA_DATASOURCES[datasource];
  return mapped === undefined ? signal === datasource : signal === mapped && iodaDatasourceOf(signal).datasource === datasource;
}

/** IODA's description of a datasource, or Nightlight's for a signal of its own. */
export function describeDatasource(datasource: string, nativeStep: number): Omit<IodaDatasource, "signal"> {
  const known = IODA_DATASOURCE_TABLE.find((d) => d.datasource === datasource);
  return known ?? { datasource, name: datasource, units: OWN_UNITS[datasource] ?? "Value", nativeStep };
}
