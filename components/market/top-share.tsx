import type { TopShare } from "@/lib/ui/market/liquidity";
import { compactUsd } from "@/lib/ui/numbers";
import styles from "./market.module.css";

const percent = new Intl.NumberFormat("en-US", {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** The top 10's share of the combined market cap, as a number and a bar. */
export function TopShareSummary({ share, shown }: { share: TopShare; shown: number }) {
  return (
    <section className={styles.section} aria-labelledby="share-heading">
      <h2 id="share-heading">Market cap held by the top {share.top || 10}</h2>
      {share.share === null ? (
        <p className={styles.shareText}>None of the {shown} coins shown has a market cap yet.</p>
      ) : (
        <>
          <p className={styles.shareNumber} data-testid="top-share">
            {percent.format(share.share)}
          </p>
          <p className={styles.shareText}>
            The {share.top} largest coins by market cap hold {compactUsd(share.topCapUsd)} of the{" "}
            {compactUsd(share.totalCapUsd)} combined market cap of the {share.counted} coins shown that have one.
          </p>
          <div className={styles.bar} aria-hidden="true">
            <div className={styles.barFill} style={{ width: `${(share.share * 100).toFixed(1)}%` }} />
          </div>
        </>
      )}
    </section>
  );
}
