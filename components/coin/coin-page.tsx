import Link from "next/link";
import type { StoredLink } from "@/lib/domain/identity/registry";
import type { MergedRow } from "@/lib/domain/merge";
import type { HistoryBody } from "@/lib/ui/coin/history";
import type { Range } from "@/lib/ui/coin/time-axis";
import type { TopMeta } from "@/lib/web/view";
import styles from "./coin.module.css";
import { CoinHeader } from "./coin-header";
import { CoinPrice } from "./coin-price";
import { CoinSource } from "./coin-source";
import { CoinStats } from "./coin-stats";
import { PriceChartPanel } from "./price-chart-panel";
import { chartLabel, StaticPriceChart } from "./static-price-chart";
import theme from "./theme.module.css";

interface CoinPageProps {
  row: MergedRow;
  meta: TopMeta;
  /** Every provider's link of the coin's asset, from the registry the view was merged with. */
  links?: readonly StoredLink[];
  /** The history of `historyRange` read on the server; null when it could not be read. */
  history: HistoryBody | null;
  historyRange: Range;
}

/** The coin page: every number and the first chart are rendered on the server. */
export function CoinPage({ row, meta, links, history, historyRange }: CoinPageProps) {
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
      <PriceChartPanel
        coinId={row.id}
        coinName={row.name}
        initial={history}
        initialRange={historyRange}
        // Drawn here, so hydration neither recomputes the path nor builds date formatters.
        initialChart={
          history && (
            <StaticPriceChart points={history.points} range={historyRange} label={chartLabel(row.name, historyRange)} />
          )
        }
      />
      <CoinStats row={row} />
      <CoinSource row={row} meta={meta} links={links} />
    </main>
  );
}
