/**
 * Checks /_sim/truth against the evidence-based merge policy (DESIGN.md, "Identity and the merge
 * policy"), re-implemented here from the served bodies only: the toplists, CryptoCompare's coin list
 * and CoinMarketCap's full listing. A link needs the same token contract on the same chain, or two
 * supporting signals (symbol without CryptoCompare's `*`; name or slug agreement ignoring generic
 * words, or one name's words inside the other's; same-minute market agreement) and no contradiction
 * (prices ≥10× apart; names with no word in common while only the symbol agrees; a market cap of
 * 0 against a real one). If an accidental symbol, name or market collision crept into the universe,
 * the policy and the truth would disagree.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../../simulator/server";
import {
  allRanked,
  CC_COINLIST,
  type CcItem,
  type CmcBody,
  type CmcItem,
  type CoinlistBody,
  type CoinlistEntry,
  ccGet,
  cmcGet,
  control,
  startTestSimulator,
  type TruthRow,
} from "../../support/simulator";

const GENERIC = new Set(["token", "tokens", "coin", "coins", "network", "protocol", "the", "official"]);

function wordsOf(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
}

/** The words that tell coins apart ("Velora Network Token" → ["velora"]); all of them if none is left. */
function distinctWords(text: string): string[] {
  const all = wordsOf(text);
  const kept = all.filter((word) => !GENERIC.has(word));
  return kept.length > 0 ? kept : all;
}

function namesAgree(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  if (a.join("") === b.join("")) return true;
  const [inner, outer] = a.length <= b.length ? [a, b] : [b, a];
  return inner.join("").length >= 3 && inner.every((word) => outer.includes(word));
}

const ratio = (a: number, b: number) => (a > 0 && b > 0 ? Math.max(a, b) / Math.min(a, b) : null);

interface Ranked {
  symbol: string;
  name: string[];
  price: number | null;
  cap: number | null;
  supply: number | null;
  contract: string | null;
}

interface Candidate {
  id: number;
  symbol: string;
  name: string[];
  slug: string[];
  price: number;
  cap: number;
  supply: number;
  contract: string | null;
}

function ranked(item: CcItem, listed: CoinlistEntry | undefined): Ranked {
  const raw = item.RAW?.USD;
  const onEthereum = listed?.BuiltOn === "ETH" && listed.SmartContractAddress.startsWith("0x");
  return {
    symbol: item.CoinInfo.Name.replace(/\*+$/, "").toUpperCase(),
    name: distinctWords(item.CoinInfo.FullName),
    price: raw ? Number(raw.PRICE) : null,
    cap: raw ? Number(raw.MKTCAP) : null,
    supply: raw ? Number(raw.CIRCULATINGSUPPLY) : null,
    contract: onEthereum ? listed.SmartContractAddress.toLowerCase() : null,
  };
}

function candidate(item: CmcItem): Candidate {
  const onEthereum = item.platform?.slug === "ethereum";
  return {
    id: item.id,
    symbol: item.symbol.toUpperCase(),
    name: distinctWords(item.name),
    slug: distinctWords(item.slug),
    price: item.quote.USD.price,
    cap: item.quote.USD.market_cap,
    supply: item.circulating_supply,
    contract: onEthereum ? (item.platform?.token_address.toLowerCase() ?? null) : null,
  };
}

/** The strength of a link (0 = none): a contract beats two signals, three beat two. */
function linkStrength(coin: Ranked, listing: Candidate): number {
  const contract = coin.contract !== null && coin.contract === listing.contract;
  const symbol = coin.symbol === listing.symbol;
  const name = namesAgree(coin.name, listing.name) || namesAgree(coin.name, listing.slug);
  const priceRatio = coin.price === null ? null : ratio(coin.price, listing.price);
  const priceAgrees = priceRatio !== null && priceRatio <= 1.05;
  const capRatio = coin.cap === null ? null : ratio(coin.cap, listing.cap);
  const supplyRatio = coin.supply === null ? null : ratio(coin.supply, listing.supply);
  const market = priceAgrees && ((capRatio ?? 99) <= 2 || (supplyRatio ?? 99) <= 1.1);
  const shareAWord = coin.name.some((word) => listing.name.includes(word) || listing.slug.includes(word));
  const contradicted =
    (priceRatio !== null && priceRatio >= 10) ||
    (symbol && !name && !market && !shareAWord) ||
    (listing.cap === 0 && (coin.cap ?? 0) > 0 && !priceAgrees);
  if (contract) return 100;
  const supporting = Number(symbol) + Number(name) + Number(market);
  return supporting >= 2 && !contradicted ? supporting : 0;
}

function policy(coin: Ranked, listings: Candidate[]): { expected: string; cmcId: number | null } {
  const linked = listings
    .map((listing) => ({ listing, strength: linkStrength(coin, listing) }))
    .filter(({ strength }) => strength > 0)
    .sort((a, b) => b.strength - a.strength);
  const [best, second] = linked;
  if (!best) return { expected: "not_listed", cmcId: null };
  if (second && second.strength === best.strength) return { expected: "ambiguous", cmcId: null };
  return { expected: "priced", cmcId: best.listing.id };
}

describe.each([42, 7, 2024])("truth for seed %i", (seed) => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator({ seed });
    await control(sim, "POST", "/_sim/tick?n=25");
  });
  afterAll(() => sim.close());

  it("agrees with the evidence policy applied to the served bodies, for every ranked coin", async () => {
    const ranking = await allRanked(sim);
    const { body: cmc } = await cmcGet<CmcBody>(sim, "limit=5000");
    const { body: coinlist } = await ccGet<CoinlistBody>(sim, CC_COINLIST);
    const { body: truth } = await control<{ rows: TruthRow[] }>(sim, "GET", `/_sim/truth?limit=${ranking.length}`);
    const listings = cmc.data.map(candidate);
    expect(truth.rows).toHaveLength(ranking.length);
    ranking.forEach((item, i) => {
      const row = truth.rows[i];
      expect(row?.ccId).toBe(item.CoinInfo.Id);
      const coin = ranked(item, coinlist.Data[item.CoinInfo.Name]);
      expect({ symbol: row?.symbol, ...policy(coin, listings) }).toEqual({
        symbol: row?.symbol,
        expected: row?.expected,
        cmcId: row?.cmcId,
      });
    });
    // Every designed outcome but "ambiguous" occurs; the ABC case that used to be ambiguous is now
    // not listed (its two CoinMarketCap ABCs share only the symbol with it).
    expect(new Set(truth.rows.map((row) => row.expected))).toEqual(new Set(["priced", "not_listed"]));
  });

  it("carries the hard cases in the top 200 with the right answers", async () => {
    const { body } = await control<{ rows: TruthRow[] }>(sim, "GET", "/_sim/truth?limit=200");
    const bySymbol = new Map(body.rows.map((row) => [row.symbol, row]));
    expect(bySymbol.get("BTC")).toMatchObject({ ccId: "1182", cmcId: 1, cgId: "bitcoin", expected: "priced" });
    expect(bySymbol.get("ETH")).toMatchObject({ ccId: "7605", cmcId: 1027, cgId: "ethereum", expected: "priced" });
    expect(bySymbol.get("HOT")).toMatchObject({ name: "Holo", cmcId: 2682, cgId: "holo", expected: "priced" });
    expect(bySymbol.get("HOT*")).toMatchObject({
      name: "Hydro Protocol",
      cmcId: 2430,
      cgId: "hydro-protocol",
      expected: "priced",
    });
    expect(bySymbol.get("IOT")).toMatchObject({ name: "IOTA", cmcId: 1720, cgId: "iota", expected: "priced" });
    const notListed = { cmcId: null, cgId: null, priceUsd: null, expected: "not_listed" };
    expect(bySymbol.get("WINGS")).toMatchObject({ name: "Wings", ...notListed });
    expect(bySymbol.get("ABC")).toMatchObject({ name: "Alpha Beta Coin", ...notListed });
    expect(bySymbol.get("ARDL")).toMatchObject({ name: "Ardent Ledger", ...notListed });
    expect(bySymbol.get("VNT")).toMatchObject({ name: "Velora Network Token", cgId: "velora", expected: "priced" });
    expect(bySymbol.get("NMB")).toMatchObject({ name: "Nimbus Bridge", cgId: "stratus", expected: "priced" });
    expect(bySymbol.get("TDW")).toMatchObject({ name: "Tidewell", cgId: "tidewell", expected: "priced" });
    expect(body.rows.some((row) => row.priceUsd !== null && row.priceUsd < 1.5e-7)).toBe(true);
    expect(body.rows.map((row) => row.rank)).toEqual(body.rows.map((_, i) => i + 1));
    for (const row of body.rows) expect(row.cgId === null).toBe(row.cmcId === null);
  });
});
