// Failover between providers, end to end: the whole stack as separate processes against the
// simulator, with CoinGecko as the fallback of both roles. Faults switched on at the simulator
// move a role to CoinGecko, and clearing them brings it back to its primary.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../harness/databases";
import { type RunningStack, startStack, waitFor } from "../../harness/stack";

const REFRESH_SECONDS = 2;
const PROBE_SECONDS = 2;

interface Selection {
  primary: string;
  mode: string;
  reason: string | null;
  since: string;
}

interface SourceMeta {
  provider: string;
  selection: Selection | null;
  refreshSeconds: number;
  creditsToday: number;
}

interface ApiBody {
  data: {
    rank: number;
    symbol: string;
    rankingId: string;
    pricingProvider: string | null;
    pricingId: string | null;
    priceUsd: number | null;
  }[];
  meta: { ranking: SourceMeta; pricing: SourceMeta };
}

interface Market {
  id: string;
  symbol: string;
  current_price: number;
  market_cap_rank: number | null;
}

describe("failover to CoinGecko and back", () => {
  let database: TestDatabase;
  let stack: RunningStack;

  const top = async (): Promise<ApiBody> =>
    (await fetch(`${stack.webUrl}/api/top?limit=200`)).json() as Promise<ApiBody>;
  const fault = async (spec: Record<string, unknown> | null) => {
    const response = await fetch(`${stack.simUrl}/_sim/fault`, {
      method: spec ? "POST" : "DELETE",
      headers: { "content-type": "application/json" },
      body: spec ? JSON.stringify(spec) : undefined,
    });
    expect(response.ok, `fault answered ${response.status}`).toBe(true);
  };
  // The first two pages: PRICING_DEPTH=500 reads both.
  // CoinGecko's whole simulated list: the price list's pages, and the coins deeper than it that
  // the pricing service fetches by id.
  const markets = async (): Promise<Market[]> => {
    const pages = await Promise.all(
      [1, 2, 3].map((page) =>
        fetch(`${stack.simUrl}/api/v3/coins/markets?vs_currency=usd&order=market_cap_desc&per_page=250&page=${page}`),
      ),
    );
    return (await Promise.all(pages.map((response) => response.json() as Promise<Market[]>))).flat();
  };
  const until = (what: string, test: (body: ApiBody) => boolean, timeoutMs: number) =>
    waitFor(
      what,
      async () => {
        const body = await top();
        return test(body) ? body : undefined;
      },
      timeoutMs,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${stack.logs()}`);
    });

  beforeAll(async () => {
    database = await createSqliteDatabase();
    stack = await startStack({
      databaseUrl: database.url,
      refreshSeconds: REFRESH_SECONDS,
      extraEnv: (simUrl) => ({
        COINGECKO_BASE_URL: `${simUrl}/api/v3`,
        PRICING_FALLBACK: "coingecko",
        RANKING_FALLBACK: "coingecko",
        FAILOVER_PROBE_SECONDS: String(PROBE_SECONDS),
        FAILOVER_AFTER_FAILURES: "3",
        PRICING_DEPTH: "500",
        // The simulator has no per-minute limit; the limiter's own tests cover it.
        COINGECKO_CALLS_PER_MINUTE: "0",
      }),
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it("starts on the configured primaries and says so", async () => {
    const body = await top();
    expect(body.meta.ranking.provider).toBe("cryptocompare");
    expect(body.meta.pricing.provider).toBe("coinmarketcap");
    expect(body.meta.pricing.selection).toMatchObject({ primary: "coinmarketcap", mode: "configured", reason: null });
    expect(body.meta.ranking.selection).toMatchObject({ primary: "cryptocompare", mode: "configured", reason: null });
    const priced = body.data.filter((row) => row.priceUsd !== null);
    expect(priced.length).toBeGreaterThan(150);
    expect(new Set(priced.map((row) => row.pricingProvider))).toEqual(new Set(["coinmarketcap"]));
    // The simulator bills listings/latest as CoinMarketCap does: 1 credit per 200 coins, so 3 for 500.
    const health = (await (await fetch(`${stack.webUrl}/api/health`)).json()) as { sources: { pricing: SourceMeta } };
    expect(health.sources.pricing.creditsToday).toBeGreaterThanOrEqual(3);
    expect(health.sources.pricing.refreshSeconds).toBe(REFRESH_SECONDS);
  });

  it("moves pricing to CoinGecko on a refused key, and back once CoinMarketCap answers again", async () => {
    await fault({ target: "coinmarketcap", mode: "error_code", errorCode: 1001 });
    const moved = await until(
      "pricing on CoinGecko",
      (body) => body.meta.pricing.provider === "coingecko",
      (REFRESH_SECONDS + 8) * 1000,
    );
    expect(moved.meta.pricing.selection).toMatchObject({ primary: "coinmarketcap", mode: "failover" });
    expect(moved.meta.pricing.selection?.reason).toMatch(
      /^coinmarketcap failed \(auth: .*\); coingecko serves the pricing/,
    );
    // Every priced row says CoinGecko priced it, at CoinGecko's price for the coin.
    const gecko = new Map((await markets()).map((market) => [market.id, market.current_price]));
    const priced = moved.data.filter((row) => row.priceUsd !== null);
    expect(priced.length).toBeGreaterThan(150);
    for (const row of priced) {
      expect(row.pricingProvider, row.symbol).toBe("coingecko");
      expect(row.priceUsd, row.symbol).toBe(gecko.get(row.pricingId ?? ""));
    }

    await fault(null);
    const back = await until(
      "pricing back on CoinMarketCap",
      (body) => body.meta.pricing.provider === "coinmarketcap",
      (PROBE_SECONDS + REFRESH_SECONDS + 8) * 1000,
    );
    expect(back.meta.pricing.selection).toMatchObject({ primary: "coinmarketcap", mode: "configured" });
    expect(back.meta.pricing.selection?.reason).toMatch(/^coinmarketcap answers again; coingecko served the pricing/);
    expect(back.data.find((row) => row.priceUsd !== null)?.pricingProvider).toBe("coinmarketcap");
  });

  it("moves ranking to CoinGecko after three failures in a row, and back", async () => {
    await fault({ target: "cryptocompare", mode: "status", status: 503 });
    // Three failed cycles with backoff (2 s, then 4 s, with jitter) before the move.
    const moved = await until("ranking on CoinGecko", (body) => body.meta.ranking.provider === "coingecko", 30_000);
    expect(moved.meta.ranking.selection?.reason).toMatch(
      /^cryptocompare failed \(3 failures in a row, the last \w+: cryptocompare .*\); coingecko serves the ranking/,
    );
    const ranked = (await markets()).filter((market) => market.market_cap_rank !== null).slice(0, 200);
    expect(moved.data.map((row) => row.rankingId)).toEqual(ranked.map((market) => market.id));

    await fault(null);
    const back = await until(
      "ranking back on CryptoCompare",
      (body) => body.meta.ranking.provider === "cryptocompare",
      (PROBE_SECONDS + REFRESH_SECONDS + 8) * 1000,
    );
    expect(back.meta.ranking.selection).toMatchObject({ primary: "cryptocompare", mode: "configured" });
  });

  it("moves pricing to CoinGecko within one interval when CoinMarketCap's daily credits run out (1009)", async () => {
    await until("pricing on CoinMarketCap", (body) => body.meta.pricing.provider === "coinmarketcap", 10_000);
    await fault({ target: "coinmarketcap", mode: "error_code", errorCode: 1009 });
    const started = Date.now();
    const moved = await until(
      "pricing on CoinGecko",
      (body) => body.meta.pricing.provider === "coingecko",
      (REFRESH_SECONDS + 8) * 1000,
    );
    // The next cycle fetches from CoinGecko at once: one interval, plus the fetch and the web's
    // one-second change check.
    expect(Date.now() - started).toBeLessThan((REFRESH_SECONDS + 3) * 1000);
    expect(moved.meta.pricing.selection?.reason).toMatch(
      /^coinmarketcap failed \(quota: .*\); coingecko serves the pricing until coinmarketcap answers again \(next try 00:00 UTC\)$/,
    );
    const health = (await (await fetch(`${stack.webUrl}/api/health`)).json()) as {
      status: string;
      problems: string[];
      sources: { pricing: SourceMeta };
    };
    expect(health.status).toBe("degraded");
    expect(health.problems).toContain(
      `pricing is served by coingecko, a fallback: ${moved.meta.pricing.selection?.reason}`,
    );
    expect(health.sources.pricing).toMatchObject({ provider: "coingecko", selection: { mode: "failover" } });
  });
});
