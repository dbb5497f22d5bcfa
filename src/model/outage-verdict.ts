/**
 * The verdict on one entity over one window. Types only.
 */

/** "outage" (events), "no-outage" only when the data could have shown one, else "not-enough-data". */
export type OutageVerdictName = "outage" | "no-outage" | "not-enough-data";
