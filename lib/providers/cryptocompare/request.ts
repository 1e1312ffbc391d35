// One CryptoCompare call: the key as `authorization: Apikey <key>`, the shared HTTP tuning, and
// CryptoCompare's own error classification (Type 99/1/2 and HTTP statuses).
import { type FetchJsonResult, fetchJson, type HttpTuning, pickHttpTuning } from "../../http/fetch-json";
import { joinUrl } from "../shared/request";
import { CC_PROVIDER, classifyCryptoCompare } from "./classify";

export interface CryptoCompareConnection extends HttpTuning {
  baseUrl: string;
  /** Sent as `authorization: Apikey <key>`; keyless calls get HTTP 401 since 2026-05. */
  apiKey?: string;
  /** The clock for rate-limit reset times; injectable for tests. */
  now?: () => Date;
}

export function callCryptoCompare(
  connection: CryptoCompareConnection,
  endpoint: string,
  path: string,
  query: Record<string, string>,
): Promise<FetchJsonResult> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (connection.apiKey !== undefined) headers.authorization = `Apikey ${connection.apiKey}`;
  const now = connection.now ?? (() => new Date());
  return fetchJson({
    ...pickHttpTuning(connection),
    provider: CC_PROVIDER,
    endpoint,
    url: joinUrl(connection.baseUrl, path, query),
    headers,
    classify: (res) => classifyCryptoCompare(res, endpoint, now()),
  });
}
