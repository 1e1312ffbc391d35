// Coin page formatting on top of the dashboard's shared formatters (lib/ui/numbers.ts), so a price
// reads the same on every page. Pure and pinned to en-US.
import { compactUsd, type Direction, directionOf, formatInteger, formatPct, formatPrice } from "../numbers";

export interface ChangeText {
  /** "+1.23%", "-1.50%", "0.00%". */
  text: string;
  direction: Direction;
  /** A shape that says the direction without colour. */
  arrow: "▲" | "▼" | "■";
  /** What a screen reader says: "up 1.23%". */
  label: string;
}

const ARROWS = { up: "▲", down: "▼", flat: "■" } as const;
const WORDS = { up: "up", down: "down", flat: "unchanged," } as const;

/** A signed percentage change with its direction; null when the provider gave none. */
export function describeChange(pct: number | null): ChangeText | null {
  if (pct === null || !Number.isFinite(pct)) return null;
  const direction = directionOf(pct);
  const text = formatPct(pct);
  return { text, direction, arrow: ARROWS[direction], label: `${WORDS[direction]} ${text.replace(/^[+-]/, "")}` };
}

/** Circulating supply in whole units with the symbol: "19,970,762 BTC". */
export function formatSupply(value: number, symbol: string): string {
  return `${formatInteger(value)} ${symbol}`;
}

/** Price-axis labels: compact from $1,000 with enough digits to tell close ticks apart ("$97.15K"). */
export function formatPriceTick(value: number): string {
  return Math.abs(value) >= 1000 ? compactUsd(value, 5) : formatPrice(value);
}
