import { describe, expect, it } from "vitest";
import { Market } from "./market";
import { normalizeName } from "./names";

const byKey = (market: Market, key: string) => {
  const asset = market.assets.find((candidate) => candidate.key === key);
  if (!asset) throw new Error(`no asset ${key}`);
  return asset;
};

describe("universe", () => {
  const market = new Market(42);
  const { assets } = market;

  // The registry hard cases added Velora, Nimbus Bridge/Stratus, Tidewell and Hydro's HOT* (both
  // providers), the ARDL trap coin (CryptoCompare only) and Pixelburst (CoinMarketCap only).
  it("has ~725 assets: ~655 at both providers, ~60 only at CoinMarketCap, some only at CryptoCompare", () => {
    expect(assets).toHaveLength(725);
    expect(assets.filter((a) => a.cc && a.cmc)).toHaveLength(654);
    expect(assets.filter((a) => !a.cc && a.cmc)).toHaveLength(60);
    expect(assets.filter((a) => a.cc && !a.cmc)).toHaveLength(11);
  });

  it("keeps identities unique: CC Id and Name, CMC id, and CMC symbols except the designed HOT and ABC", () => {
    const cc = assets.flatMap((a) => (a.cc ? [a.cc] : []));
    const cmc = assets.flatMap((a) => (a.cmc ? [a.cmc] : []));
    expect(new Set(cc.map((c) => c.id)).size).toBe(cc.length);
    expect(new Set(cc.map((c) => c.name)).size).toBe(cc.length);
    expect(new Set(cmc.map((c) => c.id)).size).toBe(cmc.length);
    const counts = new Map<string, number>();
    for (const { symbol } of cmc) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([
      ["HOT", 3],
      ["ABC", 2],
    ]);
    expect(new Set(cmc.map((c) => normalizeName(c.name))).size).toBe(cmc.length);
  });

  it("uses real ids for BTC, ETH and the named hard cases, synthetic ids ≥ 10000 otherwise", () => {
    expect(byKey(market, "bitcoin").cc?.id).toBe("1182");
    expect(byKey(market, "bitcoin").cmc?.id).toBe(1);
    expect(byKey(market, "ethereum").cc?.id).toBe("7605");
    expect(byKey(market, "ethereum").cmc?.id).toBe(1027);
    const real = new Set([1, 1027, 2682, 2430, 1720]);
    for (const asset of assets) {
      if (asset.cmc && !real.has(asset.cmc.id)) expect(asset.cmc.id).toBeGreaterThanOrEqual(10_000);
      if (asset.cc) expect(asset.cc.id).toMatch(/^\d+$/);
    }
  });

  it("depends on the seed", () => {
    const other = new Market(7);
    expect(other.assets.map((a) => a.cc?.name)).not.toEqual(assets.map((a) => a.cc?.name));
    expect(new Market(42).assets.map((a) => a.cc?.name)).toEqual(assets.map((a) => a.cc?.name));
  });
});

describe("market walk", () => {
  it("is a pure function of (seed, ticks, swaps)", () => {
    const a = new Market(42);
    const b = new Market(42);
    a.advance(3);
    a.swap("totalvolfull", 10, 11);
    a.advance(2);
    b.advance(3);
    b.swap("totalvolfull", 10, 11);
    b.advance(2);
    expect(a.assets.map((x) => a.cmcPrice(x))).toEqual(b.assets.map((x) => b.cmcPrice(x)));
    expect(a.ccRanking("totalvolfull").map((x) => x.key)).toEqual(b.ccRanking("totalvolfull").map((x) => x.key));
  });

  it("moves prices every tick and keeps the two providers within 0.5% of each other", () => {
    const market = new Market(42);
    const before = market.assets.map((x) => market.cmcPrice(x));
    for (let t = 0; t < 50; t++) {
      market.advance(1);
      for (const asset of market.assets) {
        const gap = Math.abs(market.ccPrice(asset) / market.cmcPrice(asset) - 1);
        expect(gap).toBeLessThan(0.005);
      }
    }
    const after = market.assets.map((x) => market.cmcPrice(x));
    expect(after.filter((price, i) => price !== before[i]).length).toBe(market.assets.length);
  });

  it("swaps neighbours now and then as volumes move", () => {
    const market = new Market(42);
    const first = market.ccRanking("totalvolfull").map((x) => x.key);
    market.advance(5);
    const later = market.ccRanking("totalvolfull").map((x) => x.key);
    expect(later).not.toEqual(first);
  });

  it("keeps the hard cases inside the CryptoCompare top 200 over a long run", () => {
    const market = new Market(42);
    const keys = ["holo", "iota", "wings", "alpha-beta-coin", "sub-cent", "no-usd-market"];
    keys.push("hydro-protocol", "ardent-ledger", "velora", "nimbus-bridge", "tidewell");
    const cmcRank = (key: string) => market.cmcRanking().indexOf(byKey(market, key)) + 1;
    for (let hour = 0; hour <= 24; hour++) {
      const top = market.ccRanking("totalvolfull").slice(0, 200);
      for (const key of keys) expect(top).toContain(byKey(market, key));
      // The deep coin stays beyond the default listings depth, the trap's listing within it.
      expect(cmcRank("tidewell")).toBeGreaterThan(500);
      expect(cmcRank("pixelburst")).toBeLessThanOrEqual(500);
      market.advance(360);
    }
  });

  it("keeps the designed cap ratios (HOT, ABC) whatever the walk does", () => {
    const market = new Market(42);
    market.advance(3000);
    const cap = (key: string) => market.cmcMarketCap(byKey(market, key));
    const abc = market.ccMarketCap(byKey(market, "alpha-beta-coin"));
    for (const key of ["abc-token", "alphabeta-chain"]) {
      expect(Math.max(cap(key), abc) / Math.min(cap(key), abc)).toBeLessThan(2);
    }
    expect(cap("hot-token") / cap("holo")).toBeGreaterThan(0.5);
    expect(cap("hydro-protocol") / cap("holo")).toBeLessThan(0.1);
    // The trap's listing stays 27× below the coin (both walk with the same shocks).
    const priceRatio = market.ccPrice(byKey(market, "ardent-ledger")) / market.cmcPrice(byKey(market, "pixelburst"));
    expect(priceRatio).toBeGreaterThan(26.5);
    expect(priceRatio).toBeLessThan(27.5);
  });

  it("swaps two ranks by exchanging volume, or market cap for mktcapfull", () => {
    const market = new Market(42);
    for (const list of ["totalvolfull", "mktcapfull"] as const) {
      const before = market.ccRanking(list);
      const result = market.swap(list, 3, 7);
      const after = market.ccRanking(list);
      expect(after[2]).toBe(before[6]);
      expect(after[6]).toBe(before[2]);
      expect(result.coins.map((c) => c.newRank)).toEqual([7, 3]);
      expect(after.filter((asset, i) => asset !== before[i])).toHaveLength(2);
    }
  });

  it("prices some coins below 0.001 USD and one around 0.00000012", () => {
    const market = new Market(42);
    const prices = market.assets.map((x) => market.cmcPrice(x));
    expect(prices.filter((p) => p < 0.001).length).toBeGreaterThanOrEqual(3);
    expect(market.cmcPrice(byKey(market, "sub-cent"))).toBeCloseTo(1.2e-7, 9);
  });
});

describe("skew", () => {
  it("keeps a provider's price off by pct through every tick, the other provider's untouched, until 0 clears it", () => {
    const market = new Market(42);
    const plain = new Market(42);
    const asset = market.ccRanking("totalvolfull")[2];
    if (!asset) throw new Error("no third coin");
    expect(market.skew("totalvolfull", 3, "cryptocompare", 8)).toMatchObject({
      symbol: asset.cc?.name,
      provider: "cryptocompare",
      pct: 8,
    });
    for (let tick = 0; tick < 5; tick++) {
      market.advance();
      plain.advance();
      expect(market.cmcPrice(asset)).toBe(plain.cmcPrice(asset));
      expect(market.ccPrice(asset)).not.toBe(plain.ccPrice(asset));
    }
    // Both skewed: their prices stand exactly in the ratio of the skews, tick after tick.
    market.skew("totalvolfull", 3, "coinmarketcap", -2);
    for (let tick = 0; tick < 5; tick++) {
      market.advance();
      plain.advance();
      expect(market.ccPrice(asset) / market.cmcPrice(asset)).toBeCloseTo(1.08 / 0.98, 12);
    }
    market.skew("totalvolfull", 3, "cryptocompare", 0);
    market.skew("totalvolfull", 3, "coinmarketcap", 0);
    market.advance();
    plain.advance();
    expect([market.ccPrice(asset), market.cmcPrice(asset)]).toEqual([plain.ccPrice(asset), plain.cmcPrice(asset)]);
  });
});
