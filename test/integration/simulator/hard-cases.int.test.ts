/**
 * The designed registry hard cases, read from the wire as a client sees them: each one is ranked
 * in the CryptoCompare top 200, is shaped as designed at every provider, and has the truth it is
 * there to test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../../simulator/server";
import {
  allRanked,
  CC_COINLIST,
  type CcItem,
  CG_COINS_LIST,
  type CgListItem,
  CMC_QUOTES,
  type CmcBody,
  type CmcItem,
  type CmcQuotesBody,
  type CoinlistBody,
  ccGet,
  cmcGet,
  cmcGetAt,
  control,
  getJson,
  startTestSimulator,
  type TruthRow,
} from "../../support/simulator";

const words = (name: string) => name.toLowerCase().split(/[^a-z0-9]+/);
const GENERIC = new Set(["token", "coin", "network", "protocol"]);
const shareAWord = (a: string, b: string) => words(a).some((word) => !GENERIC.has(word) && words(b).includes(word));

describe.each([42, 7])("registry hard cases for seed %i", (seed) => {
  let sim: RunningSimulator;
  let ranked: CcItem[];
  let cmc: CmcItem[];
  let coinlist: CoinlistBody;
  let truth: Map<string, TruthRow>;
  beforeAll(async () => {
    sim = await startTestSimulator({ seed });
    await control(sim, "POST", "/_sim/tick?n=12");
    ranked = (await allRanked(sim)).slice(0, 200);
    cmc = (await cmcGet<CmcBody>(sim, "limit=5000")).body.data;
    coinlist = (await ccGet<CoinlistBody>(sim, CC_COINLIST)).body;
    const rows = (await control<{ rows: TruthRow[] }>(sim, "GET", "/_sim/truth?limit=200")).body.rows;
    truth = new Map(rows.map((row) => [row.symbol, row]));
  });
  afterAll(() => sim.close());

  const ccCoin = (symbol: string) => {
    const index = ranked.findIndex((item) => item.CoinInfo.Name === symbol);
    expect(index, `${symbol} in the CryptoCompare top 200`).toBeGreaterThanOrEqual(0);
    const item = ranked[index] as CcItem;
    return { rank: index + 1, item, price: Number(item.RAW?.USD.PRICE) };
  };
  const listing = (symbol: string) => cmc.filter((item) => item.symbol === symbol);

  it("unique-symbol trap: the one CoinMarketCap ARDL, within depth 500, is another asset", async () => {
    const coin = ccCoin("ARDL");
    expect(coin.item.CoinInfo.FullName).toBe("Ardent Ledger");
    const [only, ...others] = listing("ARDL");
    expect(others).toEqual([]);
    expect(only).toMatchObject({ name: "Pixelburst", slug: "pixelburst", circulating_supply: 0 });
    expect(only?.quote.USD.market_cap).toBe(0);
    expect(only?.self_reported_market_cap).toBeGreaterThan(0);
    expect(only?.cmc_rank).toBeLessThanOrEqual(500);
    const inDepth = (await cmcGet<CmcBody>(sim, "limit=500")).body.data.filter((item) => item.symbol === "ARDL");
    expect(inDepth).toHaveLength(1);
    expect(coin.price / (only?.quote.USD.price ?? 1)).toBeGreaterThan(10);
    expect(shareAWord("Ardent Ledger", only?.name ?? "")).toBe(false);
    expect(truth.get("ARDL")).toMatchObject({ cmcId: null, cgId: null, priceUsd: null, expected: "not_listed" });
  });

  it("rebrand across symbols: CryptoCompare VNT is CoinMarketCap VLR (velora), by name and market", () => {
    const coin = ccCoin("VNT");
    expect(coin.item.CoinInfo.FullName).toBe("Velora Network Token");
    expect(listing("VNT")).toEqual([]);
    const [velora] = listing("VLR");
    expect(velora).toMatchObject({ name: "Velora", slug: "velora", platform: null });
    expect(Math.abs(coin.price / (velora?.quote.USD.price ?? 1) - 1)).toBeLessThan(0.005);
    expect(coinlist.Data.VNT).toMatchObject({ PlatformType: "blockchain", SmartContractAddress: "N/A" });
    expect(truth.get("VNT")).toMatchObject({
      cmcId: velora?.id,
      cgId: "velora",
      priceUsd: velora?.quote.USD.price,
      expected: "priced",
    });
  });

  it("starred ticker: HOT* is Hydro Protocol (2430), HOT stays Holo (2682)", () => {
    const coin = ccCoin("HOT*");
    expect(coin.item.CoinInfo.FullName).toBe("Hydro Protocol");
    expect(coinlist.Data["HOT*"]).toMatchObject({ Symbol: "HOT*", CoinName: "Hydro Protocol" });
    const hydro = cmc.find((item) => item.id === 2430);
    expect(hydro).toMatchObject({ symbol: "HOT", name: "Hydro Protocol" });
    expect(truth.get("HOT*")).toMatchObject({ cmcId: 2430, cgId: "hydro-protocol", priceUsd: hydro?.quote.USD.price });
    expect(truth.get("HOT")).toMatchObject({ name: "Holo", cmcId: 2682, expected: "priced" });
  });

  it("deep coin: ~150th by volume, beyond CoinMarketCap rank 500, priced by id", async () => {
    const coin = ccCoin("TDW");
    expect(coin.rank).toBeGreaterThan(100);
    expect(coin.rank).toBeLessThanOrEqual(200);
    const [deep] = listing("TDW");
    expect(deep?.name).toBe("Tidewell");
    expect(deep?.cmc_rank).toBeGreaterThan(500);
    expect(deep?.cmc_rank).toBeLessThan(714);
    const raw = coin.item.RAW?.USD ?? {};
    expect(Number(raw.TOTALVOLUME24HTO) / Number(raw.MKTCAP)).toBeGreaterThan(0.5);
    const { body } = await cmcGetAt<CmcQuotesBody>(sim, CMC_QUOTES, `id=${deep?.id}`);
    const quoted = body.data[String(deep?.id)]?.quote.USD.price;
    expect(truth.get("TDW")).toMatchObject({ cmcId: deep?.id, cgId: "tidewell", priceUsd: quoted, expected: "priced" });
    // Many ordinary coins are beyond a shallow pricing depth too.
    const rankOf = new Map(cmc.map((item) => [item.id, item.cmc_rank]));
    const priced = [...truth.values()].filter((row) => row.cmcId !== null);
    expect(priced.filter((row) => (rankOf.get(row.cmcId ?? 0) ?? 0) > 100).length).toBeGreaterThan(90);
    expect(priced.filter((row) => (rankOf.get(row.cmcId ?? 0) ?? 0) > 500).length).toBeGreaterThanOrEqual(2);
  });

  it("contract only: Nimbus Bridge (NMB) is Stratus (STRX), the same Ethereum contract in another case", async () => {
    const coin = ccCoin("NMB");
    expect(coin.item.CoinInfo.FullName).toBe("Nimbus Bridge");
    expect(listing("NMB")).toEqual([]);
    const [stratus] = listing("STRX");
    expect(stratus).toMatchObject({ name: "Stratus", slug: "stratus" });
    expect(shareAWord("Nimbus Bridge", "Stratus")).toBe(false);
    const address = stratus?.platform?.token_address ?? "";
    expect(stratus?.platform).toMatchObject({ slug: "ethereum", symbol: "ETH" });
    const entry = coinlist.Data.NMB;
    expect(entry).toMatchObject({ PlatformType: "token", BuiltOn: "ETH", SmartContractAddress: address.toLowerCase() });
    expect(entry?.SmartContractAddress).not.toBe(address);
    const { body: list } = await getJson<CgListItem[]>(`${sim.url}${CG_COINS_LIST}?include_platform=true`);
    expect(list.find((item) => item.id === "stratus")?.platforms).toEqual({ ethereum: address.toLowerCase() });
    expect(truth.get("NMB")).toMatchObject({ cmcId: stratus?.id, cgId: "stratus", expected: "priced" });
  });

  it("IOTA is priced by 1720 on name and market; ABC is not listed (its ABCs share only the symbol)", () => {
    const iota = cmc.find((item) => item.id === 1720);
    expect(truth.get("IOT")).toMatchObject({ cmcId: 1720, priceUsd: iota?.quote.USD.price, expected: "priced" });
    const abcs = listing("ABC");
    expect(abcs.map((item) => item.name).sort()).toEqual(["ABC Token", "AlphaBeta Chain"]);
    for (const item of abcs) expect(shareAWord("Alpha Beta Coin", item.name)).toBe(false);
    expect(truth.get("ABC")).toMatchObject({ cmcId: null, priceUsd: null, expected: "not_listed" });
  });
});
