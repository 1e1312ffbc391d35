// CryptoCompare's identity data: /data/all/coinlist, every coin it knows with the token contract
// of each token (`BuiltOn`, `SmartContractAddress`). Fetched at most daily, for the asset registry.
import { parseUpstreamBody } from "../../http/parse-body";
import type { IdentityListFetch } from "../coinmarketcap/identity";
import { isSimulated } from "../shared/request";
import { reportNeutralizedText } from "../shared/text-report";
import { CC_PROVIDER } from "./classify";
import { type CryptoCompareConnection, callCryptoCompare } from "./request";
import { ccCoinListEntrySchema, ccCoinListSchema } from "./schema";
import { toProviderCoin } from "./transform";

export const CC_COINLIST_ENDPOINT = "all/coinlist";

export async function fetchCryptoCompareCoinList(connection: CryptoCompareConnection): Promise<IdentityListFetch> {
  const response = await callCryptoCompare(connection, CC_COINLIST_ENDPOINT, "/data/all/coinlist", {});
  const body = parseUpstreamBody(ccCoinListSchema, response.body, {
    provider: CC_PROVIDER,
    endpoint: CC_COINLIST_ENDPOINT,
    status: response.status,
  });
  const coins = [];
  let skipped = 0;
  for (const [key, raw] of Object.entries(body.Data)) {
    const entry = ccCoinListEntrySchema.safeParse(raw);
    const coin = entry.success ? toProviderCoin(key, entry.data) : null;
    if (coin) coins.push(coin);
    else skipped++;
    // No printable symbol or name in the entry or its key: refused, as the toplist refuses such a coin.
    if (entry.success && !coin) {
      reportNeutralizedText({ provider: CC_PROVIDER, field: "symbol", outcome: "refused", raw: key, cleaned: "" });
    }
  }
  return { coins, skipped, creditCount: 0, calls: 1, simulated: isSimulated(response.headers) };
}
