// CoinGecko in both roles, with no CoinMarketCap or CryptoCompare key: the whole stack as separate
// processes against the simulator's CoinGecko endpoints, on a temporary SQLite file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../harness/databases";
import { type RunningStack, startStack } from "../../harness/stack";

interface ApiBody {
  data: { rank: number; rankingId: string; pricingId: string | null; priceUsd: number | null; matchedBy: string }[];
  meta: { ranking: { provider: string }; pricing: { provider: string }; simulated: boolean };
}

interface Market {
  id: string;
  current_price: number;
  market_cap_rank: number | null;
}

describe("CoinGecko as the ranking and the pricing provider, keyless", () => {
  let database: TestDatabase;
  let stack: RunningStack;

  beforeAll(async () => {
    database = await createSqliteDatabase();
    stack = await startStack({
      databaseUrl: database.url,
      extraEnv: (simUrl) => ({
        RANKING_PROVIDER: "coingecko",
        PRICING_PROVIDER: "coingecko",
        COINGECKO_BASE_URL: `${simUrl}/api/v3`,
        PRICING_DEPTH: "250",
        CMC_API_KEY: "",
        CRYPTOCOMPARE_API_KEY: "",
      }),
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it("serves the top 200 joined by CoinGecko's own ids, at the simulator's prices", async () => {
    const body = (await (await fetch(`${stack.webUrl}/api/top?limit=200`)).json()) as ApiBody;
    expect(body.meta.ranking.provider).toBe("coingecko");
    expect(body.meta.pricing.provider).toBe("coingecko");
    expect(body.meta.simulated).toBe(true);
    expect(body.data).toHaveLength(200);
    const markets = (await (
      await fetch(`${stack.simUrl}/api/v3/coins/markets?vs_currency=usd&order=market_cap_desc&per_page=250&page=1`)
    ).json()) as Market[];
    const ranked = markets.filter((market) => market.market_cap_rank !== null).slice(0, 200);
    expect(body.data.map((row) => row.rankingId)).toEqual(ranked.map((market) => market.id));
    for (const [index, row] of body.data.entries()) {
      expect(row.rank).toBe(index + 1);
      expect(row.matchedBy).toBe("id");
      expect(row.pricingId).toBe(row.rankingId);
      expect(row.priceUsd).toBe(ranked[index]?.current_price);
    }
  });
});
