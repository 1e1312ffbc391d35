/**
 * One CoinMarketCap cryptocurrency object at this tick, as listings/latest serves it (cmcItem) and as
 * v2 quotes/latest serves it (quotesItem): the same numbers, so a price fetched by id is identical
 * to the one the listing shows.
 */
import type { Asset } from "../asset";
import { type MarketView, recentMovesFor } from "../market-view";

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

export function cmcItem(view: MarketView, asset: Asset, nowMs: number) {
  const { market } = view;
  const listing = asset.cmc;
  if (!listing) throw new Error(`asset ${asset.key} is not listed at CoinMarketCap`);
  const price = market.cmcPrice(asset);
  // A listing with an unverified supply serves 0 here and the project's own figures as self_reported_*.
  const marketCap = view.cmcReportedMarketCap(asset);
  const unverified = listing.unverifiedSupply === true;
  const maxSupply = market.maxSupply(asset);
  const totalSupply = market.totalSupply(asset);
  const moves = recentMovesFor(view, asset, price);
  return {
    id: listing.id,
    name: listing.name,
    symbol: listing.symbol,
    slug: listing.slug,
    num_market_pairs: listing.numMarketPairs,
    date_added: listing.dateAdded,
    tags: listing.tags,
    max_supply: maxSupply,
    circulating_supply: view.cmcReportedSupply(asset),
    total_supply: totalSupply,
    infinite_supply: maxSupply === null,
    platform: listing.platform,
    cmc_rank: view.cmcRank(asset),
    self_reported_circulating_supply: unverified ? market.circulatingSupply(asset) : null,
    self_reported_market_cap: unverified ? market.cmcMarketCap(asset) : null,
    tvl_ratio: null,
    // Listings refresh once a minute; the quote carries its own, slightly later stamp.
    last_updated: new Date(Math.floor(nowMs / 60_000) * 60_000).toISOString(),
    quote: {
      USD: {
        price,
        volume_24h: market.cmcVolume(asset),
        volume_change_24h: Math.round(market.volumeChangePct(asset) * 1e4) / 1e4,
        percent_change_1h: moves.pct.h1,
        percent_change_24h: moves.pct.h24,
        percent_change_7d: moves.pct.d7,
        percent_change_30d: moves.pct.d30,
        percent_change_60d: moves.pct.d60,
        percent_change_90d: moves.pct.d90,
        market_cap: marketCap,
        market_cap_dominance: Math.round((marketCap / view.cmcTotalMarketCap()) * 100 * 1e4) / 1e4,
        fully_diluted_market_cap: price * (maxSupply ?? totalSupply),
        tvl: null,
        last_updated: isoSeconds(nowMs - (asset.index % 30) * 1000),
      },
    },
  };
}

const TAG_DETAILS: Record<string, { name: string; category: string }> = {
  defi: { name: "DeFi", category: "CATEGORY" },
  "layer-1": { name: "Layer 1", category: "CATEGORY" },
  "layer-2": { name: "Layer 2", category: "CATEGORY" },
  gaming: { name: "Gaming", category: "INDUSTRY" },
  memes: { name: "Memes", category: "CATEGORY" },
  "ai-big-data": { name: "AI & Big Data", category: "CATEGORY" },
  dao: { name: "DAO", category: "CATEGORY" },
  payments: { name: "Payments", category: "INDUSTRY" },
  storage: { name: "Storage", category: "CATEGORY" },
  oracles: { name: "Oracles", category: "CATEGORY" },
  stablecoin: { name: "Stablecoin", category: "CATEGORY" },
  "asset-backed-stablecoin": { name: "Asset-Backed Stablecoin", category: "CATEGORY" },
  "usd-stablecoin": { name: "USD Stablecoin", category: "CATEGORY" },
  "fiat-stablecoin": { name: "Fiat Stablecoin", category: "CATEGORY" },
  "algorithmic-stablecoin": { name: "Algorithmic Stablecoin", category: "CATEGORY" },
  "wrapped-tokens": { name: "Wrapped Tokens", category: "CATEGORY" },
};

/**
 * A v2 quotes/latest object. Checked against public material on the v2 shape: the listings fields
 * plus is_active and is_fiat, and `tags` as objects {slug, name, category} rather than the plain
 * slugs listings/latest sends; the quote block is the listings one.
 */
export function quotesItem(view: MarketView, asset: Asset, nowMs: number) {
  const item = cmcItem(view, asset, nowMs);
  return {
    id: item.id,
    name: item.name,
    symbol: item.symbol,
    slug: item.slug,
    num_market_pairs: item.num_market_pairs,
    date_added: item.date_added,
    tags: item.tags.map((slug) => ({ slug, ...(TAG_DETAILS[slug] ?? { name: slug, category: "OTHERS" }) })),
    max_supply: item.max_supply,
    circulating_supply: item.circulating_supply,
    total_supply: item.total_supply,
    is_active: 1,
    infinite_supply: item.infinite_supply,
    platform: item.platform,
    cmc_rank: item.cmc_rank,
    is_fiat: 0,
    self_reported_circulating_supply: item.self_reported_circulating_supply,
    self_reported_market_cap: item.self_reported_market_cap,
    tvl_ratio: item.tvl_ratio,
    last_updated: item.last_updated,
    quote: item.quote,
  };
}
