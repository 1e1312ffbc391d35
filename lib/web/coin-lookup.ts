// Finds a coin's row in the served view by its stable Top Coins id, or by the ranking provider's
// id that coin pages used before stable ids (so old links still lead to the coin). An index per
// merged view: built on first use, then a lookup.
import type { MergedRow } from "../domain/merge";
import type { PriceQuote } from "../domain/types";
import type { MergedSnapshots } from "./view";

interface RowIndex {
  byId: Map<string, MergedRow>;
  byRankingId: Map<string, MergedRow>;
  /** Every row of a symbol, upper case, in rank order: a symbol may name several coins. */
  bySymbol: Map<string, MergedRow[]>;
}

const indexes = new WeakMap<MergedSnapshots, RowIndex>();

function indexOf(merged: MergedSnapshots): RowIndex {
  let index = indexes.get(merged);
  if (!index) {
    index = { byId: new Map(), byRankingId: new Map(), bySymbol: new Map() };
    for (const row of merged.rows) {
      index.byId.set(row.id, row);
      index.byRankingId.set(row.rankingId, row);
      const symbol = row.symbol.toUpperCase();
      const shared = index.bySymbol.get(symbol);
      if (shared) shared.push(row);
      else index.bySymbol.set(symbol, [row]);
    }
    indexes.set(merged, index);
  }
  return index;
}

export type CoinMatch = { row: MergedRow; by: "id" | "ranking_id" } | null;

/** The row of a stable id, or of a ranking provider's id (`by: "ranking_id"`: answer with a redirect). */
export function findCoin(merged: MergedSnapshots, id: string): CoinMatch {
  const index = indexOf(merged);
  const row = index.byId.get(id);
  if (row) return { row, by: "id" };
  const old = index.byRankingId.get(id);
  return old ? { row: old, by: "ranking_id" } : null;
}

/** The rows whose symbol is `symbol`, any case, in rank order (none, one, or several coins). */
export function findBySymbol(merged: MergedSnapshots, symbol: string): readonly MergedRow[] {
  return indexOf(merged).bySymbol.get(symbol.toUpperCase()) ?? [];
}

/** A coin of the price list that the ranking does not hold (ranked below the depth, or never). */
export interface UnrankedCoin {
  quote: PriceQuote;
  provider: string;
  /** Its stable id when the registry links its listing to an asset; null when never linked. */
  assetId: string | null;
}

/** The price list's coins by stable id and by `<pricing provider>:<its id>`, beside the ranked rows. */
interface ListedIndex {
  unrankedById: Map<string, UnrankedCoin>;
  /** `<provider>:<id>` → a ranked row's stable id (answer with a redirect) or an unranked coin. */
  byProviderKey: Map<string, string | UnrankedCoin>;
}

const listedIndexes = new WeakMap<MergedSnapshots, ListedIndex>();

function listedIndexOf(merged: MergedSnapshots): ListedIndex {
  let index = listedIndexes.get(merged);
  if (index) return index;
  index = { unrankedById: new Map(), byProviderKey: new Map() };
  const pricing = merged.pricing;
  if (pricing) {
    const rowByPricingId = new Map<string, MergedRow>();
    for (const row of merged.rows) if (row.pricingId !== null) rowByPricingId.set(row.pricingId, row);
    const ranked = indexOf(merged).byId;
    // The registry's word on which asset holds each of the pricing provider's listings.
    const assetOfListing = new Map<string, string>();
    for (const [assetId, links] of merged.assetLinks) {
      for (const link of links) if (link.provider === pricing.provider) assetOfListing.set(link.providerId, assetId);
    }
    for (const quote of pricing.quotes) {
      const key = `${pricing.provider}:${quote.providerId}`;
      const row = rowByPricingId.get(quote.providerId);
      const assetId = assetOfListing.get(quote.providerId) ?? null;
      // A listing that prices a ranked row, or whose asset is ranked (unpriced this time), is that row.
      const rankedId = row?.id ?? (assetId !== null && ranked.has(assetId) ? assetId : null);
      if (rankedId !== null) {
        index.byProviderKey.set(key, rankedId);
        continue;
      }
      const coin: UnrankedCoin = { quote, provider: pricing.provider, assetId };
      index.byProviderKey.set(key, coin);
      if (assetId !== null) index.unrankedById.set(assetId, coin);
    }
  }
  listedIndexes.set(merged, index);
  return index;
}

/** `<provider>:<provider's id>`, the name of a coin that may have no stable id. */
export const PROVIDER_KEY = /^(coinmarketcap|coingecko|cryptocompare):([A-Za-z0-9._-]{1,128})$/;

export type ListedMatch = { coin: UnrankedCoin } | { redirectTo: string } | null;

/**
 * A coin outside the ranked rows: by stable id when the registry links it, or by
 * `<pricing provider>:<its id>` (a linked or ranked coin's key redirects to its stable id).
 */
export function findListed(merged: MergedSnapshots, id: string): ListedMatch {
  const index = listedIndexOf(merged);
  const byId = index.unrankedById.get(id);
  if (byId) return { coin: byId };
  const byKey = index.byProviderKey.get(id);
  if (byKey === undefined) return null;
  if (typeof byKey === "string") return { redirectTo: byKey };
  return byKey.assetId === null ? { coin: byKey } : { redirectTo: byKey.assetId };
}
