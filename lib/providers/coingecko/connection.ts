// How a CoinGecko call is addressed: the host and the key header both depend on the plan, and a
// key on the other plan's host is refused (10010/10011), so the two are chosen together here.
import { type HttpTuning, pickHttpTuning } from "../../http/fetch-json";

export type CoinGeckoPlan = "demo" | "pro";

/** Keyless calls and Demo keys use the public host; Pro keys use their own. Both end in /api/v3. */
export const CG_DEFAULT_BASE_URLS: Record<CoinGeckoPlan, string> = {
  demo: "https://api.coingecko.com/api/v3",
  pro: "https://pro-api.coingecko.com/api/v3",
};

const KEY_HEADERS: Record<CoinGeckoPlan, string> = {
  demo: "x-cg-demo-api-key",
  pro: "x-cg-pro-api-key",
};

export interface CoinGeckoConnection extends HttpTuning {
  /** Up to and including /api/v3; the plan's public host when absent. */
  baseUrl?: string;
  /** Optional on the Demo plan (keyless calls share a low per-IP limit); required on Pro. */
  apiKey?: string;
  plan: CoinGeckoPlan;
}

export interface CoinGeckoRequest {
  baseUrl: string;
  headers: Record<string, string>;
  tuning: HttpTuning;
}

export function coinGeckoRequest(connection: CoinGeckoConnection): CoinGeckoRequest {
  const { plan, apiKey } = connection;
  if (plan === "pro" && (apiKey === undefined || apiKey === "")) {
    throw new RangeError("CoinGecko's Pro plan needs an API key");
  }
  const headers: Record<string, string> = { accept: "application/json" };
  // fetchJson redacts header values whose name says "key" from every error message.
  if (apiKey !== undefined && apiKey !== "") headers[KEY_HEADERS[plan]] = apiKey;
  return {
    baseUrl: connection.baseUrl ?? CG_DEFAULT_BASE_URLS[plan],
    headers,
    tuning: pickHttpTuning(connection),
  };
}
