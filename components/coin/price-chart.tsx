"use client";
// The price line itself. Loaded lazily (next/dynamic, ssr: false) by price-chart-panel.tsx, so
// recharts never weighs on the page's first paint.
import { useMemo } from "react";
import { Area, AreaChart, CartesianGrid, Tooltip, type TooltipContentProps, XAxis, YAxis } from "recharts";
import { formatPriceTick } from "@/lib/ui/coin/format";
import type { HistoryPoint } from "@/lib/ui/coin/history";
import { priceScale } from "@/lib/ui/coin/price-axis";
import { formatInstant, formatTick, localOffset, type Range, timeTicks } from "@/lib/ui/coin/time-axis";
import { formatPrice } from "@/lib/ui/format";
import styles from "./chart.module.css";

interface PriceChartProps {
  points: readonly HistoryPoint[];
  range: Range;
  coinName: string;
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

const AXIS_TICK = { fill: "var(--tc-muted)", fontSize: 12 };

export default function PriceChart({ points, range, coinName }: PriceChartProps) {
  const data = useMemo(() => points.map((point) => ({ t: point.t, priceUsd: point.priceUsd })), [points]);
  const first = data[0]?.t ?? 0;
  const last = data.at(-1)?.t ?? 0;
  const ticks = useMemo(() => timeTicks(range, first, last, localOffset), [range, first, last]);
  const scale = useMemo(() => priceScale(data.map((point) => point.priceUsd)), [data]);

  return (
    <AreaChart
      className={styles.chart}
      data={data}
      responsive
      style={{ width: "100%", height: "100%" }}
      margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
      title={`${coinName} price in USD over the last ${range}`}
    >
      <CartesianGrid stroke="var(--tc-line)" vertical={false} />
      <XAxis
        dataKey="t"
        type="number"
        domain={[first, last]}
        ticks={ticks}
        tickFormatter={(t: number) => formatTick(range, t)}
        tick={AXIS_TICK}
        stroke="var(--tc-control)"
        minTickGap={8}
      />
      <YAxis
        dataKey="priceUsd"
        type="number"
        domain={scale.domain}
        ticks={scale.ticks}
        tickFormatter={formatPriceTick}
        tick={AXIS_TICK}
        stroke="var(--tc-control)"
        width="auto"
      />
      <Tooltip content={PriceTooltip} cursor={{ stroke: "var(--tc-control)", strokeDasharray: "3 3" }} />
      <Area
        type="linear"
        dataKey="priceUsd"
        name="Price (USD)"
        stroke="var(--tc-accent)"
        strokeWidth={2}
        fill="var(--tc-accent)"
        fillOpacity={0.12}
        isAnimationActive={false}
        activeDot={{ r: 4, stroke: "var(--tc-bg)", strokeWidth: 2, fill: "var(--tc-accent)" }}
      />
    </AreaChart>
  );
}
