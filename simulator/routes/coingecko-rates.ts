/**
 * CoinGecko's GET /api/v3/exchange_rates: every currency quoted against BTC, as the real table is
 * (btc 1, usd the BTC price, sats 1e8). The USD, ETH and SATS entries follow the simulated market
 * (BTC and ETH at their CoinMarketCap prices); fiat currencies keep fixed rates per US dollar, so
 * a test can recompute any conversion from this body. Like the real table it also carries units
 * Top Coins does not offer (bits, a commodity, a defunct currency), which the client must skip.
 */
import type { MarketView } from "../market-view";

interface Entry {
  code: string;
  name: string;
  unit: string;
  /** Units per US dollar. */
  perUsd: number;
}

/** Fixed fiat rates per US dollar: plausible, not current. */
const FIAT: readonly Entry[] = [
  { code: "usd", name: "US Dollar", unit: "$", perUsd: 1 },
  { code: "aed", name: "United Arab Emirates Dirham", unit: "DH", perUsd: 3.6725 },
  { code: "ars", name: "Argentine Peso", unit: "$", perUsd: 870.5 },
  { code: "aud", name: "Australian Dollar", unit: "A$", perUsd: 1.52 },
  { code: "bdt", name: "Bangladeshi Taka", unit: "৳", perUsd: 110.2 },
  { code: "bhd", name: "Bahraini Dinar", unit: "BD", perUsd: 0.376 },
  { code: "bmd", name: "Bermudian Dollar", unit: "$", perUsd: 1 },
  { code: "brl", name: "Brazil Real", unit: "R$", perUsd: 5.05 },
  { code: "cad", name: "Canadian Dollar", unit: "CA$", perUsd: 1.37 },
  { code: "chf", name: "Swiss Franc", unit: "Fr.", perUsd: 0.88 },
  { code: "clp", name: "Chilean Peso", unit: "CLP$", perUsd: 940 },
  { code: "cny", name: "Chinese Yuan", unit: "¥", perUsd: 7.24 },
  { code: "czk", name: "Czech Koruna", unit: "Kč", perUsd: 23.1 },
  { code: "dkk", name: "Danish Krone", unit: "kr.", perUsd: 6.88 },
  { code: "eur", name: "Euro", unit: "€", perUsd: 0.92 },
  { code: "gbp", name: "British Pound Sterling", unit: "£", perUsd: 0.79 },
  { code: "gel", name: "Georgian Lari", unit: "₾", perUsd: 2.69 },
  { code: "hkd", name: "Hong Kong Dollar", unit: "HK$", perUsd: 7.81 },
  { code: "huf", name: "Hungarian Forint", unit: "Ft", perUsd: 362 },
  { code: "idr", name: "Indonesian Rupiah", unit: "Rp", perUsd: 15_800 },
  { code: "ils", name: "Israeli New Shekel", unit: "₪", perUsd: 3.7 },
  { code: "inr", name: "Indian Rupee", unit: "₹", perUsd: 83.4 },
  { code: "jpy", name: "Japanese Yen", unit: "¥", perUsd: 151.2 },
  { code: "krw", name: "South Korean Won", unit: "₩", perUsd: 1_380 },
  { code: "kwd", name: "Kuwaiti Dinar", unit: "KD", perUsd: 0.307 },
  { code: "lkr", name: "Sri Lankan Rupee", unit: "Rs", perUsd: 300 },
  { code: "mmk", name: "Burmese Kyat", unit: "K", perUsd: 2_100 },
  { code: "mxn", name: "Mexican Peso", unit: "MX$", perUsd: 17.1 },
  { code: "myr", name: "Malaysian Ringgit", unit: "RM", perUsd: 4.72 },
  { code: "ngn", name: "Nigerian Naira", unit: "₦", perUsd: 1_500 },
  { code: "nok", name: "Norwegian Krone", unit: "kr", perUsd: 10.8 },
  { code: "nzd", name: "New Zealand Dollar", unit: "NZ$", perUsd: 1.66 },
  { code: "php", name: "Philippine Peso", unit: "₱", perUsd: 56.3 },
  { code: "pkr", name: "Pakistani Rupee", unit: "₨", perUsd: 278 },
  { code: "pln", name: "Polish Zloty", unit: "zł", perUsd: 3.98 },
  { code: "rub", name: "Russian Ruble", unit: "₽", perUsd: 92.5 },
  { code: "sar", name: "Saudi Riyal", unit: "SR", perUsd: 3.75 },
  { code: "sek", name: "Swedish Krona", unit: "kr", perUsd: 10.6 },
  { code: "sgd", name: "Singapore Dollar", unit: "S$", perUsd: 1.35 },
  { code: "thb", name: "Thai Baht", unit: "฿", perUsd: 36.1 },
  { code: "try", name: "Turkish Lira", unit: "₺", perUsd: 32.2 },
  { code: "twd", name: "New Taiwan Dollar", unit: "NT$", perUsd: 32.2 },
  { code: "uah", name: "Ukrainian hryvnia", unit: "₴", perUsd: 39.5 },
  { code: "vef", name: "Venezuelan bolívar fuerte", unit: "Bs.F", perUsd: 0.1 },
  { code: "vnd", name: "Vietnamese đồng", unit: "₫", perUsd: 24_800 },
  { code: "zar", name: "South African Rand", unit: "R", perUsd: 18.7 },
];

/** The fixed fiat rates per US dollar by upper-case code, for tests that check a conversion. */
export const SIMULATED_FIAT_PER_USD: Readonly<Record<string, number>> = Object.fromEntries(
  FIAT.map((entry) => [entry.code.toUpperCase(), entry.perUsd]),
);

const rounded = (value: number) => Number(value.toPrecision(10));

export function exchangeRatesBody(view: MarketView): unknown {
  const ranked = view.market.cmcRanking();
  const priceOf = (slug: string) => {
    const asset = ranked.find((candidate) => candidate.cmc?.slug === slug);
    return asset ? view.market.cmcPrice(asset) : null;
  };
  const btcUsd = priceOf("bitcoin") ?? 1;
  const ethUsd = priceOf("ethereum");
  const rates: Record<string, { name: string; unit: string; value: number; type: string }> = {
    btc: { name: "Bitcoin", unit: "BTC", value: 1, type: "crypto" },
  };
  if (ethUsd !== null) rates.eth = { name: "Ether", unit: "ETH", value: rounded(btcUsd / ethUsd), type: "crypto" };
  for (const entry of FIAT) {
    rates[entry.code] = { name: entry.name, unit: entry.unit, value: rounded(btcUsd * entry.perUsd), type: "fiat" };
  }
  rates.xau = { name: "Gold - Troy Ounce", unit: "XAU", value: rounded(btcUsd / 2_350), type: "commodity" };
  rates.bits = { name: "Bits", unit: "μBTC", value: 1_000_000, type: "crypto" };
  rates.sats = { name: "Satoshi", unit: "sats", value: 100_000_000, type: "crypto" };
  return { rates };
}
