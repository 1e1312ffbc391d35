/**
 * The designed hard cases, all ranked inside the CryptoCompare top 200 by volume. Identity is
 * decided on evidence: a definitive signal (the same token contract on the same chain) or two
 * supporting ones (the symbol without CryptoCompare's trailing `*`; name or slug agreement ignoring
 * words like Token/Coin/Network/Protocol, or one name's words inside the other's; same-minute market
 * agreement), and a contradiction (prices ≥10× apart; names with no word in common while only the
 * symbol agrees; a market cap of 0 against a real one) blocks a link. Each case catches a mistake:
 * - HOT: CryptoCompare's HOT is Holo; CoinMarketCap lists three HOT. Hot Token's cap is within a
 *   factor of 2 of Holo's on purpose, so a "closest market cap" rule picks the wrong one (2682).
 * - HOT* (starred ticker): CryptoCompare's second HOT, Hydro Protocol, is "HOT*". A client that
 *   keeps the star finds no symbol; one that drops the star but ignores names takes Holo (2430).
 * - IOT vs MIOTA: one asset under two symbols; name and market find 1720 without any override.
 * - WINGS: ranked, not listed at CoinMarketCap → no price.
 * - ABC: two CoinMarketCap ABCs whose names share no word with "Alpha Beta Coin", both caps within
 *   a factor of 2: only the symbol agrees, so neither is that asset → not listed (a symbol-plus-cap
 *   rule would call it ambiguous, or worse, pick one).
 * - unique-symbol trap (ARDL): exactly one CoinMarketCap listing uses the symbol and it is another
 *   asset (no common word, market cap 0, price 27× away) → not listed. Catches "one listing with
 *   that symbol, so it must be the one".
 * - rebrand across symbols (VNT → VLR): one asset, the old ticker at CryptoCompare, the new one at
 *   CoinMarketCap; only name/slug and market link it. Catches symbol-only joins.
 * - contract only (NMB = STRX): names and symbols both differ; only the shared Ethereum contract
 *   (in another letter case) links it. Catches case-sensitive or name-first matching.
 * - deep coin (TDW): ~150th by volume, ~670th by market cap; beyond any listings depth a client
 *   would fetch, so it is only priced when the client asks for it by id.
 * - a coin at ~0.00000012 USD, a ranked coin without a USD market (no RAW/DISPLAY) and the
 *   sponsored coin that must never enter the ranking.
 * Linked coins reuse the price shocks of their counterpart (walkWith), so these cap and price
 * ratios hold however long the simulator runs.
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

/** Keys of the designed assets (Asset.key), for tests that look them up. */
export const HARD_CASE_KEYS = {
  holo: "holo",
  hydro: "hydro-protocol",
  hotToken: "hot-token",
  iota: "iota",
  wings: "wings",
  abc: "alpha-beta-coin",
  trap: "ardent-ledger",
  trapListing: "pixelburst",
  rebrand: "velora",
  contractOnly: "nimbus-bridge",
  deep: "tidewell",
} as const;

/** Designed prices: the trap's CoinMarketCap listing sits TRAP_PRICE_RATIO times below the coin. */
export const TRAP_PRICE_RATIO = 27;
/** Target CoinMarketCap ranks (by market cap) of the designed listings placed by cap. */
export const DEEP_CMC_RANK = 670;
export const TRAP_CMC_RANK = 300;

interface Placement {
  asset: Asset;
  /** Target position in the CryptoCompare volume ranking (before the designed coins are counted). */
  volumeRank: number;
  /** Volume ÷ market cap; absent when the market cap is set otherwise (a cap ratio or a CMC rank). */
  turnover?: number;
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

  const holo = add({ key: HARD_CASE_KEYS.holo, basePrice: 0.0021 });
  holo.cc = ccListing(holo.index, "HOT", "Holo");
  holo.cmc = cmcListing(HARD_CASE_IDS.holoCmc, "HOT", "Holo", true, "holo");
  // Starred ticker: CryptoCompare lists Hydro Protocol as "HOT*" (its second HOT).
  const hydro = add({ key: HARD_CASE_KEYS.hydro, basePrice: 0.00062, walkWith: holo.index });
  hydro.cc = ccListing(hydro.index, "HOT*", "Hydro Protocol");
  hydro.cmc = cmcListing(HARD_CASE_IDS.hydroCmc, "HOT", "Hydro Protocol", true);
  const hotToken = add({ key: HARD_CASE_KEYS.hotToken, basePrice: 0.0143, walkWith: holo.index });
  hotToken.cmc = cmcListing(syntheticCmcId(hotToken.index), "HOT", "Hot Token", true);

  const iota = add({ key: HARD_CASE_KEYS.iota, basePrice: 0.2812 });
  iota.cc = ccListing(iota.index, "IOT", "IOTA");
  iota.cmc = cmcListing(HARD_CASE_IDS.iotaCmc, "MIOTA", "IOTA", false, "iota");

  const wings = add({ key: HARD_CASE_KEYS.wings, basePrice: 0.0043, expected: "not_listed" });
  wings.cc = ccListing(wings.index, "WINGS", "Wings");

  // Both CoinMarketCap ABCs share only the symbol with "Alpha Beta Coin": neither is that asset.
  const abc = add({ key: HARD_CASE_KEYS.abc, basePrice: 1.73, expected: "not_listed" });
  abc.cc = ccListing(abc.index, "ABC", "Alpha Beta Coin");
  const abcToken = add({ key: "abc-token", basePrice: 0.92, walkWith: abc.index });
  abcToken.cmc = cmcListing(syntheticCmcId(abcToken.index), "ABC", "ABC Token", true);
  const alphaBetaChain = add({ key: "alphabeta-chain", basePrice: 3.18, walkWith: abc.index });
  alphaBetaChain.cmc = cmcListing(syntheticCmcId(alphaBetaChain.index), "ABC", "AlphaBeta Chain", false);

  // Unique-symbol trap: the one CoinMarketCap ARDL is another asset with an unverified supply.
  const trap = add({ key: HARD_CASE_KEYS.trap, basePrice: 0.84, expected: "not_listed" });
  trap.cc = ccListing(trap.index, "ARDL", "Ardent Ledger");
  const trapListing = add({
    key: HARD_CASE_KEYS.trapListing,
    basePrice: trap.basePrice / TRAP_PRICE_RATIO,
    walkWith: trap.index,
  });
  trapListing.cmc = {
    ...cmcListing(syntheticCmcId(trapListing.index), "ARDL", "Pixelburst", true),
    unverifiedSupply: true,
  };

  // Rebrand across symbols: old name and ticker at CryptoCompare, new ones at CoinMarketCap.
  const rebrand = add({ key: HARD_CASE_KEYS.rebrand, basePrice: 4.27 });
  rebrand.cc = ccListing(rebrand.index, "VNT", "Velora Network Token");
  rebrand.cmc = cmcListing(syntheticCmcId(rebrand.index), "VLR", "Velora", false, "velora");

  // Contract only: one Ethereum token, nothing else in common; CryptoCompare lower-cases the address.
  const contractOnly = add({ key: HARD_CASE_KEYS.contractOnly, basePrice: 0.0734 });
  contractOnly.cc = { ...ccListing(contractOnly.index, "NMB", "Nimbus Bridge"), lowerCaseContract: true };
  contractOnly.cmc = cmcListing(syntheticCmcId(contractOnly.index), "STRX", "Stratus", true, "stratus");
  // The two spellings must really differ: a checksum without an upper-case letter would not test it.
  while (contractOnly.cmc.platform?.token_address === contractOnly.cmc.platform?.token_address.toLowerCase()) {
    contractOnly.cmc = cmcListing(contractOnly.cmc.id, "STRX", "Stratus", true, "stratus");
  }

  // Deep coin: a heavily traded small cap, far below the listings depth at CoinMarketCap.
  const deep = add({ key: HARD_CASE_KEYS.deep, basePrice: 0.57 });
  deep.cc = ccListing(deep.index, "TDW", "Tidewell");
  deep.cmc = cmcListing(syntheticCmcId(deep.index), "TDW", "Tidewell", false, "tidewell");

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
    { asset: rebrand, volumeRank: 70, turnover: 0.1 },
    { asset: wings, volumeRank: 80, turnover: 0.1 },
    { asset: trap, volumeRank: 90, turnover: 0.1 },
    { asset: abc, volumeRank: 100, turnover: 0.1 },
    { asset: noUsdMarket, volumeRank: 115, turnover: 0.07 },
    { asset: contractOnly, volumeRank: 125, turnover: 0.12 },
    { asset: deep, volumeRank: 135 },
    { asset: hydro, volumeRank: 150 },
  ];
  const linked: [Asset, Asset, number][] = [
    [hydro, holo, 0.03],
    [hotToken, holo, 0.6],
    [abcToken, abc, 0.75],
    [alphaBetaChain, abc, 1.4],
  ];
  /** Listings placed by their CoinMarketCap rank (by market cap) rather than by volume. */
  const byCmcRank: [Asset, number][] = [
    [trapListing, TRAP_CMC_RANK],
    [deep, DEEP_CMC_RANK],
  ];

  return {
    /** Sets volumes and caps once the synthetic volume distribution is known. */
    place(volumesDesc: number[]) {
      const volumeAt = (rank: number) => {
        const above = volumesDesc[rank - 2] ?? 0;
        const below = volumesDesc[rank - 1] ?? above;
        return Math.sqrt(above * below);
      };
      for (const { asset, volumeRank, turnover } of placements) {
        asset.baseVolumeUsd = volumeAt(volumeRank);
        if (turnover !== undefined) setSupply(asset, asset.baseVolumeUsd / turnover, null);
      }
      for (const [asset, counterpart, capRatio] of linked) {
        setSupply(asset, counterpart.basePrice * counterpart.circulatingSupply * capRatio, null);
        // A coin CryptoCompare ranks keeps its placed volume; the others trade 5% of their cap a day.
        if (asset.baseVolumeUsd === 0) asset.baseVolumeUsd = asset.basePrice * asset.circulatingSupply * 0.05;
      }
      const placedByRank = new Set(byCmcRank.map(([asset]) => asset));
      const capsDesc = assets
        .filter((asset) => asset.cmc !== null && !placedByRank.has(asset))
        .map((asset) => asset.basePrice * asset.circulatingSupply)
        .sort((a, b) => b - a);
      for (const [asset, rank] of byCmcRank) {
        const above = capsDesc[rank - 2] ?? 0;
        const below = capsDesc[rank - 1] ?? above;
        setSupply(asset, Math.sqrt(above * below), null);
        if (asset.baseVolumeUsd === 0) asset.baseVolumeUsd = asset.basePrice * asset.circulatingSupply * 0.03;
      }
    },
  };
}

function setSupply(asset: Asset, marketCap: number, maxSupply: number | null): void {
  asset.circulatingSupply = marketCap / asset.basePrice;
  asset.totalSupply = Math.min(asset.circulatingSupply * 1.04, maxSupply ?? Number.POSITIVE_INFINITY);
  asset.maxSupply = maxSupply;
}
