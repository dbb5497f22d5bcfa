/**
 * Probes through CAIDA's scamper, driven over its control socket (`scamper -U PATH`):
 * scamper owns the raw sockets, the packet formats and the matching of replies, which
 * it has done for years on CAIDA's Ark and in IODA-style measurements; Nightlight only
 * decides what to probe and when.
 *
 * The control protocol as scamper 20211212 (Debian 12) speaks it: the client sends
 * `attach format json`; scamper answers `OK`, then `MORE` each time it will take one
 * more command; a command is answered `OK id-N` (accepted) or `ERR …` (refused, e.g.
 * `ERR command not accepted` when there is no route to the address); each result comes
 * as `DATA LENGTH` followed by LENGTH bytes of JSON (`"type":"ping"`, with the `userid`
 * given by `-U`, which ties it to its probe); `done` ends the session.
 *
 * Every address is checked against the target list before a command is written: the
 * list is the only thing this pinger ever probes. Each command is one packet
 * (`ping -c 1`), sent no faster than the rate limiter allows.
 */
import { connect, type Socket } from "node:net";
import type { Pinger, ProbeOutcome } from "./pinger.ts";
import type { RateLimiter } from "./rate-limiter.ts";

/** Probe methods: ICMP echo (Trinocular's) or TCP SYN to a port. */
export type ProbeMethod = "icmp-echo" | "tcp-syn";

/** Options of a scamper pinger. */
export interface ScamperPingerOptions {
  /** The addresses that may be probed; anything else is refused with a RangeError. */
  readonly allowed: ReadonlySet<string>;
  readonly limiter: RateLimiter;
  /** Default icmp-echo. */
  readonly method?: ProbeMethod;
  /** TCP SYN: destination port (default 80). */
  readonly tcpPort?: number;
  /** How long scamper waits for a reply, whole seconds (default 1). */
  readonly timeoutSeconds?: number;
}

interface Pending {
  readonly address: string;
  readonly resolve: (outcome: ProbeOutcome) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** One scamper ping result, the fields Nightlight reads. */
interface PingResult {
  readonly type?: string;
  readonly userid?: number;
  readonly dst?: string;
  readonly responses?: readonly { readonly from?: string }[];
}

/** A Pinger over one scamper control socket. */
export class ScamperPinger implements Pinger {
  readonly #socket: Socket;
  readonly #options: ScamperPingerOptions;
  readonly #command: (address: string, userid: number) => string;
  /** Commands waiting for a MORE, and how many MOREs are unused. */
  readonly #queue: { readonly line: string; readonly userid: number }[] = [];
  #credit = 0;
  /** Sent commands not yet answered OK/ERR, in order. */
  readonly #unacknowledged: number[] = [];
  readonly #pending = new Map<number, Pending>();
  #nextUserid = 1;
  #buffer: Buffer = Buffer.alloc(0);
  #dataLeft = -1;
  #closed = false;
  #failure: Error | undefined;
  #sent = 0;

  private constructor(socket: Socket, options: ScamperPingerOptions) {
    this.#socket = socket;
    this.#options = options;
    const wait = options.timeoutSeconds ?? 1;
    if (!(Number.isInteger(wait) && wait >= 1 && wait <= 60)) throw new RangeError(`timeoutSeconds ${wait} must be a whole number of seconds, 1–60`);
    const method = options.method ?? "icmp-echo";
    const port = options.tcpPort ?? 80;
    const how = method === "tcp-syn" ? `-P tcp-syn -d ${port}` : "-P icmp-echo";
    this.#command = (address, userid) => `ping ${how} -c 1 -o 1 -W ${wait} -U ${userid} ${address}\n`;
    socket.on("data", (chunk: Buffer) => this.#read(chunk));
    socket.on("error", (error) => this.#fail(error));
    socket.on("close", () => this.#fail(new Error("scamper closed its control socket")));
  }

  /** Connects to scamper's control socket at `path` and attaches. */
  static connect(path: string, options: ScamperPingerOptions): Promise<ScamperPinger> {
    return new Promise((resolve, reject) => {
      const socket = connect(path);
      const onError = (error: Error): void => reject(new Error(`Cannot connect to scamper's control socket ${path}: ${error.message}`));
      socket.once("error", onError);
      socket.once("connect", () => {
        socket.off("error", onError);
        const pinger = new ScamperPinger(socket, options);
        socket.write("attach format json\n");
        resolve(pinger);
      });
    });
  }

  get sent(): number {
    return this.#sent;
  }

  async probe(addresses: readonly string[]): Promise<ProbeOutcome[]> {
    for (const a of addresses) {
      if (!this.#options.allowed.has(a)) throw new RangeError(`Refusing to probe ${a}: it is not in the target list`);
    }
    return Promise.all(addresses.map((a) => this.#one(a)));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`probe of ${p.address} cut short: the pinger was closed`));
    }
    this.#pending.clear();
    await new Promise<void>((resolve) => {
      this.#socket.end("done\n", () => resolve());
      setTimeout(resolve, 500).unref();
    });
    this.#socket.destroy();
  }

  async #one(address: string): Promise<ProbeOutcome> {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#closed) throw new Error(`Cannot probe ${address}: the pinger is closed`);
    await this.#options.limiter.take();
    if (this.#failure !== undefined) throw this.#failure;
    const userid = this.#nextUserid;
    this.#nextUserid = this.#nextUserid >= 0x7fffffff ? 1 : this.#nextUserid + 1;
    return new Promise<ProbeOutcome>((resolve, reject) => {
      // A result scamper never delivers (it should not happen) is lost: no evidence either way.
      const timer = setTimeout(() => {
        this.#pending.delete(userid);
        resolve("lost");
      }, ((this.#options.timeoutSeconds ?? 1) + 10) * 1000);
      this.#pending.set(userid, { address, resolve, reject, timer });
      this.#queue.push({ line: this.#command(address, userid), userid });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#credit > 0 && this.#queue.length > 0) {
      const next = this.#queue.shift();
      if (next === undefined) break;
      this.#credit--;
      this.#unacknowledged.push(next.userid);
      this.#sent++;
      this.#socket.write(next.line);
    }
  }

  #settle(userid: number, outcome: ProbeOutcome): void {
    const p = this.#pending.get(userid);
    if (p === undefined) return;
    clearTimeout(p.timer);
    this.#pending.delete(userid);
    p.resolve(outcome);
  }

  #read(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      if (this.#dataLeft >= 0) {
        if (this.#buffer.length < this.#dataLeft) return;
        const body = this.#buffer.subarray(0, this.#dataLeft).toString("utf8");
        this.#buffer = this.#buffer.subarray(this.#dataLeft);
        this.#dataLeft = -1;
        this.#result(body);
        continue;
      }
      const nl = this.#buffer.indexOf(10);
      if (nl < 0) return;
      const line = this.#buffer.subarray(0, nl).toString("utf8").trim();
      this.#buffer = this.#buffer.subarray(nl + 1);
      this.#line(line);
    }
  }

  #line(line: string): void {
    if (line === "MORE") {
      this.#credit++;
      this.#pump();
    } else if (line.startsWith("DATA ")) {
      const n = Number(line.slice(5));
      if (!Number.isInteger(n) || n < 0) this.#fail(new Error(`scamper sent a bad DATA line: ${line.slice(0, 40)}`));
      else this.#dataLeft = n;
    } else if (line.startsWith("OK id-")) {
      this.#unacknowledged.shift();
    } else if (line.startsWith("ERR")) {
      // The oldest command not yet acknowledged was refused: scamper had no route for it.
      const userid = this.#unacknowledged.shift();
      if (userid !== undefined) this.#settle(userid, "unroutable");
    }
    // A bare OK answers attach or done.
  }

  #result(body: string): void {
    let result: PingResult;
    try {
      result = JSON.parse(body) as PingResult;
    } catch {
      return; // not a result Nightlight reads
    }
    if (result.type !== "ping" || typeof result.userid !== "number") return;
    const p = this.#pending.get(result.userid);
    if (p === undefined) return;
    const answered = (result.responses ?? []).some((r) => r.from === p.address);
    this.#settle(result.userid, answered ? "reply" : "silent");
  }

  #fail(error: Error): void {
    if (this.#closed) return;
    this.#failure ??= error;
    // Never silence: a probe whose result cannot come is not evidence of a dark block.
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.#pending.clear();
  }
}
