import Link from "next/link";
import type { MergedRow } from "@/lib/domain/merge";
import type { TopMeta } from "@/lib/web/view";
import styles from "./coin.module.css";
import { CoinHeader } from "./coin-header";
import { CoinPrice } from "./coin-price";
import { CoinSource } from "./coin-source";
import { CoinStats } from "./coin-stats";
import { PriceChartPanel } from "./price-chart-panel";
import theme from "./theme.module.css";

/** The coin page: every number is rendered on the server; only the chart is drawn in the browser. */
export function CoinPage({ row, meta }: { row: MergedRow; meta: TopMeta }) {
  return (
    <main id="main" className={`${theme.theme} ${styles.page}`}>
      <nav aria-label="Breadcrumb" className={styles.crumbs}>
        <Link href="/">Top coins</Link> <span aria-hidden="true">/</span> <span aria-current="page">{row.name}</span>
      </nav>
      <CoinHeader row={row} rankingProvider={meta.ranking.provider} />
      {meta.simulated && (
        <p className={styles.notice} role="note">
          Simulated data: these numbers come from the Top Coins market simulator, not from the real providers.
        </p>
      )}
      <CoinPrice row={row} />
      <PriceChartPanel coinId={row.rankingId} coinName={row.name} />
      <CoinStats row={row} />
      <CoinSource row={row} meta={meta} />
    </main>
  );
}
