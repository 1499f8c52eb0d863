import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** Two series over the same 24 windows (uPlot draws; this only feeds it). X values are window starts in seconds. */
export function KpiChart({
  x,
  current,
  previous,
  labels,
  xLabel,
  ariaLabel,
  format,
}: {
  x: number[];
  current: (number | null)[];
  previous: (number | null)[];
  labels: [string, string];
  /** The hovered window's name in the legend (else uPlot writes its own English "Value"). */
  xLabel: string;
  ariaLabel: string;
  format: (epochSeconds: number) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = () => Math.max(280, el.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 260,
        scales: { x: { time: false } },
        // Ticks on window starts, every third one (6 hours): uPlot's own would fall at odd minutes (02:06, 07:40).
        axes: [{ splits: () => x.filter((_, i) => i % 3 === 0), values: (_u, ticks) => ticks.map((t) => format(t)), space: 70 }, {}],
        series: [
          { label: xLabel, value: (_u, v) => (v == null ? "" : format(v)) },
          { label: labels[0], stroke: "#4f46e5", width: 2, fill: "rgba(79,70,229,0.08)" },
          { label: labels[1], stroke: "#9aa0b4", width: 2, dash: [6, 4] },
        ],
      },
      [x, current, previous],
      el,
    );
    const resize = () => plot.setSize({ width: width(), height: 260 });
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      plot.destroy();
    };
  }, [x, current, previous, labels, xLabel, format]);
  return <div ref={box} role="img" aria-label={ariaLabel} className="kpi-chart" data-testid="kpi-chart" />;
}
