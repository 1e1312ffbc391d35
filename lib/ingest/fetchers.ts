// Which provider client serves a role. Every provider can play either role: RANKING_PROVIDER and
// PRICING_PROVIDER pick the primary, RANKING_FALLBACK and PRICING_FALLBACK the stand-ins, and a
// fetcher exists for each (role, provider) pair. When one provider plays both roles the merge
// joins the two lists by its own ids.
import { type AppConfig, missingProviderKey, PROVIDER_TITLES, type ProviderName } from "@/lib/config";
import type { PricingFetch, RankingFetch, SourceRole } from "@/lib/domain/types";
import { type CallLimiter, createCallLimiter } from "@/lib/http/call-limiter";
import type { Logger } from "@/lib/log";
import {
  budgetIntervalSeconds,
  cmcCreditsPerCall,
  cmcDailyCredits,
  coinGeckoCallsPerMinute,
  configuredProvider,
  depthOf,
} from "@/lib/providers/allowances";
import { CategoryCache, fetchCoinGeckoCategoryMembers, withCategories } from "@/lib/providers/coingecko/categories";
import { fetchCoinGeckoMarkets } from "@/lib/providers/coingecko/client";
import { CG_DEFAULT_BASE_URLS } from "@/lib/providers/coingecko/connection";
import { fetchCoinMarketCapListings } from "@/lib/providers/coinmarketcap/client";
import { fetchCoinMarketCapRanking } from "@/lib/providers/coinmarketcap/ranking";
import { fetchCryptoCompareRanking } from "@/lib/providers/cryptocompare/client";
import { fetchCryptoComparePrices } from "@/lib/providers/cryptocompare/pricing";
import { missingKeyMessage } from "@/lib/providers/key-hints";

export interface ProviderFetcher<T> {
  provider: ProviderName;
  fetch(signal: AbortSignal): Promise<T>;
}

/** A ranking fetch as a service records it; creditCount is set by providers that bill credits. */
export type RankingResult = RankingFetch & { warnings?: readonly string[]; creditCount?: number | null };
export type PricingResult = PricingFetch & { warnings?: readonly string[] };

// One limiter per role for the process's configuration, whichever fetchers are created for it:
// a primary and a fallback that both call CoinGecko draw on the same allowance.
const limiters = new WeakMap<AppConfig, Map<SourceRole, CallLimiter | undefined>>();

/** The role's limiter for keyless CoinGecko calls (markets pages and market_chart); undefined = none. */
export function coinGeckoLimiter(config: AppConfig, role: SourceRole): CallLimiter | undefined {
  let byRole = limiters.get(config);
  if (!byRole) {
    byRole = new Map();
    limiters.set(config, byRole);
  }
  if (!byRole.has(role)) {
    const perMinute = coinGeckoCallsPerMinute(config, role);
    byRole.set(role, perMinute > 0 ? createCallLimiter({ maxCalls: perMinute, windowMs: 60_000 }) : undefined);
  }
  return byRole.get(role);
}

export function http(config: AppConfig, signal: AbortSignal) {
  return {
    timeoutMs: config.HTTP_TIMEOUT_MS,
    retries: config.HTTP_RETRIES,
    maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
    signal,
  };
}

// CoinGecko's category lists, shared by the roles of one process's configuration.
const categoryCaches = new WeakMap<AppConfig, CategoryCache>();

/** CoinGecko's markets, each coin with its classes from the category lists (asked for once a day). */
async function coinGecko(config: AppConfig, role: SourceRole, signal: AbortSignal) {
  const connection = {
    baseUrl: config.COINGECKO_BASE_URL,
    apiKey: config.COINGECKO_API_KEY,
    plan: config.COINGECKO_PLAN,
    limiter: coinGeckoLimiter(config, role),
    ...http(config, signal),
  };
  const result = await fetchCoinGeckoMarkets({ ...connection, depth: depthOf(config, role) });
  // An empty list is refused as no answer (jobs.ts): no category calls for it.
  if (result.entries.length === 0 && result.quotes.length === 0) return result;
  let cache = categoryCaches.get(config);
  if (!cache) {
    cache = new CategoryCache(config.IDENTITY_REFRESH_SECONDS * 1000);
    categoryCaches.set(config, cache);
  }
  const warnings = [...result.warnings];
  const members = await cache.current(
    Date.now(),
    () => fetchCoinGeckoCategoryMembers(connection),
    (error) =>
      warnings.push(
        `no category lists (stablecoins, wrapped-tokens): ${error instanceof Error ? error.message : String(error)}; coins keep their last known classes`,
      ),
  );
  return {
    ...result,
    entries: withCategories(result.entries, members),
    quotes: withCategories(result.quotes, members),
    warnings,
  };
}

export function coinMarketCap(config: AppConfig, role: SourceRole, signal: AbortSignal) {
  return {
    baseUrl: config.CMC_BASE_URL,
    apiKey: config.CMC_API_KEY,
    depth: depthOf(config, role),
    ...http(config, signal),
  };
}

export function cryptoCompare(config: AppConfig, role: SourceRole, signal: AbortSignal) {
  return {
    baseUrl: config.CRYPTOCOMPARE_BASE_URL,
    apiKey: config.CRYPTOCOMPARE_API_KEY,
    depth: depthOf(config, role),
    ...http(config, signal),
  };
}

/** Fetches the ranking from any provider: CryptoCompare's toplist, CoinMarketCap's or CoinGecko's market-cap order. */
export function rankingFetcher(config: AppConfig, provider: ProviderName): ProviderFetcher<RankingResult> {
  switch (provider) {
    case "coingecko":
      return { provider, fetch: (signal) => coinGecko(config, "ranking", signal) };
    case "coinmarketcap":
      return { provider, fetch: (signal) => fetchCoinMarketCapRanking(coinMarketCap(config, "ranking", signal)) };
    case "cryptocompare":
      return {
        provider,
        fetch: (signal) =>
          fetchCryptoCompareRanking({
            ...cryptoCompare(config, "ranking", signal),
            toplist: config.CRYPTOCOMPARE_TOPLIST,
          }),
      };
  }
}

/**
 * Fetches prices from any provider. CryptoCompare prices always come from its market-cap toplist
 * (CRYPTOCOMPARE_TOPLIST picks the ranking's list only): see lib/providers/cryptocompare/pricing.ts.
 */
export function pricingFetcher(config: AppConfig, provider: ProviderName): ProviderFetcher<PricingResult> {
  switch (provider) {
    case "coingecko":
      return { provider, fetch: (signal) => coinGecko(config, "pricing", signal) };
    case "coinmarketcap":
      return { provider, fetch: (signal) => fetchCoinMarketCapListings(coinMarketCap(config, "pricing", signal)) };
    case "cryptocompare":
      return { provider, fetch: (signal) => fetchCryptoComparePrices(cryptoCompare(config, "pricing", signal)) };
  }
}

/**
 * Why a role cannot start with its configured provider (a missing key), or null: what the doctor
 * says of it, and, since services say it at start-up, the way to try the stack without any key.
 */
export function missingKeyFor(config: AppConfig, role: SourceRole): string | null {
  const provider = configuredProvider(config, role);
  const key = missingProviderKey(config, provider);
  if (key === null) return null;
  return `${missingKeyMessage(config, role, { kind: "primary" }, provider, key)}, or run \`npm run demo\` for the offline simulator`;
}

/** The providers refresh their data every 60 s: polling their own hosts faster only spends quota. */
export const PROVIDER_REFRESH_FLOOR_SECONDS = 60;

const DEFAULT_HOSTS: Record<ProviderName, readonly string[]> = {
  coinmarketcap: ["https://pro-api.coinmarketcap.com"],
  cryptocompare: ["https://min-api.cryptocompare.com"],
  coingecko: Object.values(CG_DEFAULT_BASE_URLS),
};

/** True when the provider is called on its own public host (not a mirror or the simulator). */
export function onProviderHost(config: AppConfig, provider: ProviderName): boolean {
  return DEFAULT_HOSTS[provider].includes(baseUrlOf(config, provider));
}

function baseUrlOf(config: AppConfig, provider: ProviderName): string {
  if (provider === "coinmarketcap") return config.CMC_BASE_URL;
  if (provider === "cryptocompare") return config.CRYPTOCOMPARE_BASE_URL;
  return config.COINGECKO_BASE_URL ?? CG_DEFAULT_BASE_URLS[config.COINGECKO_PLAN];
}

export interface EffectiveInterval {
  seconds: number;
  /** Why the configured interval was raised, or null when it was not. */
  raisedBy: "provider_refresh" | "credit_budget" | null;
}

/**
 * The refresh interval a role really uses with a provider (by default the role's configured one):
 * the configured interval, raised to 60 s when the provider is called on its own public host (a
 * mirror or the simulator polls as configured), and for CoinMarketCap to what keeps a day's calls
 * at the role's depth within the role's share of CMC_DAILY_CREDITS (0: no budget).
 */
export function effectiveInterval(
  config: AppConfig,
  role: SourceRole,
  provider: ProviderName = configuredProvider(config, role),
): EffectiveInterval {
  const configured = role === "ranking" ? config.RANKING_REFRESH_SECONDS : config.PRICING_REFRESH_SECONDS;
  let result: EffectiveInterval = { seconds: configured, raisedBy: null };
  if (onProviderHost(config, provider) && result.seconds < PROVIDER_REFRESH_FLOOR_SECONDS) {
    result = { seconds: PROVIDER_REFRESH_FLOOR_SECONDS, raisedBy: "provider_refresh" };
  }
  const dailyCredits = provider === "coinmarketcap" ? cmcDailyCredits(config, role) : 0;
  if (dailyCredits > 0) {
    const budget = budgetIntervalSeconds(dailyCredits, cmcCreditsPerCall(depthOf(config, role)));
    if (budget > result.seconds) result = { seconds: budget, raisedBy: "credit_budget" };
  }
  return result;
}

/** effectiveInterval, saying in the log when and why the configured interval was raised. */
export function intervalFor(
  config: AppConfig,
  role: SourceRole,
  logger: Logger,
  provider: ProviderName = configuredProvider(config, role),
): number {
  const interval = effectiveInterval(config, role, provider);
  const variable = role === "ranking" ? "RANKING_REFRESH_SECONDS" : "PRICING_REFRESH_SECONDS";
  if (interval.raisedBy) {
    const credits = cmcDailyCredits(config, role);
    const share = credits === config.CMC_DAILY_CREDITS ? "" : ` (this role's share: ${credits})`;
    logger.warn(
      { configured: config[variable], effective: interval.seconds, reason: interval.raisedBy, provider },
      interval.raisedBy === "credit_budget"
        ? `polling ${PROVIDER_TITLES[provider]} every ${interval.seconds} s to stay within CMC_DAILY_CREDITS=${config.CMC_DAILY_CREDITS} a day${share} (0 turns the budget off)`
        : `${variable} is below the provider's own refresh of 60 s; polling ${PROVIDER_TITLES[provider]}'s public host every 60 s`,
    );
  }
  return interval.seconds;
}
