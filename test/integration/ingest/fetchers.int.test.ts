import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, PROVIDERS } from "@/lib/config";
import { cmcDailyCredits, coinGeckoCallsPerMinute, configuredProvider } from "@/lib/providers/allowances";
import type { RunningSimulator } from "@/simulator/server";
import { catchUpstreamError, type LocalServer, sendJson, startLocalServer } from "@/test/support/http-server";
import { startTestSimulator } from "@/test/support/simulator";
import {
  coinGeckoLimiter,
  effectiveInterval,
  intervalFor,
  missingKeyFor,
  pricingFetcher,
  rankingFetcher,
} from "../../../lib/ingest/fetchers";
import { roleStartProblem } from "../../../lib/ingest/role-source";

// Both paid keys set and no provider named: CryptoCompare ranks, CoinMarketCap prices.
const PAID = { CRYPTOCOMPARE_API_KEY: "cc", CMC_API_KEY: "cmc" };

describe("effectiveInterval", () => {
  it("raises an interval under 60 s to 60 s on a provider's own public host", () => {
    const config = loadConfig({
      ...PAID,
      PRICING_REFRESH_SECONDS: "10",
      RANKING_REFRESH_SECONDS: "5",
      CMC_DAILY_CREDITS: "0",
    });
    expect(effectiveInterval(config, "pricing")).toEqual({ seconds: 60, raisedBy: "provider_refresh" });
    expect(effectiveInterval(config, "ranking")).toEqual({ seconds: 60, raisedBy: "provider_refresh" });
  });

  it("does so for CoinGecko's public and Pro hosts, the default when no base URL is set", () => {
    const gecko = { RANKING_REFRESH_SECONDS: "30" };
    expect(effectiveInterval(loadConfig(gecko), "ranking")).toEqual({ seconds: 60, raisedBy: "provider_refresh" });
    const pro = loadConfig({
      ...gecko,
      COINGECKO_PLAN: "pro",
      COINGECKO_API_KEY: "pro-key",
      COINGECKO_BASE_URL: "https://pro-api.coingecko.com/api/v3",
    });
    expect(effectiveInterval(pro, "ranking")).toEqual({ seconds: 60, raisedBy: "provider_refresh" });
  });

  it("keeps the configured interval for a mirror or the simulator, and anything from 60 s up", () => {
    const simulator = loadConfig({
      ...PAID,
      CMC_DAILY_CREDITS: "0",
      CMC_BASE_URL: "http://127.0.0.1:4100",
      CRYPTOCOMPARE_BASE_URL: "http://127.0.0.1:4100",
      PRICING_REFRESH_SECONDS: "1",
      RANKING_REFRESH_SECONDS: "2",
    });
    expect(effectiveInterval(simulator, "pricing")).toEqual({ seconds: 1, raisedBy: null });
    expect(effectiveInterval(simulator, "ranking")).toEqual({ seconds: 2, raisedBy: null });
    const gecko = loadConfig({ COINGECKO_BASE_URL: "http://127.0.0.1:4100/api/v3", RANKING_REFRESH_SECONDS: "1" });
    expect(effectiveInterval(gecko, "ranking")).toEqual({ seconds: 1, raisedBy: null });
    const slow = loadConfig({ ...PAID, PRICING_REFRESH_SECONDS: "90", CMC_DAILY_CREDITS: "0" });
    expect(effectiveInterval(slow, "pricing")).toEqual({ seconds: 90, raisedBy: null });
  });

  it("applies the rules of the provider named, whatever the role's configured one", () => {
    // Ranking runs on a CryptoCompare mirror; its CoinGecko fallback is called on the public host.
    const config = loadConfig({
      ...PAID,
      CRYPTOCOMPARE_BASE_URL: "http://127.0.0.1:4100",
      RANKING_REFRESH_SECONDS: "5",
      RANKING_FALLBACK: "coingecko,coinmarketcap",
      PRICING_PROVIDER: "cryptocompare",
    });
    expect(effectiveInterval(config, "ranking")).toEqual({ seconds: 5, raisedBy: null });
    expect(effectiveInterval(config, "ranking", "coingecko")).toEqual({ seconds: 60, raisedBy: "provider_refresh" });
    // CoinMarketCap as the ranking's fallback: 200 coins cost 1 credit, and only ranking may call it.
    expect(effectiveInterval(config, "ranking", "coinmarketcap")).toEqual({ seconds: 260, raisedBy: "credit_budget" });
  });
});

describe("the CoinMarketCap credit budget", () => {
  it("raises the pricing interval to stay within CMC_DAILY_CREDITS, on any host; 0 turns it off", () => {
    expect(effectiveInterval(loadConfig(PAID), "pricing")).toEqual({ seconds: 779, raisedBy: "credit_budget" });
    const mirror = {
      ...PAID,
      CMC_BASE_URL: "http://127.0.0.1:4100",
      PRICING_REFRESH_SECONDS: "2",
      PRICING_DEPTH: "200",
    };
    expect(effectiveInterval(loadConfig({ ...mirror, CMC_DAILY_CREDITS: "10000" }), "pricing")).toEqual({
      seconds: 9,
      raisedBy: "credit_budget",
    });
    expect(effectiveInterval(loadConfig({ ...mirror, CMC_DAILY_CREDITS: "0" }), "pricing")).toEqual({
      seconds: 2,
      raisedBy: null,
    });
    // A budget looser than the configured interval changes nothing; CoinGecko has no credits.
    expect(effectiveInterval(loadConfig({ ...PAID, PRICING_REFRESH_SECONDS: "3600" }), "pricing").seconds).toBe(3600);
    const gecko = loadConfig({ COINGECKO_BASE_URL: "http://127.0.0.1:4100/api/v3", PRICING_REFRESH_SECONDS: "5" });
    expect(effectiveInterval(gecko, "pricing")).toEqual({ seconds: 5, raisedBy: null });
  });

  it("budgets CoinMarketCap ranking by RANKING_DEPTH, sharing the day's credits when both roles may call it", () => {
    // Ranking alone on CoinMarketCap: 200 coins are 1 credit, 333 calls a day, one every 260 s.
    const rankingOnly = loadConfig({ ...PAID, RANKING_PROVIDER: "coinmarketcap", PRICING_PROVIDER: "cryptocompare" });
    expect(cmcDailyCredits(rankingOnly, "ranking")).toBe(333);
    expect(effectiveInterval(rankingOnly, "ranking")).toEqual({ seconds: 260, raisedBy: "credit_budget" });
    // Both roles on one key: 166 credits each; ranking 1 credit a call (521 s), pricing 3 (1571 s).
    const both = loadConfig({ ...PAID, RANKING_PROVIDER: "coinmarketcap" });
    expect([cmcDailyCredits(both, "ranking"), cmcDailyCredits(both, "pricing")]).toEqual([166, 166]);
    expect(effectiveInterval(both, "ranking")).toEqual({ seconds: 521, raisedBy: "credit_budget" });
    expect(effectiveInterval(both, "pricing")).toEqual({ seconds: 1571, raisedBy: "credit_budget" });
  });
});

describe("the keyless CoinGecko call limiter", () => {
  it("is absent when there is no limit", () => {
    expect(coinGeckoLimiter(loadConfig({ COINGECKO_CALLS_PER_MINUTE: "0" }), "pricing")).toBeUndefined();
    expect(coinGeckoLimiter(loadConfig({ COINGECKO_API_KEY: "demo-key" }), "pricing")).toBeUndefined();
  });

  it("keeps one limiter per role for a configuration, shared by every fetcher of that role", () => {
    const config = loadConfig({});
    expect(coinGeckoLimiter(config, "pricing")).toBe(coinGeckoLimiter(config, "pricing"));
    expect(coinGeckoLimiter(config, "pricing")).not.toBe(coinGeckoLimiter(config, "ranking"));
    expect(coinGeckoLimiter(config, "ranking")).toBeDefined();
  });
});

describe("provider selection", () => {
  it("picks each role's configured provider", () => {
    const roles = (config: ReturnType<typeof loadConfig>) => {
      const ranking = rankingFetcher(config, configuredProvider(config, "ranking"));
      const pricing = pricingFetcher(config, configuredProvider(config, "pricing"));
      return [ranking.provider, pricing.provider];
    };
    expect(roles(loadConfig(PAID))).toEqual(["cryptocompare", "coinmarketcap"]);
    const swapped = loadConfig({ ...PAID, RANKING_PROVIDER: "coinmarketcap", PRICING_PROVIDER: "cryptocompare" });
    expect(roles(swapped)).toEqual(["coinmarketcap", "cryptocompare"]);
    expect(roles(loadConfig({}))).toEqual(["coingecko", "coingecko"]);
  });

  it("builds a fetcher for every provider in either role", () => {
    const config = loadConfig(PAID);
    for (const provider of PROVIDERS) {
      expect(rankingFetcher(config, provider).provider).toBe(provider);
      expect(pricingFetcher(config, provider).provider).toBe(provider);
    }
  });
});

describe("missingKeyFor", () => {
  const demo = "or run `npm run demo` for the offline simulator";
  const cmcSignup = "get one at https://pro.coinmarketcap.com/signup";
  const ccSignup = "get one at https://www.cryptocompare.com/cryptopian/api-keys";

  it("names the key a named provider needs, where to get one and what unsetting the variable would use", () => {
    expect(missingKeyFor(loadConfig({ PRICING_PROVIDER: "coinmarketcap" }), "pricing")).toBe(
      `CMC_API_KEY is not set: pricing by CoinMarketCap needs a key — ${cmcSignup}, or unset PRICING_PROVIDER to use CoinGecko's keyless API, ${demo}`,
    );
    expect(missingKeyFor(loadConfig({ RANKING_PROVIDER: "coinmarketcap" }), "ranking")).toBe(
      `CMC_API_KEY is not set: ranking by CoinMarketCap needs a key — ${cmcSignup}, or unset RANKING_PROVIDER to use CoinGecko's keyless API, ${demo}`,
    );
    expect(missingKeyFor(loadConfig({ RANKING_PROVIDER: "cryptocompare" }), "ranking")).toBe(
      `CRYPTOCOMPARE_API_KEY is not set: ranking by CryptoCompare needs a key — ${ccSignup}, or unset RANKING_PROVIDER to use CoinGecko's keyless API, ${demo}`,
    );
    // With CryptoCompare's key set, an unset RANKING_PROVIDER means CryptoCompare, not CoinGecko.
    expect(
      missingKeyFor(loadConfig({ CRYPTOCOMPARE_API_KEY: "cc", RANKING_PROVIDER: "coinmarketcap" }), "ranking"),
    ).toBe(
      `CMC_API_KEY is not set: ranking by CoinMarketCap needs a key — ${cmcSignup}, or unset RANKING_PROVIDER to use CryptoCompare, ${demo}`,
    );
    expect(missingKeyFor(loadConfig({ CMC_API_KEY: "cmc", PRICING_PROVIDER: "cryptocompare" }), "pricing")).toBe(
      `CRYPTOCOMPARE_API_KEY is not set: pricing by CryptoCompare needs a key — ${ccSignup}, or unset PRICING_PROVIDER to use CoinMarketCap, ${demo}`,
    );
  });

  it("asks only for the key the provider needs: none for keyless CoinGecko, a Pro key on the Pro plan", () => {
    expect(missingKeyFor(loadConfig({ CMC_API_KEY: "k" }), "pricing")).toBeNull();
    expect(missingKeyFor(loadConfig({ CMC_API_KEY: "k", RANKING_PROVIDER: "coinmarketcap" }), "ranking")).toBeNull();
    const keyless = loadConfig({});
    expect(missingKeyFor(keyless, "ranking")).toBeNull();
    expect(missingKeyFor(keyless, "pricing")).toBeNull();
    expect(missingKeyFor(loadConfig({ COINGECKO_PLAN: "pro" }), "pricing")).toBe(
      `COINGECKO_API_KEY is not set: COINGECKO_PLAN=pro needs a Pro key — get one at https://www.coingecko.com/en/api/pricing, or unset COINGECKO_PLAN to use CoinGecko's keyless API, ${demo}`,
    );
  });
});

describe("roleStartProblem", () => {
  it("names a fallback's missing key in the doctor's words once the primary has what it needs", () => {
    const config = loadConfig({ CMC_API_KEY: "cmc", PRICING_FALLBACK: "coingecko,cryptocompare" });
    expect(roleStartProblem(config, "pricing")).toBe(
      "CRYPTOCOMPARE_API_KEY is not set: the pricing fallback CryptoCompare needs a key — get one at https://www.cryptocompare.com/cryptopian/api-keys, or remove cryptocompare from PRICING_FALLBACK",
    );
    expect(roleStartProblem(config, "ranking")).toBeNull();
  });

  it("names the primary's missing key first", () => {
    const config = loadConfig({ PRICING_PROVIDER: "coinmarketcap", PRICING_FALLBACK: "cryptocompare" });
    expect(roleStartProblem(config, "pricing")).toBe(
      "CMC_API_KEY is not set: pricing by CoinMarketCap needs a key — get one at https://pro.coinmarketcap.com/signup, or unset PRICING_PROVIDER to use CoinGecko's keyless API, or run `npm run demo` for the offline simulator",
    );
  });
});

describe("intervalFor", () => {
  function capture() {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    return { logger, lines };
  }

  it("returns the effective interval and says once why it was raised", () => {
    const { logger, lines } = capture();
    expect(intervalFor(loadConfig(PAID), "pricing", logger)).toBe(779);
    expect(intervalFor(loadConfig({ ...PAID, RANKING_REFRESH_SECONDS: "10" }), "ranking", logger)).toBe(60);
    expect(
      intervalFor(loadConfig({ ...PAID, RANKING_FALLBACK: "coinmarketcap" }), "ranking", logger, "coinmarketcap"),
    ).toBe(521);
    expect(lines.map((line) => [line.reason, line.provider, line.effective, line.msg])).toEqual([
      [
        "credit_budget",
        "coinmarketcap",
        779,
        "polling CoinMarketCap every 779 s to stay within CMC_DAILY_CREDITS=333 a day (0 turns the budget off)",
      ],
      [
        "provider_refresh",
        "cryptocompare",
        60,
        "RANKING_REFRESH_SECONDS is below the provider's own refresh of 60 s; polling CryptoCompare's public host every 60 s",
      ],
      [
        "credit_budget",
        "coinmarketcap",
        521,
        "polling CoinMarketCap every 521 s to stay within CMC_DAILY_CREDITS=333 a day (this role's share: 166) (0 turns the budget off)",
      ],
    ]);
  });

  it("logs nothing when the configured interval stands", () => {
    const { logger, lines } = capture();
    expect(intervalFor(loadConfig({ ...PAID, PRICING_REFRESH_SECONDS: "900" }), "pricing", logger)).toBe(900);
    expect(lines).toEqual([]);
  });
});

describe("the fetchers against the simulator", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());

  const configFor = () =>
    loadConfig({
      CMC_BASE_URL: sim.url,
      CMC_API_KEY: sim.cmcKey,
      CRYPTOCOMPARE_BASE_URL: sim.url,
      CRYPTOCOMPARE_API_KEY: sim.cryptocompareKey,
      COINGECKO_BASE_URL: `${sim.url}/api/v3`,
      RANKING_DEPTH: "50",
      PRICING_DEPTH: "120",
      HTTP_RETRIES: "0",
    });
  const signal = () => AbortSignal.timeout(10_000);

  it("ranks the same market from each provider: its own list, its own ids, its own prices", async () => {
    const config = configFor();
    const { market } = sim;
    const byCap = market.cmcRanking().slice(0, 50);
    const byVolume = market.ccRanking("totalvolfull").slice(0, 50);
    const [cmc, cc, gecko] = await Promise.all(
      (["coinmarketcap", "cryptocompare", "coingecko"] as const).map((provider) =>
        rankingFetcher(config, provider).fetch(signal()),
      ),
    );
    expect(cmc?.provider).toBe("coinmarketcap");
    expect(cmc?.entries.map((entry) => [entry.providerId, entry.priceUsd])).toEqual(
      byCap.map((asset) => [String(asset.cmc?.id), market.cmcPrice(asset)]),
    );
    expect(cmc?.creditCount).toBe(1);
    expect(cc?.provider).toBe("cryptocompare");
    expect(cc?.entries.map((entry) => [entry.providerId, entry.priceUsd])).toEqual(
      byVolume.map((asset) => [asset.cc?.id, asset.cc?.hasUsdMarket ? market.ccPrice(asset) : null]),
    );
    expect(gecko?.provider).toBe("coingecko");
    expect(gecko?.entries.map((entry) => [entry.providerId, entry.priceUsd])).toEqual(
      byCap.map((asset) => [asset.cmc?.slug, market.cmcPrice(asset)]),
    );
  });

  it("prices the same market from each provider; CryptoCompare from its market-cap list", async () => {
    const config = configFor();
    const { market } = sim;
    const byCap = market.cmcRanking().slice(0, 120);
    const ccByCap = market
      .ccRanking("mktcapfull")
      .slice(0, 120)
      .filter((asset) => asset.cc?.hasUsdMarket);
    const [cmc, cc, gecko] = await Promise.all(
      (["coinmarketcap", "cryptocompare", "coingecko"] as const).map((provider) =>
        pricingFetcher(config, provider).fetch(signal()),
      ),
    );
    expect(cmc?.quotes.map((quote) => [quote.providerId, quote.priceUsd])).toEqual(
      byCap.map((asset) => [String(asset.cmc?.id), market.cmcPrice(asset)]),
    );
    expect(cmc?.creditCount).toBe(1);
    expect(cc?.provider).toBe("cryptocompare");
    expect(cc?.quotes.map((quote) => [quote.providerId, quote.priceUsd])).toEqual(
      ccByCap.map((asset) => [asset.cc?.id, market.ccPrice(asset)]),
    );
    expect(cc?.creditCount).toBeNull();
    expect(gecko?.quotes.map((quote) => [quote.providerId, quote.priceUsd])).toEqual(
      byCap.map((asset) => [asset.cmc?.slug, market.cmcPrice(asset)]),
    );
    // One asset, three providers: CryptoCompare's price sits within 0.5% of CoinMarketCap's.
    const btc = (list: typeof cmc) => list?.quotes.find((quote) => quote.symbol === "BTC")?.priceUsd ?? 0;
    expect(btc(gecko)).toBe(btc(cmc));
    expect(Math.abs(btc(cc) / btc(cmc) - 1)).toBeLessThan(0.005);
  });
});

describe("a keyless CoinGecko fetcher under its call limit", () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      const page = Number(new URL(req.url ?? "", "http://local").searchParams.get("page"));
      const first = (page - 1) * 250 + 1;
      const coins = Array.from({ length: 250 }, (_, i) => first + i).map((n) => ({
        id: `coin-${n}`,
        symbol: `c${n}`,
        name: `Coin ${n}`,
        current_price: 1 / n,
        market_cap: 1e9 - n,
        market_cap_rank: n,
        total_volume: n,
        circulating_supply: n,
        last_updated: null,
      }));
      sendJson(res, 200, coins);
    });
  });
  afterAll(() => server.close());

  it("waits for the next minute before a second page, and stops waiting when the service stops", async () => {
    // One call a minute for pricing (ranking does not use CoinGecko), and 300 coins are two pages.
    const config = loadConfig({
      ...PAID,
      PRICING_PROVIDER: "coingecko",
      COINGECKO_BASE_URL: `${server.url}/api/v3`,
      COINGECKO_CALLS_PER_MINUTE: "1",
      PRICING_DEPTH: "300",
    });
    expect(coinGeckoCallsPerMinute(config, "pricing")).toBe(1);
    const controller = new AbortController();
    const pending = pricingFetcher(config, "coingecko").fetch(controller.signal);
    const deadline = Date.now() + 5_000;
    while (server.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    const error = await catchUpstreamError(pending);
    expect(error.message).toBe("coingecko coins/markets: request aborted by caller");
    expect(server.requests.map((request) => new URL(request.url, server.url).searchParams.get("page"))).toEqual(["1"]);
  });
});
