import type { HistoryPoint } from "@/lib/ui/coin/history";
import { summarizeHistory } from "@/lib/ui/coin/history-summary";
import { formatPrice } from "@/lib/ui/numbers";
import { ChangeText } from "./change-text";
import styles from "./chart.module.css";

/** The chart in one line of text: low, high and change over the range. Always takes its space. */
export function ChartSummary({ points, range }: { points: readonly HistoryPoint[] | undefined; range: string }) {
  const summary = points ? summarizeHistory(points) : null;
  if (!summary) return <p className={styles.summary} />;
  return (
    <p className={styles.summary} data-testid="chart-summary">
      Over the last {range}: low {formatPrice(summary.low)}, high {formatPrice(summary.high)}, change{" "}
      <ChangeText pct={summary.changePct} /> ({points?.length} points).
    </p>
  );
}
