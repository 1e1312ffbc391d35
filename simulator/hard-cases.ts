/**
 * The designed hard cases. Each one exists to catch a specific merge mistake:
 * - HOT: CryptoCompare's HOT is Holo; CoinMarketCap lists three HOT. Hot Token's cap is within a
 *   factor of 2 of Holo's on purpose, so only the name rule gives the right answer (2682).
 * - IOT vs MIOTA: the same asset under different symbols; only the name rule finds 1720.
 * - WINGS: ranked, not listed at CoinMarketCap → no price.
 * - ABC: two CoinMarketCap ABCs with other names, both caps within a factor of 2 → ambiguous.
 * - a coin at ~0.00000012 USD, a ranked coin without a USD market (no RAW/DISPLAY) and the
 *   sponsored coin that must never enter the ranking.
 * Linked coins reuse the price shocks of their counterpart (walkWith), so these cap ratios hold
 * however long the simulator runs.
 */
import {
  type Asset,
  type CoinMarketCapListing,
  makeCcListing,
  makeCmcListing,
  syntheticCcId,
  syntheticCmcId,
} from "./asset";
import type { NameRegistry } from "./names";
import { PURPOSE, rngFor } from "./prng";

export const HARD_CASE_IDS = {
  bitcoinCmc: 1,
  ethereumCmc: 1027,
  holoCmc: 2682,
  hydroCmc: 2430,
  iotaCmc: 1720,
} as const;

interface Placement {
  asset: Asset;
  /** Target position in the CryptoCompare volume ranking (before the designed coins are counted). */
  volumeRank: number;
  turnover: number;
}

export function addHardCases(assets: Asset[], names: NameRegistry, seed: number) {
  const rng = rngFor(seed, PURPOSE.details);
  const add = (fields: Partial<Asset> & Pick<Asset, "key" | "basePrice">): Asset => {
    const asset: Asset = {
      index: assets.length,
      cc: null,
      cmc: null,
      sponsored: false,
      expected: "priced",
      circulatingSupply: 1,
      totalSupply: 1,
      maxSupply: null,
      baseVolumeUsd: 0,
      sigma: 0.0012,
      cmcVolumeFactor: 0.9,
      walkWith: null,
      ...fields,
    };
    assets.push(asset);
    return asset;
  };
  const cmcListing = (
    id: number,
    symbol: string,
    name: string,
    token: boolean,
    slug?: string,
  ): CoinMarketCapListing => {
    names.reserve(symbol, name);
    return makeCmcListing(rng, id, symbol, name, token, slug);
  };
  const ccListing = (
    index: number,
    symbol: string,
    name: string,
    id = syntheticCcId(index),
    imageId = 37_740_000 + index,
  ) => {
    names.reserve(symbol, name);
    return makeCcListing(rng, id, symbol, name, imageId);
  };

  const bitcoin = add({ key: "bitcoin", basePrice: 90_176.22, sigma: 0.0006, cmcVolumeFactor: 1.38 });
  bitcoin.cc = { ...ccListing(0, "BTC", "Bitcoin", "1182", 37_746_251), algorithm: "SHA-256", proofType: "PoW" };
  bitcoin.cc.launchDate = "2009-01-03";
  bitcoin.cmc = { ...cmcListing(1, "BTC", "Bitcoin", false), dateAdded: "2010-07-13T00:00:00.000Z" };
  setSupply(bitcoin, 19_970_762 * bitcoin.basePrice, 21_000_000);
  bitcoin.totalSupply = bitcoin.circulatingSupply;
  bitcoin.baseVolumeUsd = 30e9;

  const ethereum = add({ key: "ethereum", basePrice: 3_105.48, sigma: 0.0009, cmcVolumeFactor: 1.2 });
  ethereum.cc = { ...ccListing(1, "ETH", "Ethereum", "7605", 37_746_238), algorithm: "Ethash", proofType: "PoS" };
  ethereum.cmc = { ...cmcListing(1027, "ETH", "Ethereum", false), dateAdded: "2015-08-07T00:00:00.000Z" };
  setSupply(ethereum, 120_703_338.828 * ethereum.basePrice, null);
  ethereum.baseVolumeUsd = 22e9;

  const holo = add({ key: "holo", basePrice: 0.0021 });
  holo.cc = ccListing(holo.index, "HOT", "Holo");
  holo.cmc = cmcListing(HARD_CASE_IDS.holoCmc, "HOT", "Holo", true, "holo");
  const hydro = add({ key: "hydro-protocol", basePrice: 0.00062, walkWith: holo.index });
  hydro.cmc = cmcListing(HARD_CASE_IDS.hydroCmc, "HOT", "Hydro Protocol", true);
  const hotToken = add({ key: "hot-token", basePrice: 0.0143, walkWith: holo.index });
  hotToken.cmc = cmcListing(syntheticCmcId(hotToken.index), "HOT", "Hot Token", true);

  const iota = add({ key: "iota", basePrice: 0.2812 });
  iota.cc = ccListing(iota.index, "IOT", "IOTA");
  iota.cmc = cmcListing(HARD_CASE_IDS.iotaCmc, "MIOTA", "IOTA", false, "iota");

  const wings = add({ key: "wings", basePrice: 0.0043, expected: "not_listed" });
  wings.cc = ccListing(wings.index, "WINGS", "Wings");

  const abc = add({ key: "alpha-beta-coin", basePrice: 1.73, expected: "ambiguous" });
  abc.cc = ccListing(abc.index, "ABC", "Alpha Beta Coin");
  const abcToken = add({ key: "abc-token", basePrice: 0.92, walkWith: abc.index });
  abcToken.cmc = cmcListing(syntheticCmcId(abcToken.index), "ABC", "ABC Token", true);
  const alphaBetaChain = add({ key: "alphabeta-chain", basePrice: 3.18, walkWith: abc.index });
  alphaBetaChain.cmc = cmcListing(syntheticCmcId(alphaBetaChain.index), "ABC", "AlphaBeta Chain", false);

  const freshBoth = (key: string, basePrice: number, hasUsdMarket = true): Asset => {
    const asset = add({ key, basePrice });
    const { name, symbol } = names.fresh(rng);
    asset.cc = {
      ...makeCcListing(rng, syntheticCcId(asset.index), symbol, name, 37_740_000 + asset.index),
      hasUsdMarket,
    };
    asset.cmc = makeCmcListing(rng, syntheticCmcId(asset.index), symbol, name, true);
    return asset;
  };
  const tiny = freshBoth("sub-cent", 0.00000012);
  tiny.sigma = 0.0015;
  const noUsdMarket = freshBoth("no-usd-market", 0.64, false);
  const sponsored = freshBoth("sponsored", 2.48);
  sponsored.sponsored = true;

  const placements: Placement[] = [
    { asset: sponsored, volumeRank: 8, turnover: 0.1 },
    { asset: holo, volumeRank: 35, turnover: 0.08 },
    { asset: tiny, volumeRank: 45, turnover: 0.15 },
    { asset: iota, volumeRank: 60, turnover: 0.05 },
    { asset: wings, volumeRank: 80, turnover: 0.1 },
    { asset: abc, volumeRank: 100, turnover: 0.1 },
    { asset: noUsdMarket, volumeRank: 115, turnover: 0.07 },
  ];
  const linked: [Asset, Asset, number][] = [
    [hydro, holo, 0.03],
    [hotToken, holo, 0.6],
    [abcToken, abc, 0.75],
    [alphaBetaChain, abc, 1.4],
  ];

  return {
    /** Sets volumes and caps once the synthetic volume distribution is known. */
    place(volumesDesc: number[]) {
      for (const { asset, volumeRank, turnover } of placements) {
        const above = volumesDesc[volumeRank - 2] ?? 0;
        const below = volumesDesc[volumeRank - 1] ?? above;
        asset.baseVolumeUsd = Math.sqrt(above * below);
        setSupply(asset, asset.baseVolumeUsd / turnover, null);
      }
      for (const [asset, counterpart, capRatio] of linked) {
        setSupply(asset, counterpart.basePrice * counterpart.circulatingSupply * capRatio, null);
        asset.baseVolumeUsd = asset.basePrice * asset.circulatingSupply * 0.05;
      }
    },
  };
}

function setSupply(asset: Asset, marketCap: number, maxSupply: number | null): void {
  asset.circulatingSupply = marketCap / asset.basePrice;
  asset.totalSupply = Math.min(asset.circulatingSupply * 1.04, maxSupply ?? Number.POSITIVE_INFINITY);
  asset.maxSupply = maxSupply;
}
