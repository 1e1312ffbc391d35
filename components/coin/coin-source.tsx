import { Freshness } from "@/components/freshness";
import type { StoredLink } from "@/lib/domain/identity/registry";
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

const RULE_TEXT: Record<StoredLink["rule"], string> = {
  origin: "the coin Top Coins first knew this asset by",
  override: "a reviewed override",
  contract: "the same token contract",
  evidence: "evidence",
  id: "the provider's own id",
};

/** Every provider's id for this coin and why Top Coins holds it to be the same asset. */
function Identity({ row, links }: { row: MergedRow; links: readonly StoredLink[] }) {
  return (
    <>
      <p>
        Top Coins id <code>{row.id}</code> (the same whichever provider ranks or prices it).
      </p>
      {links.length > 0 && (
        <ul data-testid="provider-ids">
          {links.map((link) => (
            <li key={`${link.provider}:${link.providerId}`}>
              <strong>{link.provider}</strong> <code>{link.providerId}</code> ({link.symbol}, {link.name}): linked by{" "}
              {RULE_TEXT[link.rule]}
              {link.rule === "origin" ? "" : `: ${link.evidence}`}
              {link.contradictions > 0
                ? `; contradicted in the last ${link.contradictions} snapshot${link.contradictions === 1 ? "" : "s"} (${link.lastContradiction ?? ""})`
                : ""}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Where the price and the rank came from, how Top Coins knows they are one coin, and how fresh each is. */
export function CoinSource({
  row,
  meta,
  links = [],
}: {
  row: MergedRow;
  meta: TopMeta;
  links?: readonly StoredLink[];
}) {
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
          <code>{row.pricingId}</code> (matched {row.matchedBy ? MATCH_TEXT[row.matchedBy] : "to this coin"}
          {row.matchEvidence ? `: ${row.matchEvidence}` : ""}
          {row.priceSource === "by_id" ? "; fetched by id, the coin being deeper than the price list" : ""}), last
          updated by the provider <ProviderTime iso={row.lastUpdated} />.
        </p>
      )}
      <p>
        Rank from <strong>{meta.ranking.provider}</strong>, its coin id <code>{row.rankingId}</code>.
      </p>
      <Identity row={row} links={links} />
      <Freshness ranking={meta.ranking} pricing={meta.pricing} generatedAt={meta.generatedAt} />
    </section>
  );
}
