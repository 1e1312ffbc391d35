import type { MergedRow } from "@/lib/domain/merge";
import { describeRankChange } from "@/lib/ui/numbers";
import styles from "./coin.module.css";
import { CoinBadge } from "./coin-badge";
import theme from "./theme.module.css";

/** The coin's name, symbol and avatar, and its rank with the movement since the previous snapshot. */
export function CoinHeader({ row, rankingProvider }: { row: MergedRow; rankingProvider: string }) {
  const move = describeRankChange(row.rankChange);
  const arrow = { up: "▲", down: "▼", flat: "■", new: "★" }[move.direction];
  return (
    <header className={styles.header}>
      <CoinBadge className={styles.avatar} symbol={row.symbol} name={row.name} />
      <div>
        <h1 className={styles.title}>
          {row.name}
          <span className={styles.symbol}>{row.symbol}</span>
        </h1>
        <p className={styles.rankLine} data-testid="rank-line">
          <strong>Rank #{row.rank}</strong> at {rankingProvider} ·{" "}
          <span className={theme[move.direction]}>
            <span aria-hidden="true">{arrow} </span>
            {move.label}
            {move.direction === "up" || move.direction === "down" ? ` (was #${row.rank + (row.rankChange ?? 0)})` : ""}
          </span>
        </p>
      </div>
    </header>
  );
}
