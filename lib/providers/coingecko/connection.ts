// How a CoinGecko call is addressed: the host and the key header both depend on the plan, and a
// key on the other plan's host is refused (10010/10011), so the two are chosen together here.
// Every CoinGecko call also goes through here, so a call limiter sees each one, retries included.
import { setTimeout as delay } from "node:timers/promises";
import type { CallLimiter } from "../../http/call-limiter";
import { UpstreamError } from "../../http/errors";
import { type FetchJsonResult, fetchJson, type HttpTuning, pickHttpTuning } from "../../http/fetch-json";
import { joinUrl } from "../shared/request";
import { CG_PROVIDER, classifyCoinGecko } from "./classify";

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
  /**
   * Spaces calls out under a per-minute limit (keyless calls share a low per-IP one). It is asked
   * before every call, a retry included; absent: no limit.
   */
  limiter?: CallLimiter;
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

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal });
}

async function waitForSlot(limiter: CallLimiter, endpoint: string, signal: AbortSignal | undefined): Promise<void> {
  try {
    await limiter.acquire(signal);
  } catch (error) {
    // The same error fetchJson gives a caller that left: the service reads it as a stop, not a fault.
    if (signal?.aborted) {
      throw new UpstreamError({
        kind: "unavailable",
        provider: CG_PROVIDER,
        endpoint,
        message: "request aborted by caller",
      });
    }
    throw error;
  }
}

/**
 * One CoinGecko call, read with CoinGecko's error shapes. With a limiter, the call first waits for
 * a free slot, and so does each retry after its back-off.
 */
export async function callCoinGecko(
  connection: CoinGeckoConnection,
  endpoint: string,
  path: string,
  query: Record<string, string>,
): Promise<FetchJsonResult> {
  const { baseUrl, headers, tuning } = coinGeckoRequest(connection);
  const { limiter } = connection;
  if (limiter) await waitForSlot(limiter, endpoint, tuning.signal);
  const sleep = tuning.sleep ?? defaultSleep;
  return fetchJson({
    ...tuning,
    ...(limiter && {
      sleep: async (ms: number, signal?: AbortSignal) => {
        await sleep(ms, signal);
        await limiter.acquire(signal);
      },
    }),
    provider: CG_PROVIDER,
    endpoint,
    url: joinUrl(baseUrl, path, query),
    headers,
    classify: (res) => classifyCoinGecko(res, endpoint),
  });
}
