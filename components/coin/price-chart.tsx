"use client";
// The interactive price chart. Loaded lazily (next/dynamic, ssr: false) by price-chart-panel.tsx
// only when the reader reaches for the chart, so recharts never weighs on the page's load.
import { useMemo } from "react";
import { Area, AreaChart, CartesianGrid, Line, Tooltip, type TooltipContentProps, XAxis, YAxis } from "recharts";
import { formatPriceTick } from "@/lib/ui/coin/changes";
import type { HistoryPoint } from "@/lib/ui/coin/history";
import { priceScale } from "@/lib/ui/coin/price-axis";
import { isMinorTick } from "@/lib/ui/coin/static-chart";
import { formatInstant, formatTick, localOffset, type Range, timeTicks } from "@/lib/ui/coin/time-axis";
import { formatPrice } from "@/lib/ui/numbers";
import styles from "./chart.module.css";
import { useChartFrame } from "./use-chart-frame";

interface PriceChartProps {
  points: readonly HistoryPoint[];
  range: Range;
  coinName: string;
  /** Take the focus once drawn: the static chart this one replaces had it. */
  focusOnMount?: boolean;
}

function PriceTooltip({ active, label, payload }: TooltipContentProps) {
  const value = payload?.[0]?.value;
  if (!active || typeof label !== "number" || typeof value !== "number") return null;
  return (
    <div className={styles.tooltip}>
      <p>
        <time dateTime={new Date(label).toISOString()}>{formatInstant(label)}</time>
      </p>
      <p className={styles.tooltipValue}>{formatPrice(value)}</p>
    </div>
  );
}

const TICK_STYLE = { fill: "var(--tc-muted)", fontSize: 12 };
/** A 12px digit is at most about 7.5px wide: the y axis fits its longest label without measuring it. */
const axisWidth = (labels: readonly string[]) => Math.ceil(Math.max(0, ...labels.map((l) => l.length)) * 7.5) + 12;
/** Below this width the time axis keeps only its major labels, as the static chart does on phones. */
const NARROW = 448;
const noLines = () => [];

interface TickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
}

// Plain <text> ticks: recharts' own <Text> measures every word in the DOM, a forced layout each.
function timeTick(range: Range) {
  return ({ x, y, payload }: TickProps) => (
    <text x={x} y={y} dy="0.71em" textAnchor="middle" {...TICK_STYLE}>
      {formatTick(range, Number(payload?.value))}
    </text>
  );
}

function priceTick({ x, y, payload }: TickProps) {
  return (
    <text x={x} y={y} dy="0.355em" textAnchor="end" {...TICK_STYLE}>
      {formatPriceTick(Number(payload?.value))}
    </text>
  );
}

export default function PriceChart({ points, range, coinName, focusOnMount = false }: PriceChartProps) {
  const { frame, size } = useChartFrame(focusOnMount);
  const data = useMemo(() => points.map((point) => ({ t: point.t, priceUsd: point.priceUsd })), [points]);
  const first = data[0]?.t ?? 0;
  const last = data.at(-1)?.t ?? 0;
  const allTicks = useMemo(() => timeTicks(range, first, last, localOffset), [range, first, last]);
  const narrow = (size?.width ?? 0) <= NARROW;
  const ticks = narrow ? allTicks.filter((_, i) => !isMinorTick(i, allTicks.length)) : allTicks;
  const scale = useMemo(() => priceScale(data.map((point) => point.priceUsd)), [data]);
  const yWidth = useMemo(() => axisWidth(scale.ticks.map(formatPriceTick)), [scale]);
  const renderTimeTick = useMemo(() => timeTick(range), [range]);
  // The grid's lines at the price ticks, placed by hand: left to itself, CartesianGrid re-derives both
  // axes' ticks (even with vertical={false}) with the default overlap check, which measures labels.
  const gridLines = useMemo(() => {
    const [lo, hi] = scale.domain;
    return ({ offset }: { offset: { top: number; height: number } }) =>
      scale.ticks.map((tick) => offset.top + (1 - (tick - lo) / (hi - lo || 1)) * offset.height);
  }, [scale]);

  return (
    <div ref={frame} className={styles.frame}>
      {size && size.width > 0 && (
        <AreaChart
          className={styles.chart}
          data={data}
          width={size.width}
          height={size.height}
          margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
          title={`${coinName} price in USD over the last ${range}`}
        >
          <CartesianGrid
            stroke="var(--tc-line)"
            vertical={false}
            horizontalCoordinatesGenerator={gridLines}
            verticalCoordinatesGenerator={noLines}
          />
          <XAxis
            dataKey="t"
            type="number"
            domain={[first, last]}
            ticks={ticks}
            interval={0}
            tick={renderTimeTick}
            stroke="var(--tc-control)"
          />
          <YAxis
            dataKey="priceUsd"
            type="number"
            domain={scale.domain}
            ticks={scale.ticks}
            interval={0}
            tick={priceTick}
            stroke="var(--tc-control)"
            width={yWidth}
          />
          <Tooltip
            content={PriceTooltip}
            cursor={{ stroke: "var(--tc-control)", strokeDasharray: "3 3" }}
            isAnimationActive={false}
          />
          {/* The fill only: the line is drawn by <Line>, which alone carries the test id. */}
          <Area
            type="linear"
            dataKey="priceUsd"
            stroke="none"
            fill="var(--tc-accent)"
            fillOpacity={0.12}
            tooltipType="none"
            activeDot={false}
            isAnimationActive={false}
          />
          <Line
            type="linear"
            dataKey="priceUsd"
            name="Price (USD)"
            stroke="var(--tc-accent)"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
            activeDot={{ r: 4, stroke: "var(--tc-bg)", strokeWidth: 2, fill: "var(--tc-accent)" }}
            data-testid="price-line"
          />
        </AreaChart>
      )}
    </div>
  );
}
