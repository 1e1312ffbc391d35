// What to tell an operator about a provider's key: which variable carries it, where to get one,
// and the way out without one. Which key a provider needs is lib/config's one rule (missingKey).
import { type AppConfig, missingKey, type ProviderName } from "../../lib/config";

export type Role = "ranking" | "pricing";

export type Position = { kind: "primary" } | { kind: "fallback"; index: number };

export const PROVIDER_NAMES: Record<ProviderName, string> = {
  coinmarketcap: "CoinMarketCap",
  cryptocompare: "CryptoCompare",
  coingecko: "CoinGecko",
};

export const KEY_SIGNUP: Record<ProviderName, string> = {
  coinmarketcap: "https://pro.coinmarketcap.com/signup",
  cryptocompare: "https://www.cryptocompare.com/cryptopian/api-keys",
  coingecko: "https://www.coingecko.com/en/api/pricing",
};

// As in lib/config.ts: a role without a named provider uses this one when its key is set,
// else CoinGecko's keyless API.
export const PAID_DEFAULT: Record<
  Role,
  { provider: ProviderName; keyVariable: "CRYPTOCOMPARE_API_KEY" | "CMC_API_KEY" }
> = {
  ranking: { provider: "cryptocompare", keyVariable: "CRYPTOCOMPARE_API_KEY" },
  pricing: { provider: "coinmarketcap", keyVariable: "CMC_API_KEY" },
};

/** The unset key `provider` needs under this configuration, or null. */
export function missingKeyOf(config: AppConfig, provider: ProviderName): string | null {
  return missingKey({ ...config, RANKING_PROVIDER: provider }, "ranking");
}

/** The variable whose key a call to `provider` sends; null for a keyless CoinGecko call. */
export function keyVariableOf(config: AppConfig, provider: ProviderName): string | null {
  if (provider === "coinmarketcap") return "CMC_API_KEY";
  if (provider === "cryptocompare") return "CRYPTOCOMPARE_API_KEY";
  return config.COINGECKO_API_KEY !== undefined || config.COINGECKO_PLAN === "pro" ? "COINGECKO_API_KEY" : null;
}

/** What a role falls back to when its *_PROVIDER is unset, under the keys that are set. */
function defaultWithout(config: AppConfig, role: Role): string {
  const paid = PAID_DEFAULT[role];
  return config[paid.keyVariable] ? PROVIDER_NAMES[paid.provider] : "CoinGecko's keyless API";
}

/** The exact variable to set, where to get a key, and how to do without one. */
export function missingKeyMessage(
  config: AppConfig,
  role: Role,
  position: Position,
  provider: ProviderName,
  variable: string,
): string {
  const get = `get one at ${KEY_SIGNUP[provider]}`;
  if (variable === "COINGECKO_API_KEY") {
    return `COINGECKO_API_KEY is not set: COINGECKO_PLAN=pro needs a Pro key — ${get}, or unset COINGECKO_PLAN to use CoinGecko's keyless API`;
  }
  const roleVariable = role.toUpperCase();
  if (position.kind === "fallback") {
    return `${variable} is not set: the ${role} fallback ${PROVIDER_NAMES[provider]} needs a key — ${get}, or remove ${provider} from ${roleVariable}_FALLBACK`;
  }
  return `${variable} is not set: ${role} by ${PROVIDER_NAMES[provider]} needs a key — ${get}, or unset ${roleVariable}_PROVIDER to use ${defaultWithout(config, role)}`;
}

/** Why a role runs on CoinGecko's keyless API without having asked for it, and how to change that. */
export function keylessDefaultNote(role: Role): string {
  const paid = PAID_DEFAULT[role];
  const verb = role === "ranking" ? "rank" : "price";
  return `keyless default: ${paid.keyVariable} is not set; set it to ${verb} by ${PROVIDER_NAMES[paid.provider]}`;
}
