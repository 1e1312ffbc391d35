// Which provider client each role uses, chosen by RANKING_PROVIDER and PRICING_PROVIDER. One
// provider may play both roles (CoinGecko); the merge then joins the lists by its own ids.
import type { AppConfig } from "@/lib/config";
import type { PricingFetch, RankingFetch } from "@/lib/domain/types";
import { fetchCoinGeckoMarkets } from "@/lib/providers/coingecko/client";
import { CG_DEFAULT_BASE_URLS } from "@/lib/providers/coingecko/connection";
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

/** The providers refresh their data every 60 s: polling their own hosts faster only spends quota. */
export const PROVIDER_REFRESH_FLOOR_SECONDS = 60;

const DEFAULT_HOSTS: Record<string, readonly string[]> = {
  coinmarketcap: ["https://pro-api.coinmarketcap.com"],
  cryptocompare: ["https://min-api.cryptocompare.com"],
  coingecko: Object.values(CG_DEFAULT_BASE_URLS),
};

function baseUrlOf(config: AppConfig, provider: string): string {
  if (provider === "coinmarketcap") return config.CMC_BASE_URL;
  if (provider === "cryptocompare") return config.CRYPTOCOMPARE_BASE_URL;
  return config.COINGECKO_BASE_URL ?? CG_DEFAULT_BASE_URLS[config.COINGECKO_PLAN];
}

/**
 * The refresh interval a role really uses: the configured one, raised to 60 s when the provider is
 * called on its own public host. A mirror or the simulator polls as often as configured.
 */
export function effectiveInterval(
  config: AppConfig,
  role: "ranking" | "pricing",
): { seconds: number; raised: boolean } {
  const configured = role === "ranking" ? config.RANKING_REFRESH_SECONDS : config.PRICING_REFRESH_SECONDS;
  const provider = role === "ranking" ? config.RANKING_PROVIDER : config.PRICING_PROVIDER;
  const onProviderHost = (DEFAULT_HOSTS[provider] ?? []).includes(baseUrlOf(config, provider));
  if (onProviderHost && configured < PROVIDER_REFRESH_FLOOR_SECONDS) {
    return { seconds: PROVIDER_REFRESH_FLOOR_SECONDS, raised: true };
  }
  return { seconds: configured, raised: false };
}
