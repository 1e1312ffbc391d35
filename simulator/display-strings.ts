/**
 * CryptoCompare's DISPLAY strings ("$ 90,176.2", "$ 1,800.89 B", "Ƀ 19,970,762.0"). Clients must
 * never parse these, so they only have to look like the real thing; keeping them realistic makes
 * a client that does parse them fail here rather than in production.
 */

const GLYPHS: Record<string, string> = { BTC: "Ƀ", ETH: "Ξ", USD: "$" };

export function glyph(symbol: string): string {
  return GLYPHS[symbol] ?? symbol;
}

/** Formatters are costly to build (a page formats ~4,000 numbers), so build each one once. */
const formatters = new Map<number, Intl.NumberFormat>();

function grouped(value: number, decimals: number): string {
  let formatter = formatters.get(decimals);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, formatter);
  }
  return formatter.format(value);
}

/** Plain decimal: 1 decimal from 10,000, 2 from 1, else 4 significant digits (never exponent form). */
export function plainNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 10_000) return grouped(value, 1);
  if (magnitude >= 1) return grouped(value, 2);
  if (magnitude === 0) return "0";
  const decimals = Math.min(20, 3 - Math.floor(Math.log10(magnitude)));
  return value.toFixed(decimals);
}

/** Compact form with a unit suffix, used for caps and total volumes. */
export function compactNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e9) return `${grouped(value / 1e9, 2)} B`;
  if (magnitude >= 1e6) return `${grouped(value / 1e6, 2)} M`;
  if (magnitude >= 1e3) return `${grouped(value / 1e3, 2)} K`;
  return grouped(value, 2);
}

export function withSymbol(symbol: string, text: string): string {
  return `${glyph(symbol)} ${text}`;
}

export function percent(value: number): string {
  return value.toFixed(2);
}
