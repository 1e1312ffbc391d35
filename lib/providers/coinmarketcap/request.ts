// One CoinMarketCap call: the key as X-CMC_PRO_API_KEY, the shared HTTP tuning, and CoinMarketCap's
// own error classification (its `status` envelope is authoritative whatever the HTTP status says).
import { type FetchJsonResult, fetchJson, type HttpTuning, pickHttpTuning } from "../../http/fetch-json";
import { joinUrl } from "../shared/request";
import { CMC_PROVIDER, classifyCoinMarketCap } from "./classify";

export interface CoinMarketCapConnection extends HttpTuning {
  baseUrl: string;
  /** Sent as X-CMC_PRO_API_KEY; without it CoinMarketCap answers error 1002. */
  apiKey?: string;
  /** The clock for quota reset times; injectable for tests. */
  now?: () => Date;
}

export function callCoinMarketCap(
  connection: CoinMarketCapConnection,
  endpoint: string,
  path: string,
  query: Record<string, string>,
): Promise<FetchJsonResult> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (connection.apiKey !== undefined) headers["X-CMC_PRO_API_KEY"] = connection.apiKey;
  const now = connection.now ?? (() => new Date());
  return fetchJson({
    ...pickHttpTuning(connection),
    provider: CMC_PROVIDER,
    endpoint,
    url: joinUrl(connection.baseUrl, path, query),
    headers,
    classify: (res) => classifyCoinMarketCap(res, now(), endpoint),
  });
}
