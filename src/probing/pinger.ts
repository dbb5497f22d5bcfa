/**
 * What the prober needs from the component that sends the packets: one probe per
 * address, each answered or not. Types only; scamper-pinger.ts is the real one.
 */

/** The outcome of one probe. */
export type ProbeOutcome =
  /** The address answered (ICMP echo reply; for TCP SYN, a SYN-ACK or a RST). */
  | "reply"
  /** Nothing came back within the timeout. */
  | "silent"
  /** Not sent: the vantage point has no route to the address (scamper refuses the command). */
  | "unroutable"
  /** Sent, but no result came back from the sending component: no evidence either way. */
  | "lost";

/** Sends probes. */
export interface Pinger {
  /** Probes each address once; resolves with their outcomes in the same order. */
  probe(addresses: readonly string[]): Promise<ProbeOutcome[]>;
  /** Probes sent since the pinger was made. */
  readonly sent: number;
  /** Stops: pending probes resolve, nothing more is sent. */
  close(): Promise<void>;
}
