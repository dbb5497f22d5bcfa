/** The registry of subcommands, in the order `nightlight --help` lists them. */
import type { Command } from "./command.ts";
import { MRT_DUMP } from "./mrt-dump.ts";
import { MRT_STATS } from "./mrt-stats.ts";
import { IMPORT } from "./import.ts";
import { DETECT } from "./detect.ts";
import { REPORT } from "./report.ts";
import { SIGNALS } from "./signals.ts";
import { REPLAY } from "./replay.ts";
import { LIST } from "./list.ts";
import { SERVE } from "./serve.ts";
import { COLLECT } from "./collect.ts";
import { PROBE } from "./probe.ts";
import { INSIDE } from "./inside.ts";
import { LAB_LIST, LAB_RUN } from "./lab.ts";
import { EVENTS } from "./events.ts";

export const COMMANDS: readonly Command[] = [MRT_DUMP, MRT_STATS, IMPORT, DETECT, REPORT, SIGNALS, LIST, EVENTS, REPLAY, SERVE, COLLECT, PROBE, INSIDE, LAB_LIST, LAB_RUN];
