// One routing benchmark run (a child of routing-bench.mjs): prints one JSON line.
import { join } from "node:path";
import { loadEntityIndex } from "../dist/src/entities/load-entity-index.js";
import { openInput } from "../dist/src/mrt/open-input.js";
import { BlockAttribution } from "../dist/src/routing/block-attribution.js";
import { planArchiveReplay } from "../dist/src/routing/plan-archive-replay.js";
import { replayBgp } from "../dist/src/routing/replay-bgp.js";

const [dir, dayText, binsText] = process.argv.slice(2);
const day = Number(dayText);
const bins = Number(binsText);
const rssMb = () => process.memoryUsage().rss / 2 ** 20;
let t = performance.now();
const index = await loadEntityIndex();
const attribution = BlockAttribution.fromIndex(index);
const indexSeconds = (performance.now() - t) / 1000;
const out = { indexSeconds, ribSeconds: 0, ribRssMb: 0, stateMb: 0, updateSeconds: 0, elements: 0, bins: 0, binMedianMs: 0, binMaxMs: 0, latencyMedianMs: 0, latencyMaxMs: 0, daySeconds: 0, peakRssMb: 0 };
const binMs = [];
const latency = [];
let fileStart = 0;
let ribDone = 0;
const plan = planArchiveReplay("rrc00", day, day + bins * 300_000);
t = performance.now();
let elements = 0;
await replayBgp([plan], {
  from: day, until: day + bins * 300_000, attribution,
  open: async (file) => {
    if (file.kind === "updates") {
      if (ribDone === 0) {
        ribDone = performance.now();
        out.ribSeconds = (ribDone - t) / 1000;
        out.ribRssMb = rssMb();
      }
      fileStart = performance.now();
    }
    return { name: file.path, chunks: await openInput(join(dir, file.path)) };
  },
  onFile: (file, report) => {
    if (file.kind === "updates") elements += report.announced + report.withdrawn;
  },
  onBin: (bin) => {
    const now = performance.now();
    latency.push(now - fileStart);
    binMs.push(bin.computeMs);
    out.stateMb = bin.state.bytes() / 2 ** 20;
  },
});
const end = performance.now();
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
const compute = binMs.filter((x) => x > 0);
out.daySeconds = (end - ribDone) / 1000;
out.bins = bins;
out.elements = elements;
out.binMedianMs = median(compute);
out.binMaxMs = Math.max(...compute);
out.updateSeconds = out.daySeconds - compute.reduce((a, b) => a + b, 0) / 1000;
out.latencyMedianMs = median(latency);
out.latencyMaxMs = Math.max(...latency);
out.peakRssMb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify(out));
