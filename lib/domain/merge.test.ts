import { describe, expect, it } from "vitest";
import { rankingEntry } from "../../test/support/records";
import { contractOf } from "./identity/contracts";
import { ListingIndex } from "./identity/listing-index";
import { listingKey, type StoredLink } from "./identity/registry";
import { checkPrice, type MergeInput, mergeTop } from "./merge";
import { parseOverrides } from "./overrides";
import type { PriceQuote } from "./types";

function entry(
  rank: number,
  providerId: string,
  symbol: string,
  name: string,
  marketCapUsd: number | null = null,
  priceUsd: number | null = null,
) {
  return rankingEntry({ rank, providerId, symbol, name, marketCapUsd, priceUsd });
}

function quote(providerId: string, symbol: string, name: string, priceUsd: number, marketCapUsd: number | null = null) {
  return {
    providerId,
    symbol,
    name,
    slug: name.toLowerCase().replaceAll(" ", "-"),
    priceUsd,
    marketCapUsd,
    volume24hUsd: 1_000,
    change1hPct: 0.1,
    change24hPct: -1.5,
    change7dPct: 4,
    circulatingSupply: 10,
    lastUpdated: "2026-11-28T12:00:00.000Z",
  } satisfies PriceQuote;
}

const providers = { rankingProvider: "cryptocompare", pricingProvider: "coinmarketcap" };

function link(fields: Partial<StoredLink> & Pick<StoredLink, "assetId" | "provider" | "providerId">): StoredLink {
  return {
    symbol: "X",
    name: "X",
    slug: null,
    rule: "evidence",
    madeBy: "auto",
    evidence: "symbol agrees; name agrees",
    firstConfirmedAt: new Date("2026-12-01T00:00:00Z"),
    lastConfirmedAt: new Date("2026-12-01T00:00:00Z"),
    contradictions: 0,
    lastContradiction: null,
    ...fields,
  };
}

/** A registry where asset `assetId` links the ranked coin and (optionally) a pricing listing. */
function linked(assetId: string, rankingId: string, pricingId?: string, extra: Partial<StoredLink> = {}): StoredLink[] {
  const links = [link({ assetId, provider: "cryptocompare", providerId: rankingId, rule: "origin" })];
  if (pricingId) links.push(link({ assetId, provider: "coinmarketcap", providerId: pricingId, ...extra }));
  return links;
}

// HOT is three assets at CoinMarketCap.
const hotQuotes = [
  quote("2682", "HOT", "Holo", 0.0021, 370_000_000),
  quote("2430", "HOT", "Hydro Protocol", 0.00062, 11_000_000),
  quote("90001", "HOT", "HOT Token", 0.5, 1_000_000),
];

describe("mergeTop: links on evidence", () => {
  it("links a coin whose symbol, name and market agree, and copies the quote's fields", () => {
    const { rows, counts, links } = mergeTop({
      ...providers,
      entries: [entry(1, "1182", "BTC", "Bitcoin", 1.9e12, 97_200)],
      quotes: [quote("1", "BTC", "Bitcoin", 97123.456789, 1.93e12)],
    });
    expect(rows).toEqual([
      {
        rank: 1,
        id: "cryptocompare-1182",
        symbol: "BTC",
        name: "Bitcoin",
        rankingId: "1182",
        rankChange: null,
        pricingProvider: "coinmarketcap",
        pricingId: "1",
        priceUsd: 97123.456789,
        priceStatus: "ok",
        priceReason: null,
        matchedBy: "evidence",
        matchEvidence: "symbol, name and market agree",
        priceSource: "listing",
        marketCapUsd: 1.93e12,
        volume24hUsd: 1_000,
        change1hPct: 0.1,
        change24hPct: -1.5,
        change7dPct: 4,
        circulatingSupply: 10,
        lastUpdated: "2026-11-28T12:00:00.000Z",
        priceCheck: null,
        categories: null,
      },
    ]);
    expect(counts).toEqual({
      matched: 1,
      ambiguous: 0,
      notListed: 0,
      byRule: { id: 0, override: 0, contract: 0, evidence: 1 },
      pricedById: 0,
      contradicted: 0,
      unlinked: 0,
      duplicateRankingIds: 0,
      duplicatePricingIds: 0,
      priceCheckFlagged: 0,
    });
    expect(links).toEqual([
      {
        rankingId: "1182",
        assetId: null,
        joinAssetId: null,
        change: "new",
        pricingId: "1",
        rule: "evidence",
        madeBy: "auto",
        evidence: "symbol, name and market agree",
        contradictions: 0,
        dropped: null,
        takeover: false,
      },
    ]);
  });

  it("links on two supporting signals alone: symbol and name, no market figures", () => {
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "7605", "ETH", "Ethereum")],
      quotes: [quote("1027", "ETH", "Ethereum", 3100)],
    });
    expect(rows[0]).toMatchObject({ pricingId: "1027", matchedBy: "evidence", matchEvidence: "symbol and name agree" });
  });

  it("links on symbol and market when the names differ (a rebrand of the name only)", () => {
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "5", "POL", "Polygon Ecosystem", 2.1e9, 0.2)],
      quotes: [{ ...quote("28321", "POL", "POL (prev. MATIC)", 0.201, 2.08e9), slug: "pol" }],
    });
    expect(rows[0]).toMatchObject({ pricingId: "28321", priceUsd: 0.201 });
  });

  it("does not link on one supporting signal: the symbol alone is not an identity", () => {
    const { rows, links } = mergeTop({
      ...providers,
      entries: [entry(1, "9", "SNX", "Synthetix Network")],
      quotes: [{ ...quote("2586", "SNX", "Havven", 2.1), slug: "havven" }],
    });
    expect(rows[0]).toMatchObject({ priceUsd: null, priceStatus: "not_listed", pricingId: null });
    expect(links[0]?.change).toBe("none");
  });

  it("refuses the unique-symbol trap: names share no word, a market cap of 0, prices 41× apart", () => {
    const trap = { ...quote("30001", "LMD", "Quarry Stone", 0.02, 0), circulatingSupply: 0 };
    const { rows, counts } = mergeTop({
      ...providers,
      entries: [entry(1, "800", "LMD", "Lumen Drift", 4.2e7, 0.82)],
      quotes: [trap, quote("1", "BTC", "Bitcoin", 97000)],
    });
    expect(rows[0]).toMatchObject({ priceUsd: null, priceStatus: "not_listed", pricingId: null, matchedBy: null });
    expect(rows[0]?.priceReason).toBe(
      "no coinmarketcap coin is this one on the evidence: LMD (Quarry Stone, id 30001): symbol agrees; names share no word; prices differ 41×; market cap 0 at coinmarketcap against $42M",
    );
    expect(rows[0]?.matchEvidence).toBe(
      "symbol agrees; names share no word; prices differ 41×; market cap 0 at coinmarketcap against $42M",
    );
    expect(counts.notListed).toBe(1);
  });

  it.each([
    ["prices an order of magnitude apart", { name: "Holo", price: 0.021, cap: null }, "prices differ 10×"],
    [
      "names with no word in common while only the symbol agrees",
      { name: "Hot Token", price: 0.01, cap: null },
      "names share no word",
    ],
    [
      "a market cap of 0 against a real one, prices not agreeing",
      { name: "Holo", price: 0.004, cap: 0 },
      "market cap 0 at coinmarketcap against $370M",
    ],
  ])("each contradiction alone blocks a link: %s", (_case, candidate, clause) => {
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "h", "HOT", "Holo", 3.7e8, 0.0021)],
      quotes: [quote("7", "HOT", candidate.name, candidate.price, candidate.cap)],
    });
    expect(rows[0]).toMatchObject({ priceUsd: null, pricingId: null });
    expect(rows[0]?.priceReason).toContain(clause);
  });

  it("does not count a 0 market cap against the link when the two markets price the coin alike", () => {
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "h", "HYPE", "Hyperliquid", 1.2e10, 41)],
      quotes: [quote("32196", "HYPE", "Hyperliquid", 41.2, 0)],
    });
    expect(rows[0]).toMatchObject({ pricingId: "32196", priceUsd: 41.2 });
  });

  it("reads CryptoCompare's 0 market cap as unknown (its unknown supply), not as a contradiction", () => {
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "h", "ABC", "Abacus", 0, 3)],
      quotes: [quote("5", "ABC", "Abacus", 4.5, 1e8)],
    });
    expect(rows[0]).toMatchObject({ pricingId: "5" });
  });

  it("resolves colliding symbols by evidence: HOT is Holo, not Hydro Protocol or HOT Token", () => {
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "5001", "HOT", "Holo", 3.6e8, 0.00209)],
      quotes: hotQuotes,
    });
    expect(rows[0]).toMatchObject({ pricingId: "2682", priceUsd: 0.0021, matchedBy: "evidence" });
  });

  it("removes CryptoCompare's trailing star: HOT* is Hydro Protocol", () => {
    const { rows } = mergeTop({
      ...providers,
      entries: [
        entry(1, "5001", "HOT", "Holo", 3.6e8, 0.00209),
        entry(2, "5002", "HOT*", "Hydro Protocol", 1.1e7, 0.00061),
      ],
      quotes: hotQuotes,
    });
    expect(rows.map((row) => [row.symbol, row.pricingId])).toEqual([
      ["HOT", "2682"],
      ["HOT*", "2430"],
    ]);
  });

  it("links a rename across symbols: the name contains the other, the slug and the market agree", () => {
    const velora = { ...quote("31000", "VLR", "Velora", 1.37, 2.4e8), slug: "velora" };
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "900", "VNT", "Velora Network Token", 2.39e8, 1.368)],
      quotes: [velora, quote("31001", "VNT", "Vanity Token", 0.9, 1e6)],
    });
    expect(rows[0]).toMatchObject({ pricingId: "31000", priceUsd: 1.37, matchedBy: "evidence" });
    expect(rows[0]?.matchEvidence).toBe("name and market agree");
  });

  it("links IOTA by name and market although the symbols differ (IOT vs MIOTA), without an override", () => {
    const quotes = [quote("1720", "MIOTA", "IOTA", 0.17, 5e8), quote("31337", "IOT", "Helium IOT", 0.0009, 1.4e8)];
    const { rows } = mergeTop({ ...providers, entries: [entry(1, "127356", "IOT", "IOTA", 5.1e8, 0.171)], quotes });
    expect(rows[0]).toMatchObject({ pricingId: "1720", priceUsd: 0.17 });
  });

  it("links on the same contract on the same chain, whatever the names, symbols and letter case", () => {
    const address = "0x6B175474E89094C44Da98b954EedeAC495271d0F";
    const contracts = new Map([
      [listingKey("cryptocompare", "77"), [contractOf("ETH", address.toLowerCase())!]],
      [listingKey("coinmarketcap", "4943"), [contractOf("ethereum", address)!]],
    ]);
    const { rows, counts } = mergeTop({
      ...providers,
      entries: [entry(1, "77", "NMB", "Nimbus Bridge", null, 3)],
      quotes: [quote("4943", "STRX", "Stratus", 1)],
      registry: { links: [], contracts },
    });
    expect(rows[0]).toMatchObject({ pricingId: "4943", matchedBy: "contract" });
    expect(rows[0]?.matchEvidence).toContain("same ethereum contract 0x6b175474e89094c44da98b954eedeac495271d0f");
    expect(counts.byRule.contract).toBe(1);
  });

  it("does not link the same address on another chain", () => {
    const address = "0x6b175474e89094c44da98b954eedeac495271d0f";
    const contracts = new Map([
      [listingKey("cryptocompare", "77"), [contractOf("BNB", address)!]],
      [listingKey("coinmarketcap", "4943"), [contractOf("ethereum", address)!]],
    ]);
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "77", "NMB", "Nimbus Bridge")],
      quotes: [quote("4943", "STRX", "Stratus", 1)],
      registry: { links: [], contracts },
    });
    expect(rows[0]?.priceUsd).toBeNull();
  });

  it("marks two equally good candidates ambiguous and names both", () => {
    const quotes = [quote("1", "AAA", "Wrapped Thing", 1), quote("2", "AAA", "Wrapped Thing", 2)];
    const { rows } = mergeTop({ ...providers, entries: [entry(1, "x", "AAA", "Wrapped Thing")], quotes });
    expect(rows[0]).toMatchObject({ priceStatus: "ambiguous", priceUsd: null });
    expect(rows[0]?.priceReason).toBe(
      "2 coinmarketcap coins match Wrapped Thing equally well: AAA (Wrapped Thing, id 1): symbol and name agree | AAA (Wrapped Thing, id 2): symbol and name agree",
    );
  });

  it("lets market agreement decide between two same-symbol, same-name listings", () => {
    const quotes = [quote("1", "HEX", "HEX", 0.0031, 1.8e9), quote("2", "HEX", "HEX", 0.0071, 2e8)];
    const { rows } = mergeTop({ ...providers, entries: [entry(1, "x", "HEX", "HEX", 1.79e9, 0.00311)], quotes });
    expect(rows[0]).toMatchObject({ pricingId: "1" });
  });

  it("keeps a ranked coin the pricing provider does not list, with a null price and a reason, never 0", () => {
    const { rows, counts } = mergeTop({
      ...providers,
      entries: [entry(199, "2001", "WINGS", "Wings", 1e6), entry(200, "1182", "BTC", "Bitcoin")],
      quotes: [quote("1", "BTC", "Bitcoin", 97000)],
    });
    expect(rows.map((row) => [row.rank, row.symbol, row.priceUsd, row.priceStatus])).toEqual([
      [1, "WINGS", null, "not_listed"],
      [2, "BTC", 97000, "ok"],
    ]);
    expect(rows[0]?.priceReason).toBe(
      "coinmarketcap lists no coin with symbol WINGS, name Wings or its contract in its 1 listings",
    );
    expect(counts).toMatchObject({ matched: 1, notListed: 1 });
  });
});

describe("mergeTop: reviewed overrides", () => {
  const override = (rankingId: string, pricingId: string) =>
    parseOverrides(
      JSON.stringify({
        overrides: [
          {
            ranking: { provider: "cryptocompare", id: rankingId },
            pricing: { provider: "coinmarketcap", id: pricingId },
          },
        ],
      }),
    );

  it("prices through the override whatever the evidence says", () => {
    const { rows, links } = mergeTop({
      ...providers,
      entries: [entry(1, "9", "HOT", "Holo", 3.7e8, 0.0021)],
      quotes: hotQuotes,
      overrides: override("9", "90001"),
    });
    expect(rows[0]).toMatchObject({ pricingId: "90001", matchedBy: "override", priceUsd: 0.5 });
    expect(rows[0]?.priceCheck).toEqual({ referenceUsd: 0.0021, divergencePct: 23709.52, flagged: true });
    expect(links[0]).toMatchObject({ change: "new", rule: "override", madeBy: "override" });
  });

  it("matches an override by the ranking provider's symbol", () => {
    const overrides = parseOverrides(
      JSON.stringify({
        overrides: [
          { ranking: { provider: "cryptocompare", symbol: "IOT" }, pricing: { provider: "coinmarketcap", id: "1720" } },
        ],
      }),
    );
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "127356", "IOT", "IOTA")],
      quotes: [quote("1720", "MIOTA", "IOTA", 0.17)],
      overrides,
    });
    expect(rows[0]).toMatchObject({ pricingId: "1720", matchedBy: "override" });
  });

  it("ignores overrides written for another pair of providers", () => {
    const overrides = parseOverrides(
      JSON.stringify({
        overrides: [
          { ranking: { provider: "coingecko", id: "9" }, pricing: { provider: "coinmarketcap", id: "90001" } },
        ],
      }),
    );
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "9", "HOT", "Holo", 3.6e8, 0.0021)],
      quotes: hotQuotes,
      overrides,
    });
    expect(rows[0]).toMatchObject({ pricingId: "2682", matchedBy: "evidence" });
  });

  it("asks for the named id by id when the price list lacks it", () => {
    const { rows, wanted } = mergeTop({
      ...providers,
      entries: [entry(1, "9", "X", "X")],
      quotes: [],
      overrides: override("9", "404"),
    });
    expect(rows[0]).toMatchObject({ priceUsd: null, priceStatus: "not_listed" });
    expect(rows[0]?.priceReason).toBe(
      "the reviewed override names coinmarketcap id 404, which this price list lacks; it is priced by id from the next price fetch",
    );
    expect(wanted).toEqual(["404"]);
  });

  it("lets a reviewed override take a listing from a coin whose stored link holds it", () => {
    const links = [...linked("holo", "9"), ...linked("hot-token", "10", "90001")];
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "9", "HOT", "Holo"), entry(2, "10", "HOT", "Hot Token", null, 0.5)],
      quotes: hotQuotes,
      overrides: override("9", "90001"),
      registry: { links },
    });
    expect(rows.map((row) => [row.name, row.pricingId, row.priceStatus])).toEqual([
      ["Holo", "90001", "ok"],
      ["Hot Token", null, "not_listed"],
    ]);
  });

  it("moves a listing another asset holds to the overridden coin's asset", () => {
    const links = [...linked("holo", "9"), ...linked("hot-token", "10", "90001")];
    const { links: decisions } = mergeTop({
      ...providers,
      entries: [entry(1, "9", "HOT", "Holo")],
      quotes: hotQuotes,
      overrides: override("9", "90001"),
      registry: { links },
    });
    expect(decisions[0]).toMatchObject({ assetId: "holo", pricingId: "90001", takeover: true, joinAssetId: null });
  });
});

describe("mergeTop: sticky links", () => {
  const btc = (price: number) => quote("1", "BTC", "Bitcoin", price, 1.9e12);

  it("reuses a stored link and confirms it", () => {
    const { rows, links } = mergeTop({
      ...providers,
      entries: [entry(1, "1182", "BTC", "Bitcoin", 1.9e12, 97_000)],
      quotes: [btc(97_100), quote("2", "BTC", "Bitcoin", 97_050, 1.9e12)],
      registry: { links: linked("bitcoin", "1182", "1") },
    });
    expect(rows[0]).toMatchObject({ id: "bitcoin", pricingId: "1", matchedBy: "evidence" });
    expect(links[0]).toMatchObject({ assetId: "bitcoin", change: "confirmed", pricingId: "1", contradictions: 0 });
  });

  it("keeps the link through a one-snapshot glitch, counting the contradiction, then clears the count", () => {
    const glitch = mergeTop({
      ...providers,
      entries: [entry(1, "1182", "BTC", "Bitcoin", 1.9e12, 97_000)],
      quotes: [btc(970)],
      registry: { links: linked("bitcoin", "1182", "1") },
    });
    expect(glitch.rows[0]).toMatchObject({ pricingId: "1", priceUsd: 970 });
    expect(glitch.rows[0]?.priceCheck?.flagged).toBe(true);
    expect(glitch.links[0]).toMatchObject({ change: "contradicted", contradictions: 1 });
    expect(glitch.counts.contradicted).toBe(1);

    const after = mergeTop({
      ...providers,
      entries: [entry(1, "1182", "BTC", "Bitcoin", 1.9e12, 97_000)],
      quotes: [btc(97_010)],
      registry: { links: linked("bitcoin", "1182", "1", { contradictions: 1 }) },
    });
    expect(after.links[0]).toMatchObject({ change: "confirmed", contradictions: 0 });
  });

  it("drops the link after K consecutive contradicting snapshots, and says why", () => {
    const input = (contradictions: number): MergeInput => ({
      ...providers,
      entries: [entry(1, "1182", "BTC", "Bitcoin", 1.9e12, 97_000)],
      quotes: [btc(970)],
      registry: { links: linked("bitcoin", "1182", "1", { contradictions }), unlinkAfter: 3 },
    });
    expect(mergeTop(input(1)).links[0]).toMatchObject({ change: "contradicted", contradictions: 2 });
    const dropped = mergeTop(input(2));
    expect(dropped.rows[0]).toMatchObject({ priceUsd: null, pricingId: null });
    expect(dropped.links[0]).toMatchObject({ change: "none", pricingId: null });
    expect(dropped.links[0]?.dropped).toEqual({
      pricingId: "1",
      cause: "contradictions",
      reason:
        "contradicted in 3 snapshots in a row: symbol agrees; name agrees; prices differ 100×, market caps <0.1% apart",
    });
    expect(dropped.counts.unlinked).toBe(1);
  });

  it("does not count the same contradiction twice when the registry was reconciled with these snapshots", () => {
    const { links, rows } = mergeTop({
      ...providers,
      entries: [entry(1, "1182", "BTC", "Bitcoin", 1.9e12, 97_000)],
      quotes: [btc(970)],
      registry: { links: linked("bitcoin", "1182", "1", { contradictions: 2 }), unlinkAfter: 3 },
      registryIsCurrent: true,
    });
    expect(rows[0]?.pricingId).toBe("1");
    expect(links[0]).toMatchObject({ change: "contradicted", contradictions: 2 });
  });

  it("re-checks a link whose override left the file like any other, and drops it after K", () => {
    const { links } = mergeTop({
      ...providers,
      entries: [entry(1, "1182", "BTC", "Bitcoin", 1.9e12, 97_000)],
      quotes: [btc(970)],
      registry: {
        links: linked("bitcoin", "1182", "1", { rule: "override", madeBy: "override", contradictions: 2 }),
        unlinkAfter: 3,
      },
    });
    expect(links[0]).toMatchObject({ change: "none", dropped: { pricingId: "1", cause: "contradictions" } });
  });

  it("keeps a reviewed link while its override stands, whatever the evidence", () => {
    const overrides = parseOverrides(
      JSON.stringify({
        overrides: [
          { ranking: { provider: "cryptocompare", id: "1182" }, pricing: { provider: "coinmarketcap", id: "1" } },
        ],
      }),
    );
    const { links, rows } = mergeTop({
      ...providers,
      entries: [entry(1, "1182", "BTC", "Bitcoin", 1.9e12, 97_000)],
      quotes: [btc(970)],
      overrides,
      registry: {
        links: linked("bitcoin", "1182", "1", { rule: "override", madeBy: "override", contradictions: 5 }),
        unlinkAfter: 3,
      },
    });
    expect(rows[0]).toMatchObject({ pricingId: "1", matchedBy: "override" });
    expect(links[0]).toMatchObject({ change: "confirmed", pricingId: "1" });
  });

  it("asks for a linked listing by id when the price list lacks it, and keeps the link", () => {
    const { rows, links, wanted } = mergeTop({
      ...providers,
      entries: [entry(1, "1182", "BTC", "Bitcoin")],
      quotes: [],
      registry: { links: linked("bitcoin", "1182", "1") },
    });
    expect(rows[0]).toMatchObject({ id: "bitcoin", priceUsd: null, priceStatus: "not_listed" });
    expect(links[0]).toMatchObject({ change: "kept", pricingId: "1" });
    expect(wanted).toEqual(["1"]);
  });

  it("does not give a listing linked to another ranked coin to a newcomer", () => {
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "1182", "BTC", "Bitcoin"), entry(2, "9999", "BTC", "Bitcoin")],
      quotes: [btc(97_000)],
      registry: { links: linked("bitcoin", "1182", "1") },
    });
    expect(rows.map((row) => [row.rankingId, row.pricingId])).toEqual([
      ["1182", "1"],
      ["9999", null],
    ]);
  });

  it("joins a coin of a new ranking provider to the asset that holds its listing (a failover keeps the id)", () => {
    const links = [
      link({ assetId: "bitcoin", provider: "cryptocompare", providerId: "1182", rule: "origin" }),
      link({ assetId: "bitcoin", provider: "coinmarketcap", providerId: "1" }),
    ];
    const { rows, links: decisions } = mergeTop({
      rankingProvider: "coingecko",
      pricingProvider: "coinmarketcap",
      entries: [{ ...entry(1, "bitcoin", "BTC", "Bitcoin", 1.9e12, 97_000), slug: "bitcoin" }],
      quotes: [btc(97_010)],
      registry: { links },
    });
    expect(rows[0]).toMatchObject({ id: "bitcoin", pricingId: "1" });
    expect(decisions[0]).toMatchObject({ assetId: null, joinAssetId: "bitcoin", change: "new" });
  });
});

describe("mergeTop: pricing by id", () => {
  const deeper = (records: PriceQuote[]) =>
    new ListingIndex(
      "coinmarketcap",
      records.map((q) => ({ ...q, priceUsd: null, marketCapUsd: null, circulatingSupply: null })),
    );

  it("wants a deeper listing that matches on identity evidence, and says so", () => {
    const { rows, wanted } = mergeTop({
      ...providers,
      entries: [entry(1, "5", "DEEP", "Deep Coin", 1e7, 0.5)],
      quotes: [quote("1", "BTC", "Bitcoin", 97000)],
      deeper: deeper([quote("777", "DEEP", "Deep Coin", 1)]),
    });
    expect(wanted).toEqual(["777"]);
    expect(rows[0]).toMatchObject({ priceUsd: null, priceStatus: "not_listed" });
    expect(rows[0]?.priceReason).toBe(
      "coinmarketcap lists DEEP (Deep Coin, id 777) beyond its price list (symbol and name agree); it is priced by id from the next price fetch",
    );
  });

  it("prices from a by-id quote and says so in the row", () => {
    const { rows, counts } = mergeTop({
      ...providers,
      entries: [entry(1, "5", "DEEP", "Deep Coin", 1e7, 0.5)],
      quotes: [{ ...quote("777", "DEEP", "Deep Coin", 0.501, 1.01e7), source: "by_id" }],
      deeper: deeper([quote("777", "DEEP", "Deep Coin", 1)]),
    });
    expect(rows[0]).toMatchObject({ pricingId: "777", priceSource: "by_id", priceUsd: 0.501 });
    expect(counts.pricedById).toBe(1);
  });

  it("does not settle for a weaker listed candidate when a stronger one is deeper", () => {
    const { rows, wanted } = mergeTop({
      ...providers,
      entries: [entry(1, "5", "SHIB", "Shiba Inu", 1e10, 0.00001)],
      quotes: [quote("40", "SHIB", "Shiba Inu Classic", 0.0000101, 1.1e10)],
      deeper: deeper([quote("5994", "SHIB", "Shiba Inu", 1)]),
    });
    expect(wanted).toEqual(["5994"]);
    expect(rows[0]?.priceUsd).toBeNull();
  });
});

describe("mergeTop: one listing prices at most one ranked coin", () => {
  // CoinMarketCap ranks three HOTs; CryptoCompare prices only Holo under that symbol.
  const swapped = { rankingProvider: "coinmarketcap", pricingProvider: "cryptocompare" };
  const ranked = [
    entry(1, "2682", "HOT", "Holo", 3.7e8, 0.0021),
    entry(2, "2430", "HOT", "Hydro Protocol", 1.1e7, 0.00062),
    entry(3, "90001", "HOT", "HOT Token", 1e6, 0.5),
  ];

  it("gives the quote to the coin with the strongest evidence, and no price to the others", () => {
    const quotes = [quote("916", "HOT", "Holo", 0.0021, 3.7e8)];
    const { rows, counts } = mergeTop({ ...swapped, entries: ranked, quotes });
    expect(rows.map((row) => [row.name, row.priceUsd, row.priceStatus])).toEqual([
      ["Holo", 0.0021, "ok"],
      ["Hydro Protocol", null, "not_listed"],
      ["HOT Token", null, "not_listed"],
    ]);
    expect(counts).toMatchObject({ matched: 1, notListed: 2 });
  });

  it("prices none of them when two claims are equally strong", () => {
    const entries = [entry(1, "501", "ABC", "Alpha Beta"), entry(2, "502", "ABC", "Alpha Beta")];
    const quotes = [quote("77", "ABC", "Alpha Beta", 1.73)];
    const { rows } = mergeTop({ ...swapped, entries, quotes });
    expect(rows.map((row) => [row.priceUsd, row.priceStatus])).toEqual([
      [null, "ambiguous"],
      [null, "ambiguous"],
    ]);
    expect(rows[0]?.priceReason).toBe(
      "2 ranked coins (Alpha Beta, Alpha Beta) match cryptocompare's one ABC (Alpha Beta, id 77) equally well",
    );
  });
});

describe("mergeTop with one provider in both roles", () => {
  const same = { rankingProvider: "coingecko", pricingProvider: "coingecko" };

  it("joins by the provider's own id, even where symbols repeat", () => {
    const entries = [entry(1, "bitcoin", "BTC", "Bitcoin"), entry(2, "official-trump", "TRUMP", "Official Trump")];
    const quotes = [
      quote("maga", "TRUMP", "MAGA", 0.41),
      quote("official-trump", "TRUMP", "Official Trump", 9.87),
      quote("bitcoin", "BTC", "Bitcoin", 97_000.5),
    ];
    const { rows, counts } = mergeTop({ ...same, entries, quotes });
    expect(rows.map((row) => [row.rankingId, row.pricingId, row.priceUsd, row.matchedBy])).toEqual([
      ["bitcoin", "bitcoin", 97_000.5, "id"],
      ["official-trump", "official-trump", 9.87, "id"],
    ]);
    expect(counts).toMatchObject({ matched: 2, ambiguous: 0, notListed: 0 });
  });

  it("leaves a coin without its own quote unpriced and asks for it by id, never matched by symbol", () => {
    const { rows, wanted } = mergeTop({
      ...same,
      entries: [entry(1, "wrapped-x", "WX", "Wrapped X")],
      quotes: [quote("other-x", "WX", "Wrapped X", 1.5)],
    });
    expect(rows[0]).toMatchObject({
      priceUsd: null,
      priceStatus: "not_listed",
      priceReason: "coingecko has no price for its own id wrapped-x in its top 1",
    });
    expect(wanted).toEqual(["wrapped-x"]);
  });
});

describe("mergeTop: rows and counts", () => {
  it("drops a repeated ranking id, keeps ranks consecutive, and ignores a repeated quote id", () => {
    const { rows, counts } = mergeTop({
      ...providers,
      entries: [
        entry(1, "1182", "BTC", "Bitcoin"),
        entry(2, "1182", "BTC", "Bitcoin"),
        entry(3, "7605", "ETH", "Ethereum"),
      ],
      quotes: [
        quote("1", "BTC", "Bitcoin", 97000),
        quote("1", "BTC", "Bitcoin", 1),
        quote("1027", "ETH", "Ethereum", 3000),
      ],
    });
    expect(rows.map((row) => [row.rank, row.symbol, row.priceUsd])).toEqual([
      [1, "BTC", 97000],
      [2, "ETH", 3000],
    ]);
    expect(counts).toMatchObject({ duplicateRankingIds: 1, duplicatePricingIds: 1, matched: 2 });
  });

  it("orders rows by the provider's rank whatever the input order, and says how far each moved", () => {
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(2, "a", "BTC", "Bitcoin"), entry(1, "b", "ETH", "Ethereum"), entry(3, "w", "WINGS", "Wings")],
      quotes: [],
      previousRanks: new Map([
        ["a", 1],
        ["b", 2],
      ]),
    });
    expect(rows.map((row) => [row.symbol, row.rankChange])).toEqual([
      ["ETH", 1],
      ["BTC", -1],
      ["WINGS", null],
    ]);
  });

  it("handles empty inputs", () => {
    const empty = mergeTop({ ...providers, entries: [], quotes: [] });
    expect(empty).toMatchObject({ rows: [], links: [], wanted: [] });
    expect(empty.counts.matched).toBe(0);
  });

  it("compares symbols case-insensitively", () => {
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "1", "btc", "Bitcoin")],
      quotes: [quote("1", "BTC", "Bitcoin", 5)],
    });
    expect(rows[0]?.priceUsd).toBe(5);
  });
});

describe("the cross-source price check", () => {
  const withReference = (priceUsd: number | null) => ({ ...entry(1, "1182", "BTC", "Bitcoin"), priceUsd });

  it("flags a price more than the threshold away from the ranking provider's own, and counts it", () => {
    const { rows, counts } = mergeTop({
      ...providers,
      entries: [withReference(100)],
      quotes: [quote("1", "BTC", "Bitcoin", 106.125)],
    });
    expect(rows[0]?.priceCheck).toEqual({ referenceUsd: 100, divergencePct: 6.13, flagged: true });
    expect(counts.priceCheckFlagged).toBe(1);
  });

  it("leaves agreeing prices, and rows without a reference, unflagged", () => {
    const { rows } = mergeTop({
      ...providers,
      entries: [withReference(100), { ...entry(2, "2", "ETH", "Ethereum"), priceUsd: null }],
      quotes: [quote("1", "BTC", "Bitcoin", 105), quote("2", "ETH", "Ethereum", 3000)],
    });
    expect(rows.map((row) => row.priceCheck)).toEqual([null, null]);
    expect(checkPrice(95, 100, 5)).toBeNull();
    expect(checkPrice(94.99, 100, 5)).toEqual({ referenceUsd: 100, divergencePct: 5.01, flagged: true });
    expect(checkPrice(1, 0, 5)).toBeNull();
  });

  it("takes the threshold from the input", () => {
    const input = { ...providers, entries: [withReference(100)], quotes: [quote("1", "BTC", "Bitcoin", 102)] };
    expect(mergeTop({ ...input, divergencePct: 1.5 }).rows[0]?.priceCheck?.divergencePct).toBe(2);
    expect(mergeTop(input).rows[0]?.priceCheck).toBeNull();
  });
});

describe("mergeTop: coin classes", () => {
  it("gives a row the classes either provider reports; null when neither said, as for an unpriced coin", () => {
    const { rows } = mergeTop({
      ...providers,
      entries: [
        entry(1, "1182", "BTC", "Bitcoin", 1.9e12, 97_200),
        { ...entry(2, "171986", "USDT", "Tether", 1.8e11, 1), categories: null },
        { ...entry(3, "1189", "WBTC", "Wrapped Bitcoin", 1.2e10, 97_100), categories: ["wrapped"] },
        entry(4, "5031", "WINGS", "Wings", 1e6, 0.004),
      ],
      quotes: [
        { ...quote("1", "BTC", "Bitcoin", 97123.456789, 1.93e12), categories: [] },
        { ...quote("825", "USDT", "Tether", 1.0005, 1.8e11), categories: ["stablecoin"] },
        quote("3717", "WBTC", "Wrapped Bitcoin", 97000, 1.2e10),
      ],
    });
    expect(rows.map((row) => [row.symbol, row.priceStatus, row.categories])).toEqual([
      ["BTC", "ok", []],
      ["USDT", "ok", ["stablecoin"]],
      ["WBTC", "ok", ["wrapped"]],
      ["WINGS", "not_listed", null],
    ]);
  });
});
