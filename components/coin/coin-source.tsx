import { Freshness } from "@/components/freshness";
import type { MatchRule, MergedRow } from "@/lib/domain/merge";
import { formatInstant } from "@/lib/ui/coin/time-axis";
import type { TopMeta } from "@/lib/web/view";
import styles from "./coin.module.css";

const MATCH_TEXT: Record<MatchRule, string> = {
  id: "by its id (one provider ranks and prices)",
  override: "by a reviewed override",
  contract: "by the same token contract",
  evidence: "on evidence",
};

function ProviderTime({ iso }: { iso: string | null }) {
  const t = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(t)) return <>at a time it did not say</>;
  // UTC with its name: the server renders this, and it cannot know the reader's zone.
  return <time dateTime={iso ?? undefined}>{formatInstant(t, "UTC")} UTC</time>;
}

/** Where the price and the rank came from, and how fresh each is. */
export function CoinSource({ row, meta }: { row: MergedRow; meta: TopMeta }) {
  return (
    <section className={`${styles.section} ${styles.source}`} aria-labelledby="source-heading">
      <h2 id="source-heading">Where the numbers come from</h2>
      {row.pricingId === null ? (
        <p data-testid="price-source">
          No price from <strong>{meta.pricing.provider}</strong>: it has no coin that matches this one for certain.
        </p>
      ) : (
        <p data-testid="price-source">
          Price, market cap, volume and supply from <strong>{meta.pricing.provider}</strong>, its coin id{" "}
          <code>{row.pricingId}</code> (matched {row.matchedBy ? MATCH_TEXT[row.matchedBy] : "to this coin"}), last
          updated by the provider <ProviderTime iso={row.lastUpdated} />.
        </p>
      )}
      <p>
        Rank from <strong>{meta.ranking.provider}</strong>, its coin id <code>{row.rankingId}</code>.
      </p>
      <Freshness ranking={meta.ranking} pricing={meta.pricing} generatedAt={meta.generatedAt} />
    </section>
  );
}
