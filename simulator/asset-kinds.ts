/**
 * Stablecoins and a wrapped token in the simulated universe, so `exclude=stablecoins,wrapped` has
 * something to leave out. Chosen by a fixed rule among the synthetic coins both providers list
 * (by CryptoCompare volume, the ranking's order: the 3rd and 10th become stablecoins, the 6th a
 * wrapped token), so every seed has them inside the top 20 and no random draw moves. Each keeps its
 * market cap; a stablecoin trades near $1 and barely moves, the wrapped token walks with Bitcoin
 * near its price. CoinMarketCap tags them as it tags such coins today; CoinGecko lists them under
 * its `stablecoins` and `wrapped-tokens` categories.
 */
import type { Asset, AssetKind } from "./asset";

const STABLECOIN_POSITIONS = [3, 10];
const WRAPPED_POSITIONS = [6];

const TAGS: Record<AssetKind, string[][]> = {
  stablecoin: [
    ["stablecoin", "asset-backed-stablecoin", "usd-stablecoin", "fiat-stablecoin", "payments"],
    ["stablecoin", "algorithmic-stablecoin", "usd-stablecoin", "defi"],
  ],
  wrapped: [["wrapped-tokens", "defi"]],
};

/** CoinGecko's category id for each kind (`/coins/markets?category=`). */
export const CG_CATEGORY_OF: Record<string, AssetKind> = { stablecoins: "stablecoin", "wrapped-tokens": "wrapped" };

export function designateKinds(assets: Asset[], bitcoinIndex: number): void {
  const bitcoin = assets[bitcoinIndex];
  if (!bitcoin) throw new Error("the universe has no Bitcoin");
  const synthetic = assets
    .filter((asset) => asset.key.startsWith("asset-") && asset.cc !== null && asset.cmc !== null)
    .sort((a, b) => b.baseVolumeUsd - a.baseVolumeUsd);
  const mark = (positions: number[], kind: AssetKind) =>
    positions.forEach((position, n) => {
      const asset = synthetic[position - 1];
      if (!asset?.cmc) throw new Error(`no synthetic coin at volume position ${position}`);
      const cap = asset.basePrice * asset.circulatingSupply;
      const price = kind === "stablecoin" ? 1.0002 : bitcoin.basePrice * 0.9994;
      const scale = asset.basePrice / price;
      asset.kind = kind;
      asset.cmc.tags = TAGS[kind][n % TAGS[kind].length] ?? [];
      asset.basePrice = price;
      asset.circulatingSupply = cap / price;
      asset.totalSupply *= scale;
      asset.maxSupply = asset.maxSupply === null ? null : asset.maxSupply * scale;
      if (kind === "stablecoin") asset.sigma = 0.00004;
      else asset.walkWith = bitcoinIndex;
    });
  mark(STABLECOIN_POSITIONS, "stablecoin");
  mark(WRAPPED_POSITIONS, "wrapped");
}
