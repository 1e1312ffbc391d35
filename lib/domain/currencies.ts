// The quote currencies Top Coins converts to (`vs=`): ISO 4217 fiat currencies and three crypto
// units. Every rate is read from one exchange-rate table fetched by the FX service (CoinGecko's
// /exchange_rates, quoted against BTC) and turned into units per US dollar here.

export type CurrencyKind = "fiat" | "crypto";

export interface Currency {
  /** Upper case, as the API takes and shows it: `EUR`, `SATS`. */
  code: string;
  name: string;
  kind: CurrencyKind;
}

const fiat = (code: string, name: string): Currency => ({ code, name, kind: "fiat" });
const crypto = (code: string, name: string): Currency => ({ code, name, kind: "crypto" });

/** Every currency `vs=` accepts, USD first. */
export const CURRENCIES: readonly Currency[] = [
  fiat("USD", "US Dollar"),
  fiat("EUR", "Euro"),
  fiat("GBP", "British Pound"),
  fiat("JPY", "Japanese Yen"),
  fiat("CHF", "Swiss Franc"),
  fiat("CAD", "Canadian Dollar"),
  fiat("AUD", "Australian Dollar"),
  fiat("NZD", "New Zealand Dollar"),
  fiat("CNY", "Chinese Yuan"),
  fiat("HKD", "Hong Kong Dollar"),
  fiat("SGD", "Singapore Dollar"),
  fiat("KRW", "South Korean Won"),
  fiat("INR", "Indian Rupee"),
  fiat("IDR", "Indonesian Rupiah"),
  fiat("MYR", "Malaysian Ringgit"),
  fiat("PHP", "Philippine Peso"),
  fiat("THB", "Thai Baht"),
  fiat("TWD", "New Taiwan Dollar"),
  fiat("VND", "Vietnamese Dong"),
  fiat("PKR", "Pakistani Rupee"),
  fiat("BDT", "Bangladeshi Taka"),
  fiat("LKR", "Sri Lankan Rupee"),
  fiat("MMK", "Burmese Kyat"),
  fiat("SEK", "Swedish Krona"),
  fiat("NOK", "Norwegian Krone"),
  fiat("DKK", "Danish Krone"),
  fiat("PLN", "Polish Zloty"),
  fiat("CZK", "Czech Koruna"),
  fiat("HUF", "Hungarian Forint"),
  fiat("UAH", "Ukrainian Hryvnia"),
  fiat("GEL", "Georgian Lari"),
  fiat("RUB", "Russian Ruble"),
  fiat("TRY", "Turkish Lira"),
  fiat("ILS", "Israeli New Shekel"),
  fiat("AED", "UAE Dirham"),
  fiat("SAR", "Saudi Riyal"),
  fiat("BHD", "Bahraini Dinar"),
  fiat("KWD", "Kuwaiti Dinar"),
  fiat("ZAR", "South African Rand"),
  fiat("NGN", "Nigerian Naira"),
  fiat("BRL", "Brazilian Real"),
  fiat("MXN", "Mexican Peso"),
  fiat("ARS", "Argentine Peso"),
  fiat("CLP", "Chilean Peso"),
  fiat("BMD", "Bermudian Dollar"),
  crypto("BTC", "Bitcoin"),
  crypto("ETH", "Ether"),
  crypto("SATS", "Satoshi"),
];

const BY_CODE = new Map(CURRENCIES.map((currency) => [currency.code, currency]));

/** Every code `vs=` accepts, in the order of CURRENCIES. */
export const CURRENCY_CODES: readonly string[] = CURRENCIES.map((currency) => currency.code);

/** The currency a `vs` value names (any case), or undefined. */
export function currencyOf(code: string): Currency | undefined {
  return BY_CODE.get(code.toUpperCase());
}

/** Units of each currency per US dollar, by code, as one fetch of the exchange-rate table gave them. */
export type RatesPerUsd = Readonly<Record<string, number>>;

/**
 * Units of the currency one US dollar buys: 1 for USD, else the table's rate. Undefined when the
 * table lacks the currency (the provider dropped it).
 */
export function perUsdOf(rates: RatesPerUsd | null, code: string): number | undefined {
  if (code === "USD") return 1;
  return rates?.[code];
}

/**
 * A USD amount in another currency, to 15 significant digits: the float product's last digits
 * are noise (0.1 × 3 is 0.30000000000000004), and no rate is known that finely. USD stays exact;
 * null stays null.
 */
export function convertUsd(amount: number | null, perUsd: number): number | null {
  if (amount === null || perUsd === 1) return amount;
  const value = amount * perUsd;
  return value === 0 || !Number.isFinite(value) ? value : Number(value.toPrecision(15));
}
