"use client";
// Market cap against 24h volume, both on log scales; bubble area = |24h change|. A click on a
// bubble opens the coin's page. Loaded lazily by liquidity-chart.tsx.
import { useRouter } from "next/navigation";
import { useCallback, useMemo } from "react";
import {
  CartesianGrid,
  Scatter,
  ScatterChart,
  type ScatterPointItem,
  type ScatterShapeProps,
  Tooltip,
  type TooltipContentProps,
  XAxis,
  YAxis,
} from "recharts";
import { describeChange } from "@/lib/ui/coin/changes";
import { coinPath } from "@/lib/ui/coin/coin-id";
import { type LiquidityPoint, logTicks } from "@/lib/ui/market/liquidity";
import { compactUsd } from "@/lib/ui/numbers";
import styles from "./market.module.css";

function asPoint(value: unknown): LiquidityPoint | null {
  return typeof value === "object" && value !== null && "rankingId" in value && "radius" in value
    ? (value as LiquidityPoint)
    : null;
}

const COLOR = { up: "var(--tc-up)", down: "var(--tc-down)", flat: "var(--tc-muted)" } as const;

function CoinTooltip({ active, payload }: TooltipContentProps) {
  const point = active ? asPoint(payload?.[0]?.payload) : null;
  if (!point) return null;
  const change = describeChange(point.change24hPct);
  return (
    <div className={styles.tooltip}>
      <p>
        <strong>{point.name}</strong> {point.symbol} · #{point.rank}
      </p>
      <p>Market cap {compactUsd(point.marketCapUsd)}</p>
      <p>24h volume {compactUsd(point.volume24hUsd)}</p>
      <p>24h change {change ? `${change.arrow} ${change.text}` : "—"}</p>
    </div>
  );
}

/** One coin: a circle whose area grows with its 24h move, coloured by direction. */
function renderBubble(props: ScatterShapeProps) {
  const point = asPoint(props.payload);
  if (!point || props.cx === undefined || props.cy === undefined) return <g />;
  const direction = describeChange(point.change24hPct)?.direction ?? "flat";
  return (
    <circle
      className={styles.bubble}
      cx={props.cx}
      cy={props.cy}
      r={point.radius}
      fill={COLOR[direction]}
      fillOpacity={0.5}
      stroke={COLOR[direction]}
      strokeWidth={1}
      data-coin-id={point.id}
    />
  );
}

const AXIS_TICK = { fill: "var(--tc-muted)", fontSize: 12 };
const AXIS_LABEL = { fill: "var(--tc-muted)", fontSize: 12 };

export default function LiquidityScatter({ points }: { points: readonly LiquidityPoint[] }) {
  const router = useRouter();
  const data = useMemo(() => [...points], [points]);
  const xTicks = useMemo(() => {
    const caps = points.map((point) => point.marketCapUsd);
    return logTicks(Math.min(...caps), Math.max(...caps));
  }, [points]);
  const yTicks = useMemo(() => {
    const volumes = points.map((point) => point.volume24hUsd);
    return logTicks(Math.min(...volumes), Math.max(...volumes));
  }, [points]);

  const openCoin = useCallback(
    (item: ScatterPointItem) => {
      const point = asPoint(item.payload);
      if (point) router.push(coinPath(point.id));
    },
    [router],
  );

  return (
    <ScatterChart
      responsive
      style={{ width: "100%", height: "100%" }}
      margin={{ top: 12, right: 16, bottom: 24, left: 16 }}
      title="Market cap against 24h volume, log scales"
    >
      <CartesianGrid stroke="var(--tc-line)" />
      <XAxis
        type="number"
        dataKey="marketCapUsd"
        name="Market cap"
        scale="log"
        domain={[xTicks[0] ?? 1, xTicks.at(-1) ?? 10]}
        ticks={xTicks}
        allowDataOverflow
        tickFormatter={compactUsd}
        tick={AXIS_TICK}
        stroke="var(--tc-control)"
        label={{ ...AXIS_LABEL, value: "Market cap (USD, log scale)", position: "insideBottom", offset: -16 }}
      />
      <YAxis
        type="number"
        dataKey="volume24hUsd"
        name="24h volume"
        scale="log"
        domain={[yTicks[0] ?? 1, yTicks.at(-1) ?? 10]}
        ticks={yTicks}
        allowDataOverflow
        tickFormatter={compactUsd}
        tick={AXIS_TICK}
        stroke="var(--tc-control)"
        width="auto"
        label={{ ...AXIS_LABEL, value: "24h volume (USD, log scale)", angle: -90, position: "insideLeft", dy: 80 }}
      />
      <Tooltip content={CoinTooltip} cursor={{ stroke: "var(--tc-control)", strokeDasharray: "3 3" }} />
      <Scatter data={data} shape={renderBubble} onClick={openCoin} isAnimationActive={false} name="Coins" />
    </ScatterChart>
  );
}
