/**
 * Read-side helpers over a Market: rank lookups and totals that every response needs, cached
 * per market version so a 5000-coin listing does not re-sort per item.
 */
import type { Asset } from "./asset";
import { HistoryShapes, type RecentMoves, recentMoves } from "./history";
import type { Market, ToplistKind } from "./market";

export class MarketView {
  readonly shapes: HistoryShapes;
  private cachedVersion = -1;
  private cmcRanks = new Map<number, number>();
  private totalCap = 0;

  constructor(readonly market: Market) {
    this.shapes = new HistoryShapes(market.seed);
  }

  private refresh(): void {
    if (this.cachedVersion === this.market.version) return;
    const ranking = this.market.cmcRanking();
    this.cmcRanks = new Map(ranking.map((asset, i) => [asset.index, i + 1]));
    this.totalCap = ranking.reduce((sum, asset) => sum + this.cmcReportedMarketCap(asset), 0);
    this.cachedVersion = this.market.version;
  }

  /** 1-based CoinMarketCap rank (by market cap), whatever order a listing was sorted in. */
  cmcRank(asset: Asset): number {
    this.refresh();
    return this.cmcRanks.get(asset.index) ?? 0;
  }

  /**
   * The market cap CoinMarketCap serves: 0 for a listing whose supply it does not vouch for (it
   * still ranks by the self-reported cap, market.cmcMarketCap).
   */
  cmcReportedMarketCap(asset: Asset): number {
    return asset.cmc?.unverifiedSupply ? 0 : this.market.cmcMarketCap(asset);
  }

  /** The circulating supply CoinMarketCap serves: 0 when it does not vouch for it. */
  cmcReportedSupply(asset: Asset): number {
    return asset.cmc?.unverifiedSupply ? 0 : this.market.circulatingSupply(asset);
  }

  cmcTotalMarketCap(): number {
    this.refresh();
    return this.totalCap;
  }

  ccRanking(kind: ToplistKind): Asset[] {
    return this.market.ccRanking(kind);
  }
}

export function recentMovesFor(view: MarketView, asset: Asset, price: number): RecentMoves {
  return recentMoves(view.shapes, asset, price);
}
