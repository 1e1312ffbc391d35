// What to tell an operator about a provider's key: which variable carries it, where to get one,
// and the way out without one. Which key a provider needs, and what a role uses without its
// provider variable, are lib/config's rules (missingProviderKey, PAID_DEFAULTS).
import { type AppConfig, KEY_VARIABLES, PAID_DEFAULTS, PROVIDER_TITLES, type ProviderName } from "../config";
import type { SourceRole } from "../domain/types";

/** Where a provider stands in a role: its primary, or its n-th fallback (from 1). */
export type Position = { kind: "primary" } | { kind: "fallback"; index: number };

export const KEY_SIGNUP: Record<ProviderName, string> = {
  coinmarketcap: "https://pro.coinmarketcap.com/signup",
  cryptocompare: "https://www.cryptocompare.com/cryptopian/api-keys",
  coingecko: "https://www.coingecko.com/en/api/pricing",
};

/** The variable whose key a call to `provider` sends; null for a keyless CoinGecko call. */
export function keyVariableOf(config: AppConfig, provider: ProviderName): string | null {
  if (provider !== "coingecko") return KEY_VARIABLES[provider];
  return config.COINGECKO_API_KEY !== undefined || config.COINGECKO_PLAN === "pro" ? KEY_VARIABLES.coingecko : null;
}

/** What a role falls back to when its *_PROVIDER is unset, under the keys that are set. */
function defaultWithout(config: AppConfig, role: SourceRole): string {
  const paid = PAID_DEFAULTS[role];
  return config[paid.key] ? PROVIDER_TITLES[paid.provider] : "CoinGecko's keyless API";
}

/** The exact variable to set, where to get a key, and how to do without one. */
export function missingKeyMessage(
  config: AppConfig,
  role: SourceRole,
  position: Position,
  provider: ProviderName,
  variable: string,
): string {
  const get = `get one at ${KEY_SIGNUP[provider]}`;
  if (provider === "coingecko") {
    return `${variable} is not set: COINGECKO_PLAN=pro needs a Pro key — ${get}, or unset COINGECKO_PLAN to use CoinGecko's keyless API`;
  }
  const roleVariable = role.toUpperCase();
  if (position.kind === "fallback") {
    return `${variable} is not set: the ${role} fallback ${PROVIDER_TITLES[provider]} needs a key — ${get}, or remove ${provider} from ${roleVariable}_FALLBACK`;
  }
  return `${variable} is not set: ${role} by ${PROVIDER_TITLES[provider]} needs a key — ${get}, or unset ${roleVariable}_PROVIDER to use ${defaultWithout(config, role)}`;
}

/** Why a role runs on CoinGecko's keyless API without having asked for it, and how to change that. */
export function keylessDefaultNote(role: SourceRole): string {
  const paid = PAID_DEFAULTS[role];
  const verb = role === "ranking" ? "rank" : "price";
  return `keyless default: ${paid.key} is not set; set it to ${verb} by ${PROVIDER_TITLES[paid.provider]}`;
}
