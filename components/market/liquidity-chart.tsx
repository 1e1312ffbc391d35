"use client";
// The scatter's frame. The frame and its fixed height render on the server; recharts loads only in
// the browser.
import dynamic from "next/dynamic";
import type { LiquidityPoint } from "@/lib/ui/market/liquidity";
import styles from "./market.module.css";

const LiquidityScatter = dynamic(() => import("./liquidity-scatter"), {
  ssr: false,
  loading: () => (
    <div className={styles.chartState} role="status">
      Drawing the chart…
    </div>
  ),
});

export function LiquidityChart({ points }: { points: readonly LiquidityPoint[] }) {
  return (
    <div className={styles.chartBox} data-testid="scatter-box">
      {points.length === 0 ? (
        <div className={styles.chartState} role="status">
          No coin has both a market cap and a 24h volume yet.
        </div>
      ) : (
        <LiquidityScatter points={points} />
      )}
    </div>
  );
}
