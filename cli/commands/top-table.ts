// The terminal table of `topcoins top`: aligned columns, the dashboard's number formats, and for a
// row without a price, "—" and the merge's reason. Every text cell is cleaned (lib/format/text.ts):
// the providers' text is cleaned when parsed, but a store from an older version or another server
// may still send a control character, and a terminal would act on it.
import { cleanText } from "../../lib/format/text";
import { compactAmount, describePriceCheck, formatAge, formatPct, formatPrice } from "../../lib/ui/numbers";
import { alignColumns, textWidth } from "../columns";

export interface TableRow {
  rank: number;
  /** The stable Top Coins id (the coin page's /coins/{id}); absent in answers of servers from before it. */
  id?: string;
  symbol: string;
  name: string;
  priceUsd: number | null;
  priceStatus: string;
  priceReason: string | null;
  change24hPct: number | null;
  marketCapUsd: number | null;
  priceCheck: { referenceUsd: number; divergencePct: number } | null;
  /** The price and market cap in meta.currency, when the query named one (`--vs`). */
  price?: number | null;
  marketCap?: number | null;
}

export interface TableSource {
  provider: string;
  ageSeconds: number | null;
  stale: boolean;
}

export interface TableMeta {
  /** The quote currency of `price` and `marketCap`; absent: USD. */
  currency?: { code: string; stale: boolean; source: string | null; ageSeconds: number | null };
  simulated: boolean;
  ranking: TableSource;
  pricing: TableSource;
}

const MISSING = "—";
const MAX_NAME_LENGTH = 24;
const HEADER = ["RANK", "SYMBOL", "NAME", "ID", "PRICE", "24H", "MARKET CAP", ""];
// Which columns line up on the right (numbers) and which on the left (text).
const RIGHT_ALIGNED = [true, false, false, false, true, true, true, false];
const MAX_ID_LENGTH = 24;

const STATUS_WORDS: Record<string, string> = { not_listed: "not listed", ambiguous: "ambiguous" };

function shorten(text: string, max: number): string {
  const clean = cleanText(text);
  return textWidth(clean) <= max ? clean : `${[...clean].slice(0, max - 1).join("")}…`;
}

function note(row: TableRow): string {
  if (row.priceUsd === null) {
    return cleanText(`${STATUS_WORDS[row.priceStatus] ?? row.priceStatus}: ${row.priceReason ?? "no price"}`);
  }
  return row.priceCheck ? `≠ ${describePriceCheck(row.priceCheck)}` : "";
}

function cells(row: TableRow, currency: string): string[] {
  const price = currency === "USD" ? row.priceUsd : (row.price ?? null);
  const marketCap = currency === "USD" ? row.marketCapUsd : (row.marketCap ?? null);
  return [
    String(row.rank),
    cleanText(row.symbol),
    shorten(row.name, MAX_NAME_LENGTH),
    row.id === undefined ? MISSING : shorten(row.id, MAX_ID_LENGTH),
    price === null ? MISSING : formatPrice(price, currency),
    row.change24hPct === null ? MISSING : formatPct(row.change24hPct),
    marketCap === null ? MISSING : compactAmount(marketCap, currency),
    note(row),
  ];
}

function describeSource(label: string, source: TableSource): string {
  const checked = source.ageSeconds === null ? "never checked" : `checked ${formatAge(source.ageSeconds)}`;
  return `${label} ${cleanText(source.provider)}, ${checked}${source.stale ? " (stale)" : ""}`;
}

/** The table's lines: header, one line per row, then where the data came from and how fresh it is. */
export function renderTopTable(rows: readonly TableRow[], meta: TableMeta): string[] {
  const currency = meta.currency ? cleanText(meta.currency.code) : "USD";
  const lines = alignColumns([HEADER, ...rows.map((row) => cells(row, currency))], RIGHT_ALIGNED);
  lines.push("", `${describeSource("Ranking by", meta.ranking)}; ${describeSource("prices by", meta.pricing)}.`);
  if (meta.currency && currency !== "USD") {
    const { source, ageSeconds, stale } = meta.currency;
    const checked = ageSeconds === null ? "never checked" : `checked ${formatAge(ageSeconds)}`;
    lines.push(
      `Prices in ${currency} at ${cleanText(source ?? "no")} exchange rates, ${checked}${stale ? " (stale)" : ""}.`,
    );
  }
  if (meta.simulated) lines.push("Simulated data: these numbers come from the market simulator, not a real market.");
  return lines;
}
