// The price chart without recharts: a plain SVG line with HTML axis labels, rendered on the server
// and hydrated as is. It is the chart until the reader reaches for it (price-chart-panel.tsx).
// No hooks and no browser APIs, so the server's markup is the browser's.
import type { HistoryPoint } from "@/lib/ui/coin/history";
import { PLOT_SIZE, staticChart } from "@/lib/ui/coin/static-chart";
import type { Range } from "@/lib/ui/coin/time-axis";
import styles from "./static-chart.module.css";

interface StaticPriceChartProps {
  points: readonly HistoryPoint[];
  range: Range;
  /** The chart's accessible name. */
  label: string;
}

/** The chart's accessible name; recharts' chart carries the same title. */
export const chartLabel = (coinName: string, range: Range) => `${coinName} price in USD over the last ${range}`;

const percent = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;

export function StaticPriceChart({ points, range, label }: StaticPriceChartProps) {
  const chart = staticChart(points, range);
  if (!chart) return null;
  // The y-axis column fits its longest label, so the plot starts where the labels end.
  const axisChars = Math.max(...chart.priceTicks.map((tick) => tick.label.length));
  return (
    // Focusable like recharts' surface, so a keyboard reader can reach (and so load) the full chart.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the focus loads the interactive chart in its place.
    <div className={styles.chart} role="img" aria-label={label} tabIndex={0} data-testid="static-chart">
      <div className={styles.prices} style={{ width: `calc(${axisChars}ch + 0.5rem)` }} aria-hidden="true">
        {chart.priceTicks.map((tick) => (
          <span key={tick.label} style={{ top: percent(tick.y) }}>
            {tick.label}
          </span>
        ))}
      </div>
      <div className={styles.plot} style={{ left: `calc(${axisChars}ch + 1rem)` }}>
        <svg viewBox={`0 0 ${PLOT_SIZE} ${PLOT_SIZE}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
          {chart.priceTicks.map((tick) => {
            const y = tick.y * PLOT_SIZE;
            return <line key={tick.label} className={styles.grid} x1={0} x2={PLOT_SIZE} y1={y} y2={y} />;
          })}
          <path className={styles.area} d={chart.area} />
          <path className={styles.line} d={chart.line} data-testid="price-line" />
        </svg>
      </div>
      <div className={styles.times} style={{ left: `calc(${axisChars}ch + 1rem)` }} aria-hidden="true">
        {chart.timeTicks.map((tick) => (
          <span
            key={tick.t}
            className={
              [tick.anchor === "middle" && styles.middle, tick.minor && styles.minor].filter(Boolean).join(" ") ||
              undefined
            }
            style={tick.anchor === "end" ? { right: percent(1 - tick.x) } : { left: percent(tick.x) }}
          >
            {tick.label}
          </span>
        ))}
      </div>
      {/* The server cannot know the reader's zone: the static labels say which one they use. */}
      <span className={styles.zone} aria-hidden="true">
        UTC
      </span>
    </div>
  );
}
