/**
 * The discovery pass: without a census, probe every address of the watched prefixes'
 * /24s a few times (at the prober's rate cap, like any probe) and keep what answered,
 * as an ISI-format response history (read-response-history.ts reads it back). Each pass
 * is one census: its bit is the lowest of the history, older passes above it.
 */
import { prefixKeys } from "../entities/ip-key.ts";
import type { Pinger } from "./pinger.ts";

/** Options of a discovery pass. */
export interface DiscoverOptions {
  /** Censuses to take (default 2). */
  readonly passes?: number;
  /** Called after each batch with probes done and total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Probes in flight at once (default 4096): enough that the rate cap, not the timeout, sets the pace. */
  readonly window?: number;
}

/** Every IPv4 address of `prefixes` (each /24 or shorter), in order. */
export function prefixAddresses(prefixes: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of prefixes) {
    const k = prefixKeys(p);
    if (k === null || k.family !== 4 || k.length > 24) throw new RangeError(`Cannot discover ${JSON.stringify(p)}: not an IPv4 prefix of /24 or shorter`);
    for (let a = k.first; a <= k.last; a++) out.push(`${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`);
  }
  return out;
}

/** Probes every address `passes` times; resolves with the response history as text. */
export async function discoverTargets(prefixes: readonly string[], pinger: Pinger, options: DiscoverOptions = {}): Promise<string> {
  const passes = options.passes ?? 2;
  if (!(Number.isInteger(passes) && passes >= 1 && passes <= 32)) throw new RangeError(`passes ${passes} must be 1–32`);
  const addresses = prefixAddresses(prefixes);
  const history = new Uint32Array(addresses.length);
  const window = options.window ?? 4096;
  const total = addresses.length * passes;
  let done = 0;
  for (let pass = 0; pass < passes; pass++) {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < addresses.length) {
        const i = next++;
        const [o] = await pinger.probe([addresses[i] ?? ""]);
        history[i] = ((history[i] ?? 0) << 1) | (o === "reply" ? 1 : 0);
        done++;
        if (done % 1024 === 0 || done === total) options.onProgress?.(done, total);
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, addresses.length) }, worker));
  }
  // The census count says how long every history is (leading zeros are not written).
  const lines = ["#fsdb -F t hex_ip history score", `# censuses ${passes}`];
  addresses.forEach((a, i) => {
    const h = history[i] ?? 0;
    if (h === 0) return;
    const ones = h.toString(2).split("").filter((c) => c === "1").length;
    const hex = a.split(".").map((o) => Number(o).toString(16).padStart(2, "0")).join("");
    lines.push(`${hex}\t${h.toString(16)}\t${Math.round((99 * ones) / passes)}`);
  });
  lines.push(`# discovery: ${passes} passes over ${prefixes.join(" ")}; score = share of passes answered × 99 (not ISI's predictor)`);
  return `${lines.join("\n")}\n`;
}
