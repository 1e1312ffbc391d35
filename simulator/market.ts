/**
 * The market state: a pure function of (seed, ticks, swaps in order). Each tick draws the same
 * number of values per asset from a generator seeded by (seed, tick), so replaying the same calls
 * on a fresh Market gives bit-identical prices. Nothing here reads the clock.
 */
import type { Asset } from "./asset";
import { normal, PURPOSE, rngFor } from "./prng";
import { buildUniverse, type Universe } from "./universe";

export type ToplistKind = "totalvolfull" | "mktcapfull";

/** Weak pull towards the base price: keeps a long demo's ranking recognizable. */
const PRICE_REVERSION = 0.0001;
/** Volume is noisier and reverts faster, so neighbours in the volume ranking swap now and then. */
const VOLUME_REVERSION = 0.01;
const VOLUME_SIGMA = 0.02;
/** Each provider's price sits within ±0.2% of the asset's price, so the two differ by < 0.5%. */
const BASIS_SPREAD = 0.004;

export interface SwapResult {
  list: ToplistKind;
  coins: { symbol: string; ccId: string; oldRank: number; newRank: number }[];
}

export interface RenameResult {
  ccId: string;
  /** The coin's names before the rename, so a caller can put them back. */
  previous: { name: string; symbol: string };
  name: string;
  symbol: string;
}

export interface SkewResult {
  symbol: string;
  ccId: string;
  /** The provider whose price moved, and by how many percent from the asset's price. */
  provider: "cryptocompare" | "coinmarketcap";
  pct: number;
}

export class Market {
  readonly seed: number;
  readonly universe: Universe;
  readonly assets: readonly Asset[];
  private tickCount = 0;
  /** Changes on every tick and swap; views are cached per version. */
  private stateVersion = 0;
  private readonly logPrice: Float64Array;
  private readonly logVolume: Float64Array;
  private readonly anchorLogVolume: Float64Array;
  private readonly supplyScale: Float64Array;
  private readonly ccBasis: Float64Array;
  private readonly cmcBasis: Float64Array;
  /** Skews set through /_sim/skew, by asset index: they outlast every tick until set back to 0. */
  private readonly skews = new Map<number, Partial<Record<SkewResult["provider"], number>>>();
  private readonly rankingCache = new Map<string, number[]>();

  constructor(seed: number) {
    this.seed = seed;
    this.universe = buildUniverse(seed);
    this.assets = this.universe.assets;
    const n = this.assets.length;
    this.logPrice = Float64Array.from(this.assets, (asset) => Math.log(asset.basePrice));
    this.logVolume = Float64Array.from(this.assets, (asset) => Math.log(asset.baseVolumeUsd));
    this.anchorLogVolume = Float64Array.from(this.logVolume);
    this.supplyScale = new Float64Array(n).fill(1);
    this.ccBasis = new Float64Array(n);
    this.cmcBasis = new Float64Array(n);
    this.drawBases(0);
  }

  get tick(): number {
    return this.tickCount;
  }
  get version(): number {
    return this.stateVersion;
  }

  /** Advances the walk by n ticks. */
  advance(n = 1): void {
    for (let i = 0; i < n; i++) this.step();
  }

  private step(): void {
    this.tickCount += 1;
    const rng = rngFor(this.seed, PURPOSE.tick, this.tickCount);
    const shocks = new Float64Array(this.assets.length);
    for (const asset of this.assets) {
      const i = asset.index;
      // Always draw the same count per asset, whatever it uses, so streams never shift.
      const own = normal(rng);
      const volumeShock = normal(rng);
      shocks[i] = own;
      const leader = asset.walkWith === null ? asset : this.assets[asset.walkWith];
      const shock = asset.walkWith === null ? own : (shocks[asset.walkWith] ?? own);
      const sigma = leader?.sigma ?? asset.sigma;
      const logBase = Math.log(asset.basePrice);
      const logPrice = this.logPrice[i] ?? logBase;
      this.logPrice[i] = logPrice + PRICE_REVERSION * (logBase - logPrice) + sigma * shock;
      const logVolume = this.logVolume[i] ?? 0;
      const anchor = this.anchorLogVolume[i] ?? logVolume;
      this.logVolume[i] = logVolume + VOLUME_REVERSION * (anchor - logVolume) + VOLUME_SIGMA * volumeShock;
    }
    this.drawBases(this.tickCount);
    this.changed();
  }

  private drawBases(tick: number): void {
    const rng = rngFor(this.seed, PURPOSE.tick, tick, 1);
    for (const asset of this.assets) {
      this.ccBasis[asset.index] = (rng() - 0.5) * BASIS_SPREAD;
      this.cmcBasis[asset.index] = (rng() - 0.5) * BASIS_SPREAD;
    }
  }

  private changed(): void {
    this.stateVersion += 1;
    this.rankingCache.clear();
  }

  private midPrice(asset: Asset): number {
    return Math.exp(this.logPrice[asset.index] ?? Math.log(asset.basePrice));
  }

  ccPrice(asset: Asset): number {
    const skew = this.skews.get(asset.index)?.cryptocompare;
    return this.midPrice(asset) * (1 + (skew ?? this.ccBasis[asset.index] ?? 0));
  }

  cmcPrice(asset: Asset): number {
    const skew = this.skews.get(asset.index)?.coinmarketcap;
    return this.midPrice(asset) * (1 + (skew ?? this.cmcBasis[asset.index] ?? 0));
  }

  /** Supplies scale together: a market-cap swap changes supply, never price. */
  private scale = (asset: Asset) => this.supplyScale[asset.index] ?? 1;
  circulatingSupply = (asset: Asset) => asset.circulatingSupply * this.scale(asset);
  totalSupply = (asset: Asset) => asset.totalSupply * this.scale(asset);
  maxSupply = (asset: Asset) => (asset.maxSupply === null ? null : asset.maxSupply * this.scale(asset));

  /** CryptoCompare's TOTALVOLUME24HTO: the totalvolfull ranking key. */
  ccTotalVolume(asset: Asset): number {
    return Math.exp(this.logVolume[asset.index] ?? 0);
  }

  cmcVolume(asset: Asset): number {
    return this.ccTotalVolume(asset) * asset.cmcVolumeFactor;
  }

  /** How far volume sits from its anchor, in percent: CoinMarketCap's volume_change_24h. */
  volumeChangePct(asset: Asset): number {
    return (Math.exp((this.logVolume[asset.index] ?? 0) - (this.anchorLogVolume[asset.index] ?? 0)) - 1) * 100;
  }

  ccMarketCap(asset: Asset): number {
    return this.ccPrice(asset) * this.circulatingSupply(asset);
  }

  cmcMarketCap(asset: Asset): number {
    return this.cmcPrice(asset) * this.circulatingSupply(asset);
  }

  /** Assets CryptoCompare ranks (sponsored excluded), best first. */
  ccRanking(kind: ToplistKind): Asset[] {
    const key = (asset: Asset) => (kind === "totalvolfull" ? this.ccTotalVolume(asset) : this.ccMarketCap(asset));
    return this.ranked(`cc:${kind}`, (asset) => asset.cc !== null && !asset.sponsored, key);
  }

  /** Assets CoinMarketCap lists, by market cap, best first. */
  cmcRanking(): Asset[] {
    return this.ranked(
      "cmc",
      (asset) => asset.cmc !== null,
      (asset) => this.cmcMarketCap(asset),
    );
  }

  sponsoredAssets(): Asset[] {
    return this.assets.filter((asset) => asset.sponsored && asset.cc !== null);
  }

  private ranked(cacheKey: string, include: (asset: Asset) => boolean, key: (asset: Asset) => number): Asset[] {
    let order = this.rankingCache.get(cacheKey);
    if (!order) {
      const values = this.assets.map(key);
      order = this.assets
        .filter(include)
        .map((asset) => asset.index)
        .sort((a, b) => (values[b] ?? 0) - (values[a] ?? 0) || a - b);
      this.rankingCache.set(cacheKey, order);
    }
    return order.map((index) => this.assets[index] as Asset);
  }

  /**
   * Swaps the coins at two 1-based CryptoCompare ranks by exchanging the ranking quantity itself
   * (volume and its anchor, or market cap through supply), so the swap is real in every field
   * derived from it and lasts until the walk moves the coins again.
   */
  swap(kind: ToplistKind, rankA: number, rankB: number): SwapResult {
    const ranking = this.ccRanking(kind);
    const a = ranking[rankA - 1];
    const b = ranking[rankB - 1];
    if (!a || !b) throw new RangeError(`ranks must be between 1 and ${ranking.length}`);
    if (kind === "totalvolfull") {
      exchange(this.logVolume, a.index, b.index);
      exchange(this.anchorLogVolume, a.index, b.index);
    } else {
      const capA = this.ccMarketCap(a);
      const capB = this.ccMarketCap(b);
      this.supplyScale[a.index] = capB / this.ccPrice(a) / a.circulatingSupply;
      this.supplyScale[b.index] = capA / this.ccPrice(b) / b.circulatingSupply;
    }
    this.changed();
    const after = this.ccRanking(kind);
    const coins = [
      { asset: a, oldRank: rankA },
      { asset: b, oldRank: rankB },
    ].map(({ asset, oldRank }) => ({
      symbol: asset.cc?.name ?? "",
      ccId: asset.cc?.id ?? "",
      oldRank,
      newRank: after.indexOf(asset) + 1,
    }));
    return { list: kind, coins };
  }

  /**
   * Sets one provider's price for the coin at a 1-based CryptoCompare rank to `pct` percent off
   * the asset's price, so the two providers disagree as far as a test or a demonstration needs.
   * The skew stays through every tick until the same call with 0 clears it (the provider's price
   * then follows its usual small spread again). CoinGecko reports CoinMarketCap's price, so
   * "coinmarketcap" moves both.
   */
  skew(kind: ToplistKind, rank: number, provider: SkewResult["provider"], pct: number): SkewResult {
    const asset = this.ccRanking(kind)[rank - 1];
    if (!asset) throw new RangeError(`rank must be between 1 and ${this.ccRanking(kind).length}`);
    const skews = { ...this.skews.get(asset.index) };
    if (pct === 0) delete skews[provider];
    else skews[provider] = pct / 100;
    if (Object.keys(skews).length === 0) this.skews.delete(asset.index);
    else this.skews.set(asset.index, skews);
    this.changed();
    return { symbol: asset.cc?.name ?? "", ccId: asset.cc?.id ?? "", provider, pct };
  }

  /**
   * Renames the coin at a 1-based CryptoCompare rank at every provider: CryptoCompare's FullName
   * and CoinMarketCap's (so also CoinGecko's) name, and with `symbol` the symbol at both, so the
   * merge still pairs them. Tests use it to send a hostile name through the whole stack.
   */
  rename(kind: ToplistKind, rank: number, name: string, symbol?: string): RenameResult {
    const asset = this.ccRanking(kind)[rank - 1];
    const cc = asset?.cc;
    if (!asset || !cc) throw new RangeError(`rank must be between 1 and ${this.ccRanking(kind).length}`);
    if (symbol !== undefined && this.assets.some((other) => other !== asset && other.cc?.name === symbol)) {
      throw new RangeError(`another CryptoCompare coin already has the symbol ${symbol}`);
    }
    const previous = { name: cc.fullName, symbol: cc.name };
    cc.fullName = name;
    if (asset.cmc) asset.cmc.name = name;
    if (symbol !== undefined) {
      cc.name = symbol;
      if (asset.cmc) asset.cmc.symbol = symbol;
    }
    this.changed();
    return { ccId: cc.id, previous, name, symbol: cc.name };
  }
}

function exchange(values: Float64Array, i: number, j: number): void {
  const held = values[i] ?? 0;
  values[i] = values[j] ?? 0;
  values[j] = held;
}
