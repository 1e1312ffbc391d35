// What each role may spend at a provider, from the configuration alone: how many coins it reads,
// which providers it may call, its share of CoinMarketCap's daily credits and of CoinGecko's
// keyless calls. Pure arithmetic; the services turn it into intervals and call limiters.
import type { AppConfig, ProviderName } from "../config";
import type { SourceRole } from "../domain/types";

/** The provider a role is configured to use (RANKING_PROVIDER or PRICING_PROVIDER, resolved). */
export function configuredProvider(config: AppConfig, role: SourceRole): ProviderName {
  return role === "ranking" ? config.RANKING_PROVIDER : config.PRICING_PROVIDER;
}

/** Whether a role may call a provider: it is the role's provider or one of its fallbacks. */
export function roleMayUse(config: AppConfig, role: SourceRole, provider: ProviderName): boolean {
  const fallbacks = role === "ranking" ? config.RANKING_FALLBACK : config.PRICING_FALLBACK;
  return configuredProvider(config, role) === provider || fallbacks.includes(provider);
}

/** How many coins a role reads from its provider. */
export function depthOf(config: AppConfig, role: SourceRole): number {
  return role === "ranking" ? config.RANKING_DEPTH : config.PRICING_DEPTH;
}

const ROLES: readonly SourceRole[] = ["ranking", "pricing"];

// A provider-wide allowance is shared by the roles that may call the provider, `role` included.
// Each role runs in its own process and cannot see the other's calls, so each gets an even share.
function share(config: AppConfig, role: SourceRole, provider: ProviderName, allowance: number): number {
  const sharers = ROLES.filter((other) => other === role || roleMayUse(config, other, provider)).length;
  return Math.max(1, Math.floor(allowance / sharers));
}

/**
 * The keyless CoinGecko calls a minute this role may make; 0 = no limit. CoinGecko counts keyless
 * calls per IP, so COINGECKO_CALLS_PER_MINUTE is the host's allowance and the roles that may call
 * CoinGecko split it. With a key, the key's plan sets the limit, not this setting.
 */
export function coinGeckoCallsPerMinute(config: AppConfig, role: SourceRole): number {
  const limit = config.COINGECKO_CALLS_PER_MINUTE;
  if (limit === 0 || config.COINGECKO_API_KEY) return 0;
  return share(config, role, "coingecko", limit);
}

/**
 * The CoinMarketCap credits a day this role may spend; 0 = no budget. CMC_DAILY_CREDITS is the
 * key's daily allowance, so two roles that may call CoinMarketCap (as provider or fallback) split
 * it rather than each spending it in full.
 */
export function cmcDailyCredits(config: AppConfig, role: SourceRole): number {
  const credits = config.CMC_DAILY_CREDITS;
  return credits === 0 ? 0 : share(config, role, "coinmarketcap", credits);
}

/** CoinMarketCap bills listings/latest one credit per 200 coins returned, rounded up. */
export function cmcCreditsPerCall(depth: number): number {
  return Math.ceil(depth / 200);
}

/** The shortest interval that keeps a day of CoinMarketCap calls within the daily credits. */
export function budgetIntervalSeconds(dailyCredits: number, creditsPerCall: number): number {
  const callsPerDay = Math.floor(dailyCredits / creditsPerCall);
  // Fewer credits than one call: one call a day is the least a service can do.
  return callsPerDay < 1 ? 86_400 : Math.ceil(86_400 / callsPerDay);
}
