// Which provider client each role uses, chosen by RANKING_PROVIDER and PRICING_PROVIDER. One
// provider may play both roles (CoinGecko); the merge then joins the lists by its own ids.
import type { AppConfig } from "@/lib/config";
import type { PricingFetch, RankingFetch } from "@/lib/domain/types";
import { fetchCoinGeckoMarkets } from "@/lib/providers/coingecko/client";
import { fetchCoinMarketCapListings } from "@/lib/providers/coinmarketcap/client";
import { fetchCryptoCompareRanking } from "@/lib/providers/cryptocompare/client";

function http(config: AppConfig, signal: AbortSignal) {
  return {
    timeoutMs: config.HTTP_TIMEOUT_MS,
    retries: config.HTTP_RETRIES,
    maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
    signal,
  };
}

function coinGecko(config: AppConfig, depth: number, signal: AbortSignal) {
  return fetchCoinGeckoMarkets({
    baseUrl: config.COINGECKO_BASE_URL,
    apiKey: config.COINGECKO_API_KEY,
    plan: config.COINGECKO_PLAN,
    depth,
    ...http(config, signal),
  });
}

export interface RankingSource {
  provider: AppConfig["RANKING_PROVIDER"];
  fetch(signal: AbortSignal): Promise<RankingFetch>;
}

export interface PricingSource {
  provider: AppConfig["PRICING_PROVIDER"];
  fetch(signal: AbortSignal): Promise<PricingFetch>;
}

export function rankingSource(config: AppConfig): RankingSource {
  const provider = config.RANKING_PROVIDER;
  if (provider === "coingecko") {
    return { provider, fetch: (signal) => coinGecko(config, config.RANKING_DEPTH, signal) };
  }
  return {
    provider,
    fetch: (signal) =>
      fetchCryptoCompareRanking({
        baseUrl: config.CRYPTOCOMPARE_BASE_URL,
        apiKey: config.CRYPTOCOMPARE_API_KEY,
        toplist: config.CRYPTOCOMPARE_TOPLIST,
        depth: config.RANKING_DEPTH,
        ...http(config, signal),
      }),
  };
}

export function pricingSource(config: AppConfig): PricingSource {
  const provider = config.PRICING_PROVIDER;
  if (provider === "coingecko") {
    return { provider, fetch: (signal) => coinGecko(config, config.PRICING_DEPTH, signal) };
  }
  return {
    provider,
    fetch: (signal) =>
      fetchCoinMarketCapListings({
        baseUrl: config.CMC_BASE_URL,
        apiKey: config.CMC_API_KEY,
        depth: config.PRICING_DEPTH,
        ...http(config, signal),
      }),
  };
}

/** Why a role cannot start with the configured provider (a missing key), or null. */
export function missingKeyFor(config: AppConfig, role: "ranking" | "pricing"): string | null {
  const provider = role === "ranking" ? config.RANKING_PROVIDER : config.PRICING_PROVIDER;
  if (provider === "cryptocompare" && !config.CRYPTOCOMPARE_API_KEY) {
    return "CRYPTOCOMPARE_API_KEY is not set: ranking by CryptoCompare needs an API key (or set RANKING_PROVIDER=coingecko, or run `npm run demo` for the offline simulator)";
  }
  if (provider === "coinmarketcap" && !config.CMC_API_KEY) {
    return "CMC_API_KEY is not set: pricing by CoinMarketCap needs an API key (or set PRICING_PROVIDER=coingecko, or run `npm run demo` for the offline simulator)";
  }
  if (provider === "coingecko" && config.COINGECKO_PLAN === "pro" && !config.COINGECKO_API_KEY) {
    return "COINGECKO_API_KEY is not set: COINGECKO_PLAN=pro needs a Pro key (or unset COINGECKO_PLAN to call CoinGecko's public host)";
  }
  return null;
}
