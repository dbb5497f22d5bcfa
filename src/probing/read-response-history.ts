/**
 * Reads a target list in the format of ISI's (USC/ANT) IPv4 response history, the
 * census data Trinocular's blocks come from (ant.isi.edu/datasets/ipv4_history/format.html):
 *
 *   #fsdb -F t hex_ip history score
 *   0a0025d6	1ffffffff	99
 *
 * `hex_ip` is the address in hex, `history` a bitmap in hex with one bit per census
 * (1: answered an ICMP echo request), the most recent census the lowest bit; `score`
 * (0–99) ISI's estimate of its answering now. A hitlist without `history` (columns
 * `hex_ip score`) is read too: its addresses with a score above 0 are E(b) and the mean
 * score ÷ 100 stands for A. Nightlight's discovery pass writes the same format.
 *
 * Trinocular's block model from it (§3.1): over the most recent `censuses` (16, as ISI
 * scores them), E(b) is the block's addresses that answered at least once, and A(E(b))
 * the mean over E(b) of the share of censuses each answered. A comment line
 * `# censuses N` (Nightlight's discovery writes one) says how many censuses the
 * histories span; otherwise the longest history says it.
 */
import { InputSyntaxError } from "../model/errors.ts";
import type { TargetBlock } from "./target-block.ts";

/** Options of readResponseHistory. */
export interface ResponseHistoryOptions {
  /** Most recent censuses that count (default 16). */
  readonly censuses?: number;
}

/** The blocks of a list, and what was read. */
export interface ResponseHistory {
  readonly blocks: TargetBlock[];
  /** Address lines read. */
  readonly addresses: number;
  /** Censuses that counted (the window, or fewer when the file's histories are shorter). */
  readonly censuses: number;
  /** Whether availability came from histories (true) or from scores (false). */
  readonly fromHistory: boolean;
}

const HEX_IP = /^[0-9a-fA-F]{1,8}$/;
const HEX = /^[0-9a-fA-F]+$/;

interface Columns {
  readonly ip: number;
  readonly history: number;
  readonly score: number;
  readonly separator: RegExp;
}

function readHeader(line: string, file: string): Columns {
  const words = line.trim().split(/\s+/);
  if (words[0] !== "#fsdb") throw new InputSyntaxError(file, 1, undefined, `expected an fsdb header such as '#fsdb -F t hex_ip history score', found ${JSON.stringify(line.slice(0, 60))}`);
  let i = 1;
  let separator = /\t/;
  if (words[i] === "-F") {
    const f = words[i + 1];
    if (f !== "t" && f !== "s" && f !== "S") throw new InputSyntaxError(file, 1, undefined, `field separator -F ${f ?? ""} is not supported (t, s or S)`);
    separator = f === "t" ? /\t/ : /\s+/;
    i += 2;
  }
  const names = words.slice(i);
  const ip = names.findIndex((n) => n === "hex_ip" || n === "ip");
  if (ip < 0) throw new InputSyntaxError(file, 1, undefined, `no hex_ip column among ${names.join(", ")}`);
  const history = names.indexOf("history");
  const score = names.indexOf("score");
  if (history < 0 && score < 0) throw new InputSyntaxError(file, 1, undefined, "needs a history or a score column");
  return { ip, history, score, separator };
}

/** Bits set in the lowest `width` bits of a hex bitmap of any length. */
function recentOnes(hex: string, width: number): number {
  let ones = 0;
  let bit = 0;
  for (let i = hex.length - 1; i >= 0 && bit < width; i--) {
    const nibble = Number.parseInt(hex[i] ?? "0", 16);
    for (let b = 0; b < 4 && bit < width; b++, bit++) if ((nibble >> b) & 1) ones++;
  }
  return ones;
}

/** Number of significant bits of a hex bitmap. */
function bitLength(hex: string): number {
  const trimmed = hex.replace(/^0+/, "");
  if (trimmed === "") return 0;
  return (trimmed.length - 1) * 4 + Number.parseInt(trimmed[0] ?? "0", 16).toString(2).length;
}

/** Parses `text` (named `file` in errors) into target blocks, in block order. */
export function readResponseHistory(text: string, file: string, options: ResponseHistoryOptions = {}): ResponseHistory {
  const window = options.censuses ?? 16;
  const lines = text.split("\n");
  const header = lines[0] ?? "";
  const cols = readHeader(header, file);
  const rows: { address: number; value: string }[] = [];
  let longest = 0;
  for (let n = 1; n < lines.length; n++) {
    const line = (lines[n] ?? "").replace(/\r$/, "");
    const declared = /^# censuses (\d+)$/.exec(line);
    if (declared !== null) longest = Math.max(longest, Number(declared[1]));
    if (line === "" || line.startsWith("#")) continue;
    const fields = line.trim().split(cols.separator);
    const ipText = fields[cols.ip] ?? "";
    if (!HEX_IP.test(ipText)) throw new InputSyntaxError(file, n + 1, "hex_ip", `not an IPv4 address in hex: ${JSON.stringify(ipText.slice(0, 20))}`);
    const address = Number.parseInt(ipText, 16);
    if (cols.history >= 0) {
      const h = fields[cols.history] ?? "";
      if (!HEX.test(h)) throw new InputSyntaxError(file, n + 1, "history", `not a hex bitmap: ${JSON.stringify(h.slice(0, 20))}`);
      longest = Math.max(longest, bitLength(h));
      rows.push({ address, value: h });
    } else {
      const s = fields[cols.score] ?? "";
      const score = Number(s);
      if (!/^-?\d+$/.test(s) || score > 99) throw new InputSyntaxError(file, n + 1, "score", `not a score up to 99: ${JSON.stringify(s.slice(0, 20))}`);
      rows.push({ address, value: s });
    }
  }
  const censuses = Math.max(1, Math.min(window, longest));
  // Per block: addresses in E(b) and the sum of their availabilities.
  const byBlock = new Map<number, Map<number, number>>();
  for (const { address, value } of rows) {
    const share = cols.history >= 0 ? recentOnes(value, censuses) / censuses : Math.max(0, Number(value)) / 100;
    if (share <= 0) continue;
    const block = Math.floor(address / 256);
    let hosts = byBlock.get(block);
    if (hosts === undefined) byBlock.set(block, (hosts = new Map()));
    hosts.set(address % 256, share); // a repeated address: the last line holds
  }
  const blocks: TargetBlock[] = [...byBlock.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([block, hosts]) => {
      const addresses = [...hosts.keys()].sort((a, b) => a - b);
      const availability = addresses.reduce((s, h) => s + (hosts.get(h) ?? 0), 0) / addresses.length;
      return { block, addresses, availability };
    });
  return { blocks, addresses: rows.length, censuses, fromHistory: cols.history >= 0 };
}
