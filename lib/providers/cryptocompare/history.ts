import { parseUpstreamBody } from "../../http/parse-body";
import { CC_PROVIDER } from "./classify";
import { type CryptoCompareConnection, callCryptoCompare } from "./request";
import { ccHistorySchema } from "./schema";
import { type HistoryClose, toHistoryCloses } from "./transform";

/** The provider's largest `limit`; it answers with limit + 1 rows. */
export const CC_HISTORY_MAX_LIMIT = 2000;

const PATHS = { hour: "/data/v2/histohour", day: "/data/v2/histoday" } as const;

export interface CryptoCompareHistoryOptions extends CryptoCompareConnection {
  /** CryptoCompare's symbol (`CoinInfo.Name`), which is unique there: `fsym`. */
  symbol: string;
  resolution: "hour" | "day";
  /** Periods back, 1..2000. */
  limit: number;
  /** The last period to include (`toTs`); the current one when absent. */
  toTs?: Date;
}

/** Finished periods' closes, oldest first (at most `limit`: the unfinished last row is dropped). */
export async function fetchCryptoCompareHistory(options: CryptoCompareHistoryOptions): Promise<HistoryClose[]> {
  const { limit, symbol, resolution } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > CC_HISTORY_MAX_LIMIT) {
    throw new RangeError(
      `CryptoCompare history limit must be an integer from 1 to ${CC_HISTORY_MAX_LIMIT}, got ${limit}`,
    );
  }
  if (symbol.trim() === "") throw new RangeError("CryptoCompare history needs a symbol");
  const query: Record<string, string> = { fsym: symbol, tsym: "USD", limit: String(limit) };
  if (options.toTs !== undefined) query.toTs = String(Math.floor(options.toTs.getTime() / 1000));
  const endpoint = PATHS[resolution].slice("/data/".length);
  const response = await callCryptoCompare(options, endpoint, PATHS[resolution], query);
  const body = parseUpstreamBody(ccHistorySchema, response.body, {
    provider: CC_PROVIDER,
    endpoint,
    status: response.status,
  });
  return toHistoryCloses(body.Data.Data);
}
