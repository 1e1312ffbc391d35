// Display formatting for the dashboard. Pure, and pinned to en-US so server and client agree.

// Written out by hand rather than with Intl.NumberFormat: building the four formatters costs
// ~35 ms of main thread on a phone-class CPU before the dashboard can hydrate, and each compact
// format() call ~0.1 ms, 400 of them per render. The output is identical to Intl's en-US output,
// which the tests check over a wide sweep of values. Like Intl, rounding works on the shortest
// decimal that names the double (1.005 -> "1.01"), half away from zero.

/** A non-negative decimal as its significant digits and where the point goes: 0.d1d2… × 10^point. */
interface Decimal {
  digits: string;
  point: number;
}

function toDecimal(abs: number): Decimal {
  const [mantissa = "0", exponent] = String(abs).split("e");
  const dot = mantissa.indexOf(".");
  const whole = dot < 0 ? mantissa : mantissa.slice(0, dot);
  const all = whole + (dot < 0 ? "" : mantissa.slice(dot + 1));
  const leading = all.length - all.replace(/^0+/, "").length;
  const digits = all.slice(leading).replace(/0+$/, "");
  return { digits, point: whole.length + Number(exponent ?? 0) - leading };
}

/** Keeps `keep` leading digits, rounding half away from zero; "" digits means zero. */
function roundTo({ digits, point }: Decimal, keep: number): Decimal {
  if (keep >= digits.length) return { digits, point };
  if (keep < 0) return { digits: "", point };
  const roundUp = (digits.charCodeAt(keep) ?? 48) >= 53; // "5"
  let kept = digits.slice(0, keep);
  if (roundUp) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === "9") i--;
    if (i < 0) return { digits: "1", point: point + 1 };
    kept = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1);
  }
  return { digits: kept.replace(/0+$/, ""), point };
}

function group(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The decimal written out with at least `minFraction` fraction digits (padding with zeros), with
 *  thousands separators once the whole part has `minGroupingDigits` digits. */
function writeOut({ digits, point }: Decimal, minFraction: number, minGroupingDigits = 4): string {
  if (digits === "") return minFraction > 0 ? `0.${"0".repeat(minFraction)}` : "0";
  const whole = point <= 0 ? "0" : digits.slice(0, point).padEnd(point, "0");
  let fraction = point >= 0 ? digits.slice(point) : "0".repeat(-point) + digits;
  if (fraction.length < minFraction) fraction = fraction.padEnd(minFraction, "0");
  const grouped = whole.length >= minGroupingDigits ? group(whole) : whole;
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/** Rounded to a fixed number of fraction digits, always shown. */
function fixed(abs: number, fractionDigits: number): { text: string; zero: boolean } {
  const decimal = toDecimal(abs);
  const rounded = roundTo(decimal, decimal.point + fractionDigits);
  return { text: writeOut(rounded, fractionDigits), zero: rounded.digits === "" };
}

/** Rounded to at most `significant` significant digits, trailing zeros dropped. */
function significant(abs: number, digits: number): Decimal {
  return roundTo(toDecimal(abs), digits);
}

const COMPACT_UNITS = ["", "K", "M", "B", "T"] as const;

/** $97,123.46 from $1 up; four significant digits below, in plain decimal: $0.5432, $0.00000012. */
/** Signs written before an amount; any other currency follows it as its code (`12.50 SEK`). */
const CURRENCY_SIGNS: Readonly<Record<string, string>> = {
  USD: "$",
  EUR: "€",
  GBP: "£",
  JPY: "¥",
  INR: "₹",
  KRW: "₩",
  BTC: "₿",
};

function withCurrency(sign: string, text: string, currency: string): string {
  const prefix = CURRENCY_SIGNS[currency];
  return prefix === undefined ? `${sign}${text} ${currency}` : `${sign}${prefix}${text}`;
}

/** A price: two decimals from 1 up, four significant digits below; in USD unless a currency is named. */
export function formatPrice(price: number, currency = "USD"): string {
  if (!Number.isFinite(price)) return "—";
  const abs = Math.abs(price);
  const sign = price < 0 ? "-" : "";
  if (abs >= 1 || abs === 0) return withCurrency(sign, fixed(abs, 2).text, currency);
  return withCurrency(sign, writeOut(significant(abs, 4), 0), currency);
}

/** Market caps and volumes: $1.93T, $41.2B, $512M; `digits` significant digits (3 by default). */
export function compactUsd(amount: number, digits = 3): string {
  return compactAmount(amount, "USD", digits);
}

/** A market cap or volume in any currency: €1.78T, 41.2B SEK. */
export function compactAmount(amount: number, currency: string, digits = 3): string {
  if (!Number.isFinite(amount)) return "—";
  const sign = amount < 0 ? "-" : "";
  const rounded = significant(Math.abs(amount), digits);
  // The unit follows the rounded value, so $999,999 is "$1M", not "$1000K".
  const unit = rounded.digits === "" ? 0 : Math.min(Math.max(Math.floor((rounded.point - 1) / 3), 0), 4);
  const scaled = { digits: rounded.digits, point: rounded.point - unit * 3 };
  // Compact notation groups only from five digits on, as Intl does: "$1000T", "$12,000T".
  return withCurrency(sign, `${writeOut(scaled, 0, 5)}${COMPACT_UNITS[unit]}`, currency);
}

/** A whole number with thousands separators: 19,970,762. */
export function formatInteger(value: number): string {
  if (!Number.isFinite(value)) return "—";
  const { text, zero } = fixed(Math.abs(value), 0);
  return `${value < 0 && !zero ? "-" : ""}${text}`;
}

/** A signed percentage with two decimals: +0.12%, -1.50%, 0.00%. */
export function formatPct(pct: number): string {
  if (!Number.isFinite(pct)) return "—";
  const { text, zero } = fixed(Math.abs(pct), 2);
  // Like Intl's signDisplay "exceptZero": a change that rounds to zero has no sign.
  return `${zero ? "" : pct < 0 ? "-" : "+"}${text}%`;
}

export type Direction = "up" | "down" | "flat";

/** The direction a change shows, after rounding to what the page displays (two decimals). */
export function directionOf(value: number): Direction {
  const rounded = Math.round(value * 100);
  return rounded > 0 ? "up" : rounded < 0 ? "down" : "flat";
}

/** "12 s ago", "3 min ago", "2 h ago", "4 d ago". */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

export interface RankMove {
  direction: Direction | "new";
  /** What is shown: "▲3", "▼1", "new" or "" when unmoved. */
  text: string;
  /** What a screen reader and the tooltip say. */
  label: string;
}

/** Rank movement since the previous ranking snapshot: +2 = up two places; null = new in the list. */
export function describeRankChange(change: number | null): RankMove {
  if (change === null) return { direction: "new", text: "new", label: "new in the ranking" };
  if (change === 0) return { direction: "flat", text: "", label: "unchanged since the previous ranking" };
  const places = Math.abs(change);
  const noun = places === 1 ? "place" : "places";
  return change > 0
    ? { direction: "up", text: `▲${places}`, label: `up ${places} ${noun} since the previous ranking` }
    : { direction: "down", text: `▼${places}`, label: `down ${places} ${noun} since the previous ranking` };
}

/** What the price cell says when the ranking provider's own price disagrees with the served one. */
export function describePriceCheck(check: { referenceUsd: number; divergencePct: number }): string {
  return `The ranking provider's own price is ${formatPrice(check.referenceUsd)}, ${check.divergencePct.toFixed(2)}% away from this one`;
}
