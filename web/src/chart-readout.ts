/**
 * A readout under each signal chart: pointing at the chart (or tapping it) names the
 * bin under the pointer, its value and its baseline, from the same data the chart was
 * drawn from. The plot's place is the chart's own clip rectangle, so the readout needs
 * nothing from the drawing code but what it already writes.
 */
import type { EntityChartData } from "../../src/model/entity-chart-data.ts";
import type { ChartLang } from "../../src/chart/chart-locale.ts";
import { fmtNumber, fmtPercent, fmtTime } from "./format.ts";

/** Wires the readouts of the `.figure[data-signal]` sections in `root`. */
export function wireReadouts(root: HTMLElement, data: EntityChartData, lang: ChartLang, zone: string, words: { baseline: string; noData: string }): void {
  const [from, until] = [Date.parse(data.from), Date.parse(data.until)];
  for (const section of root.querySelectorAll<HTMLElement>(".figure[data-signal]")) {
    const s = data.signals.find((x) => x.signal === section.dataset["signal"]);
    const svg = section.querySelector<SVGSVGElement>(".chart svg");
    const plot = svg?.querySelector<SVGRectElement>("clipPath rect");
    if (s === undefined || svg === null || svg === undefined || plot === null || plot === undefined) continue;
    const out = document.createElement("p");
    out.className = "readout";
    out.setAttribute("aria-live", "polite");
    section.querySelector(".chart")?.after(out);
    const start = Date.parse(s.start);
    const show = (ev: PointerEvent): void => {
      const box = svg.getBoundingClientRect();
      const scale = svg.viewBox.baseVal.width / box.width;
      const x = (ev.clientX - box.left) * scale;
      const left = plot.x.baseVal.value;
      const width = plot.width.baseVal.value;
      if (x < left || x > left + width) return;
      const t = from + ((x - left) / width) * (until - from);
      const i = Math.floor((t - start) / s.stepMs);
      if (i < 0 || i >= s.values.length) return;
      const value = s.values[i] ?? null;
      const base = s.baseline?.[i] ?? null;
      const ratio = value !== null && base !== null && base > 0 ? value / base : null;
      out.textContent = `${fmtTime(start + i * s.stepMs, lang, zone)} · ${s.signal}: ${value === null ? words.noData : fmtNumber(value, lang)}` +
        (base === null ? "" : ` · ${words.baseline} ${fmtNumber(base, lang)} (${fmtPercent(ratio, lang)})`);
    };
    svg.addEventListener("pointermove", show);
    svg.addEventListener("pointerdown", show);
  }
}
