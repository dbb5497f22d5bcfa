/**
 * Which blocks Trinocular can judge (§3.1, as IODA runs it): at least 15 ever-responsive
 * addresses and a mean availability of at least 0.1. A sparser block cannot tell an
 * outage from its hosts being asleep within a round's probe budget.
 */
import type { TargetBlock } from "./target-block.ts";

/** The eligibility thresholds. */
export interface EligibilityOptions {
  /** Fewest ever-responsive addresses, |E(b)| (default 15). */
  readonly minAddresses?: number;
  /** Lowest A(E(b)) (default 0.1). */
  readonly minAvailability?: number;
}

/** IODA's thresholds. */
export const ELIGIBILITY_DEFAULTS = { minAddresses: 15, minAvailability: 0.1 } as const;

/** The eligible blocks, and how many were left out for each reason. */
export interface Eligibility {
  readonly eligible: TargetBlock[];
  readonly tooFewAddresses: number;
  readonly tooLowAvailability: number;
}

/** Splits `blocks` into eligible ones and counts of the others. */
export function eligibleBlocks(blocks: readonly TargetBlock[], options: EligibilityOptions = {}): Eligibility {
  const minAddresses = options.minAddresses ?? ELIGIBILITY_DEFAULTS.minAddresses;
  const minAvailability = options.minAvailability ?? ELIGIBILITY_DEFAULTS.minAvailability;
  const eligible: TargetBlock[] = [];
  let tooFewAddresses = 0;
  let tooLowAvailability = 0;
  for (const b of blocks) {
    if (b.addresses.length < minAddresses) tooFewAddresses++;
    else if (b.availability < minAvailability) tooLowAvailability++;
    else eligible.push(b);
  }
  return { eligible, tooFewAddresses, tooLowAvailability };
}
