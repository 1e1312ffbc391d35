// Which provider client each role uses, chosen by RANKING_PROVIDER and PRICING_PROVIDER. One
// provider may play both roles (CoinGecko); the merge then joins the lists by its own ids.
import { type AppConfig, missingKey } from "@/lib/config";
import type { PricingFetch, RankingFetch } from "@/lib/domain/types";
import type { Logger } from "@/lib/log";
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

const KEY_HINTS: Record<string, string> = {
  CRYPTOCOMPARE_API_KEY: "ranking by CryptoCompare needs an API key (or set RANKING_PROVIDER=coingecko",
  CMC_API_KEY: "pricing by CoinMarketCap needs an API key (or set PRICING_PROVIDER=coingecko",
  COINGECKO_API_KEY: "COINGECKO_PLAN=pro needs a Pro key (or unset COINGECKO_PLAN to call CoinGecko's public host",
};

/** Why a role cannot start with the configured provider (a missing key), or null. */
export function missingKeyFor(config: AppConfig, role: "ranking" | "pricing"): string | null {
  const key = missingKey(config, role);
  if (key === null) return null;
  return `${key} is not set: ${KEY_HINTS[key]}, or run \`npm run demo\` for the offline simulator)`;
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

/** CoinMarketCap bills listings/latest one credit per 200 coins returned, rounded up. */
export function cmcCreditsPerCall(depth: number): number {
  return Math.ceil(depth / 200);
}

/** The shortest pricing interval that keeps a day of CoinMarketCap calls within the daily credits. */
export function budgetIntervalSeconds(dailyCredits: number, creditsPerCall: number): number {
  const callsPerDay = Math.floor(dailyCredits / creditsPerCall);
  // Fewer credits than one call: one call a day is the least a service can do.
  return callsPerDay < 1 ? 86_400 : Math.ceil(86_400 / callsPerDay);
}

export interface EffectiveInterval {
  seconds: number;
  /** Why the configured interval was raised, or null when it was not. */
  raisedBy: "provider_refresh" | "credit_budget" | null;
}

/**
 * The refresh interval a role really uses: the configured one, raised to 60 s when the provider is
 * called on its own public host (a mirror or the simulator polls as configured), and for
 * CoinMarketCap pricing to what keeps a day's calls within CMC_DAILY_CREDITS (0: no budget).
 */
export function effectiveInterval(config: AppConfig, role: "ranking" | "pricing"): EffectiveInterval {
  const configured = role === "ranking" ? config.RANKING_REFRESH_SECONDS : config.PRICING_REFRESH_SECONDS;
  const provider = role === "ranking" ? config.RANKING_PROVIDER : config.PRICING_PROVIDER;
  let result: EffectiveInterval = { seconds: configured, raisedBy: null };
  const onProviderHost = (DEFAULT_HOSTS[provider] ?? []).includes(baseUrlOf(config, provider));
  if (onProviderHost && result.seconds < PROVIDER_REFRESH_FLOOR_SECONDS) {
    result = { seconds: PROVIDER_REFRESH_FLOOR_SECONDS, raisedBy: "provider_refresh" };
  }
  if (provider === "coinmarketcap" && config.CMC_DAILY_CREDITS > 0) {
    const budget = budgetIntervalSeconds(config.CMC_DAILY_CREDITS, cmcCreditsPerCall(config.PRICING_DEPTH));
    if (budget > result.seconds) result = { seconds: budget, raisedBy: "credit_budget" };
  }
  return result;
}

/** effectiveInterval, saying in the log when and why the configured interval was raised. */
export function intervalFor(config: AppConfig, role: "ranking" | "pricing", logger: Logger): number {
  const interval = effectiveInterval(config, role);
  const variable = role === "ranking" ? "RANKING_REFRESH_SECONDS" : "PRICING_REFRESH_SECONDS";
  if (interval.raisedBy) {
    logger.warn(
      { configured: config[variable], effective: interval.seconds, reason: interval.raisedBy },
      interval.raisedBy === "credit_budget"
        ? `polling every ${interval.seconds} s to stay within CMC_DAILY_CREDITS=${config.CMC_DAILY_CREDITS} a day (0 turns the budget off)`
        : `${variable} is below the provider's own refresh of 60 s; polling its public host every 60 s`,
    );
  }
  return interval.seconds;
}
