/**
 * The correct merged answer for the current state, known by construction: each ranked coin's
 * CoinMarketCap listing and CoinGecko coin (if any) are the same asset, whatever their names and
 * symbols say; the designed hard cases decide `expected`. Prices are the very numbers
 * listings/latest (and quotes/latest, and CoinGecko's markets) serve at this tick, so a client's
 * output can be compared with ===.
 */
import type { AssetKind, Expected } from "./asset";
import type { ToplistKind } from "./market";
import type { MarketView } from "./market-view";

export interface TruthRow {
  rank: number;
  symbol: string;
  name: string;
  ccId: string;
  /** The CoinMarketCap id of the same asset; null when it is not to be priced. */
  cmcId: number | null;
  /** The CoinGecko id of the same asset (CoinGecko lists what CoinMarketCap lists); null likewise. */
  cgId: string | null;
  priceUsd: number | null;
  expected: Expected;
  /** A designed stablecoin or wrapped token (asset-kinds.ts); null for every other coin. */
  kind: AssetKind | null;
}

export function truthRows(view: MarketView, kind: ToplistKind, limit: number): TruthRow[] {
  return view
    .ccRanking(kind)
    .slice(0, limit)
    .map((asset, i) => {
      const cc = asset.cc;
      if (!cc) throw new Error(`ranked asset ${asset.key} has no CryptoCompare listing`);
      const priced = asset.cmc !== null && asset.expected === "priced";
      return {
        rank: i + 1,
        symbol: cc.name,
        name: cc.fullName,
        ccId: cc.id,
        cmcId: priced ? (asset.cmc?.id ?? null) : null,
        cgId: priced ? (asset.cmc?.slug ?? null) : null,
        priceUsd: priced ? view.market.cmcPrice(asset) : null,
        expected: priced ? "priced" : asset.expected === "priced" ? "not_listed" : asset.expected,
        kind: asset.kind ?? null,
      };
    });
}
