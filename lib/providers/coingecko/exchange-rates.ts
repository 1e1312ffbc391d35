// CoinGecko's exchange-rate table (/exchange_rates, keyless): one call gives every currency
// quoted against BTC. Top Coins keeps the currencies it offers (lib/domain/currencies.ts) as
// units per US dollar. The body is hostile text like any other: an entry of the wrong shape or
// with a rate that is not a positive number is dropped (that currency is then unavailable), and a
// table without a usable USD or BTC rate fails the fetch, since nothing converts without them.
import { z } from "zod";
import { CURRENCIES, type RatesPerUsd } from "../../domain/currencies";
import { badBody, parseUpstreamBody } from "../../http/parse-body";
import { isSimulated } from "../shared/request";
import { CG_EXCHANGE_RATES_ENDPOINT, CG_PROVIDER } from "./classify";
import { type CoinGeckoConnection, callCoinGecko } from "./connection";

const rateSchema = z.object({
  value: z.number().positive().finite(),
  type: z.enum(["fiat", "crypto", "commodity"]),
});

/** The envelope only: each entry is read on its own, so one bad entry costs one currency. */
export const cgExchangeRatesSchema = z.object({ rates: z.record(z.string(), z.unknown()) });

export interface ExchangeRatesFetch {
  provider: string;
  /** Units per US dollar of every offered currency the table carried (USD itself is 1). */
  perUsd: RatesPerUsd;
  /** Offered currencies the table lacked or sent unusable. */
  missing: string[];
  simulated: boolean;
  warnings: string[];
}

/** The table's entries as units per US dollar; throws a bad_response without USD or BTC. */
export function ratesPerUsd(body: z.infer<typeof cgExchangeRatesSchema>, status?: number) {
  const context = { provider: CG_PROVIDER, endpoint: CG_EXCHANGE_RATES_ENDPOINT, status };
  const rateOf = (code: string): number | undefined => {
    const entry = rateSchema.safeParse(Object.hasOwn(body.rates, code) ? body.rates[code] : undefined);
    return entry.success ? entry.data.value : undefined;
  };
  const usd = rateOf("usd");
  const btc = rateOf("btc");
  if (usd === undefined || btc === undefined) {
    throw badBody(context, "the exchange-rate table has no usable usd or btc rate; the last rates stay");
  }
  const perUsd: Record<string, number> = {};
  const missing: string[] = [];
  for (const { code } of CURRENCIES) {
    const value = rateOf(code.toLowerCase());
    if (value === undefined) missing.push(code);
    else perUsd[code] = code === "USD" ? 1 : value / usd;
  }
  return { perUsd, missing };
}

export async function fetchCoinGeckoExchangeRates(connection: CoinGeckoConnection): Promise<ExchangeRatesFetch> {
  const response = await callCoinGecko(connection, CG_EXCHANGE_RATES_ENDPOINT, "/exchange_rates", {});
  const body = parseUpstreamBody(cgExchangeRatesSchema, response.body, {
    provider: CG_PROVIDER,
    endpoint: CG_EXCHANGE_RATES_ENDPOINT,
    status: response.status,
  });
  const { perUsd, missing } = ratesPerUsd(body, response.status);
  return {
    provider: CG_PROVIDER,
    perUsd,
    missing,
    simulated: isSimulated(response.headers),
    warnings: missing.length > 0 ? [`no usable rate for ${missing.join(", ")}`] : [],
  };
}
