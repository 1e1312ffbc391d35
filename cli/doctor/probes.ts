// One cheap call per provider, through the same HTTP helper, classifiers and connection rules as
// the services, with no retry: the doctor reports what a single call gets. CoinMarketCap:
// key/info (no credits; plan and credits left). CryptoCompare: the first toplist page (its
// smallest, 10 coins). CoinGecko: one coin of coins/markets.
import type { AppConfig, ProviderName } from "../../lib/config";
import { UpstreamError, type UpstreamErrorKind } from "../../lib/http/errors";
import { type FetchJsonResult, fetchJson } from "../../lib/http/fetch-json";
import { parseUpstreamBody } from "../../lib/http/parse-body";
import { CG_MARKETS_ENDPOINT, CG_PROVIDER, classifyCoinGecko } from "../../lib/providers/coingecko/classify";
import { coinGeckoRequest } from "../../lib/providers/coingecko/connection";
import { cgMarketsSchema } from "../../lib/providers/coingecko/schema";
import { CMC_PROVIDER, classifyCoinMarketCap } from "../../lib/providers/coinmarketcap/classify";
import {
  CMC_KEY_INFO_ENDPOINT,
  type CmcKeyInfo,
  type CreditsLeft,
  cmcCreditsLeft,
  cmcKeyInfoSchema,
} from "../../lib/providers/coinmarketcap/key-info";
import { CC_PROVIDER, classifyCryptoCompare, toplistEndpoint } from "../../lib/providers/cryptocompare/classify";
import { ccToplistSchema } from "../../lib/providers/cryptocompare/schema";
import { isSimulated, joinUrl } from "../../lib/providers/shared/request";
import { formatInteger } from "../../lib/ui/numbers";

export interface ProbeFailure {
  kind: UpstreamErrorKind;
  message: string;
  status: number | null;
  providerCode: string | number | null;
}

export interface ProbeResult {
  provider: ProviderName;
  latencyMs: number;
  simulated: boolean;
  /** What the provider says the plan is; null when the call does not tell. */
  plan: string | null;
  creditsLeft: CreditsLeft | null;
  error: ProbeFailure | null;
}

interface Answer {
  response: FetchJsonResult;
  plan: string | null;
  creditsLeft: CreditsLeft | null;
}

function tuning(config: AppConfig) {
  return { timeoutMs: config.HTTP_TIMEOUT_MS, retries: 0, maxBodyBytes: config.HTTP_MAX_BODY_BYTES };
}

/** "10,000 credits/month, 333 credits/day, 30 calls/minute", from whichever limits the plan has. */
function describeCmcPlan(info: CmcKeyInfo): string | null {
  const { plan } = info.data;
  const parts: string[] = [];
  if (plan.credit_limit_monthly != null) parts.push(`${formatInteger(plan.credit_limit_monthly)} credits/month`);
  if (plan.credit_limit_daily != null) parts.push(`${formatInteger(plan.credit_limit_daily)} credits/day`);
  if (plan.rate_limit_minute != null) parts.push(`${formatInteger(plan.rate_limit_minute)} calls/minute`);
  return parts.length > 0 ? parts.join(", ") : null;
}

async function callCoinMarketCap(config: AppConfig): Promise<Answer> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (config.CMC_API_KEY !== undefined) headers["X-CMC_PRO_API_KEY"] = config.CMC_API_KEY;
  const response = await fetchJson({
    ...tuning(config),
    provider: CMC_PROVIDER,
    endpoint: CMC_KEY_INFO_ENDPOINT,
    url: joinUrl(config.CMC_BASE_URL, "/v1/key/info", {}),
    headers,
    classify: (res) => classifyCoinMarketCap(res, new Date(), CMC_KEY_INFO_ENDPOINT),
  });
  const info = parseUpstreamBody(cmcKeyInfoSchema, response.body, {
    provider: CMC_PROVIDER,
    endpoint: CMC_KEY_INFO_ENDPOINT,
    status: response.status,
  });
  return { response, plan: describeCmcPlan(info), creditsLeft: cmcCreditsLeft(info) };
}

async function callCryptoCompare(config: AppConfig): Promise<Answer> {
  const endpoint = toplistEndpoint(config.CRYPTOCOMPARE_TOPLIST);
  const headers: Record<string, string> = { accept: "application/json" };
  if (config.CRYPTOCOMPARE_API_KEY !== undefined) headers.authorization = `Apikey ${config.CRYPTOCOMPARE_API_KEY}`;
  const response = await fetchJson({
    ...tuning(config),
    provider: CC_PROVIDER,
    endpoint,
    // 10 is the smallest page the toplists serve.
    url: joinUrl(config.CRYPTOCOMPARE_BASE_URL, `/data/top/${config.CRYPTOCOMPARE_TOPLIST}`, {
      tsym: "USD",
      limit: "10",
      page: "0",
    }),
    headers,
    classify: (res) => classifyCryptoCompare(res, endpoint),
  });
  parseUpstreamBody(ccToplistSchema, response.body, { provider: CC_PROVIDER, endpoint, status: response.status });
  return { response, plan: null, creditsLeft: null };
}

async function callCoinGecko(config: AppConfig): Promise<Answer> {
  const {
    baseUrl,
    headers,
    tuning: http,
  } = coinGeckoRequest({
    baseUrl: config.COINGECKO_BASE_URL,
    apiKey: config.COINGECKO_API_KEY,
    plan: config.COINGECKO_PLAN,
    ...tuning(config),
  });
  const response = await fetchJson({
    ...http,
    provider: CG_PROVIDER,
    endpoint: CG_MARKETS_ENDPOINT,
    url: joinUrl(baseUrl, "/coins/markets", {
      vs_currency: "usd",
      order: "market_cap_desc",
      per_page: "1",
      page: "1",
    }),
    headers,
    classify: (res) => classifyCoinGecko(res, CG_MARKETS_ENDPOINT),
  });
  parseUpstreamBody(cgMarketsSchema, response.body, {
    provider: CG_PROVIDER,
    endpoint: CG_MARKETS_ENDPOINT,
    status: response.status,
  });
  const plan =
    config.COINGECKO_API_KEY === undefined
      ? "keyless public API (a low limit shared per IP)"
      : `${config.COINGECKO_PLAN === "pro" ? "Pro" : "Demo"} key`;
  return { response, plan, creditsLeft: null };
}

const CALLS: Record<ProviderName, (config: AppConfig) => Promise<Answer>> = {
  coinmarketcap: callCoinMarketCap,
  cryptocompare: callCryptoCompare,
  coingecko: callCoinGecko,
};

/** Calls the provider once and reports the outcome; only a bug in our own code throws. */
export async function probeProvider(config: AppConfig, provider: ProviderName): Promise<ProbeResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const answer = await CALLS[provider](config);
    return {
      provider,
      latencyMs: latency(),
      simulated: isSimulated(answer.response.headers),
      plan: answer.plan,
      creditsLeft: answer.creditsLeft,
      error: null,
    };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return {
      provider,
      latencyMs: latency(),
      simulated: false,
      plan: null,
      creditsLeft: null,
      error: {
        kind: error.kind,
        message: error.message,
        status: error.status ?? null,
        providerCode: error.providerCode ?? null,
      },
    };
  }
}
