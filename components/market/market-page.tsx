import theme from "@/components/coin/theme.module.css";
import { Freshness } from "@/components/freshness";
import type { MergedRow } from "@/lib/domain/merge";
import { type MarketLimit, toLiquidityPlot, topShare } from "@/lib/ui/market/liquidity";
import type { TopMeta } from "@/lib/web/view";
import { LimitPicker } from "./limit-picker";
import { LiquidityChart } from "./liquidity-chart";
import { LiquidityTable } from "./liquidity-table";
import styles from "./market.module.css";
import { TopShareSummary } from "./top-share";

interface MarketPageProps {
  limit: MarketLimit;
  /** A bad ?limit= to explain; the page then shows the default. */
  limitError: string | null;
  rows: readonly MergedRow[] | null;
  meta: TopMeta | null;
  missing: readonly string[];
}

/** The market view: the top 10's share and the table are server-rendered; the scatter is drawn in the browser. */
export function MarketPage({ limit, limitError, rows, meta, missing }: MarketPageProps) {
  const shown = rows ? rows.slice(0, limit) : [];
  const plot = toLiquidityPlot(shown);
  return (
    <main id="main" className={`${theme.theme} ${styles.page}`}>
      <h1 className={styles.title}>Market liquidity</h1>
      <p className={styles.lede}>
        How much of each top coin trades in a day against its size: market cap across, 24h volume up, both on log
        scales. The larger the bubble, the larger the coin&apos;s 24h price move; green ▲ rose, red ▼ fell.
      </p>
      <LimitPicker current={limit} />
      {limitError ? (
        // As `/` does with a bad limit: the refusal in words (the status is 400), and the picker above.
        <p className={styles.note} role="alert">
          {limitError}. Pick one above.
        </p>
      ) : !rows || !meta ? (
        <p className={styles.note} role="status">
          No data yet: waiting for the first {missing.join(" and ") || "snapshots"}. Reload in a moment.
        </p>
      ) : (
        <>
          {meta.simulated && (
            <p className={styles.note} role="note">
              Simulated data: these numbers come from the Top Coins market simulator, not from the real providers.
            </p>
          )}
          <TopShareSummary share={topShare(shown)} shown={shown.length} />
          <section className={styles.section} aria-labelledby="scatter-heading">
            <h2 id="scatter-heading">Market cap against 24h volume</h2>
            <LiquidityChart points={plot.points} />
            <p className={styles.note} data-testid="plot-count">
              {plot.points.length} of the top {shown.length} coins plotted
              {plot.leftOut > 0
                ? `; ${plot.leftOut} left out for a missing market cap or 24h volume.`
                : ". None left out."}{" "}
              Click a bubble to open the coin.
            </p>
            <LiquidityTable points={plot.points} />
          </section>
          <p className={styles.note}>
            Market caps, volumes and changes from {meta.pricing.provider}; the ranking from {meta.ranking.provider}.
          </p>
          <Freshness ranking={meta.ranking} pricing={meta.pricing} generatedAt={meta.generatedAt} />
        </>
      )}
    </main>
  );
}
