// CoinGecko history client: one coin's USD price points from /coins/{id}/market_chart, for charts.
import { parseUpstreamBody } from "../../http/parse-body";
import type { HistoryClose } from "../shared/history";
import { CG_CHART_ENDPOINT, CG_PROVIDER } from "./classify";
import { type CoinGeckoConnection, callCoinGecko } from "./connection";
import { cgMarketChartSchema } from "./schema";
import { toHistoryPoints } from "./transform";

export interface CoinGeckoHistoryOptions extends CoinGeckoConnection {
  /** CoinGecko's own id ("bitcoin"), never a symbol. */
  coinId: string;
  /**
   * Days back. CoinGecko picks the spacing: 1 day → 5-minute points, 2–90 → hourly, more → daily.
   * Keyless and Demo calls reach 365 days at most (older → error 10012, an auth error here).
   */
  days: number;
}

/** Price points, oldest first, at CoinGecko's own sampling instants. */
export async function fetchCoinGeckoHistory(options: CoinGeckoHistoryOptions): Promise<HistoryClose[]> {
  const { coinId, days } = options;
  if (!Number.isInteger(days) || days < 1) {
    throw new RangeError(`CoinGecko history days must be a positive integer, got ${days}`);
  }
  if (coinId.trim() === "") throw new RangeError("CoinGecko history needs a coin id");
  // Ids are slugs, but one from a body must not be able to change the path.
  const response = await callCoinGecko(
    options,
    CG_CHART_ENDPOINT,
    `/coins/${encodeURIComponent(coinId)}/market_chart`,
    {
      vs_currency: "usd",
      days: String(days),
    },
  );
  const body = parseUpstreamBody(cgMarketChartSchema, response.body, {
    provider: CG_PROVIDER,
    endpoint: CG_CHART_ENDPOINT,
    status: response.status,
  });
  return toHistoryPoints(body);
}
