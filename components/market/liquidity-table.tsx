import Link from "next/link";
import { ChangeText } from "@/components/coin/change-text";
import { coinPath } from "@/lib/ui/coin/coin-id";
import type { LiquidityPoint } from "@/lib/ui/market/liquidity";
import { compactUsd } from "@/lib/ui/numbers";
import styles from "./market.module.css";

/** The plotted coins as a table: the scatter's text equivalent, rendered on the server. */
export function LiquidityTable({ points }: { points: readonly LiquidityPoint[] }) {
  const byRank = [...points].sort((a, b) => a.rank - b.rank);
  return (
    <details className={styles.details}>
      <summary>The {points.length} plotted coins as a table</summary>
      <div className={styles.tableWrap}>
        <table className={styles.table} data-testid="liquidity-table">
          <caption className={styles.note}>Market cap, 24h volume and 24h change of each coin in the chart.</caption>
          <thead>
            <tr>
              <th scope="col">Rank</th>
              <th scope="col">Coin</th>
              <th scope="col" className={styles.num}>
                Market cap
              </th>
              <th scope="col" className={styles.num}>
                24h volume
              </th>
              <th scope="col" className={styles.num}>
                24h change
              </th>
            </tr>
          </thead>
          <tbody>
            {byRank.map((point) => (
              <tr key={point.rankingId}>
                <td>{point.rank}</td>
                <td>
                  <Link href={coinPath(point.id)}>{point.name}</Link> {point.symbol}
                </td>
                <td className={styles.num}>{compactUsd(point.marketCapUsd)}</td>
                <td className={styles.num}>{compactUsd(point.volume24hUsd)}</td>
                <td className={styles.num}>
                  <ChangeText pct={point.change24hPct} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
