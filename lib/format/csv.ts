// RFC 4180 CSV for the top list: header `Rank,Symbol,Price USD`, CRLF line ends,
// prices in plain decimal and an empty field for a missing price.
import { toPlainDecimal } from "./decimal";
import { cleanText } from "./text";

export const CSV_HEADER = ["Rank", "Symbol", "Price USD"] as const;

export interface CsvRow {
  rank: number;
  symbol: string;
  priceUsd: number | null;
}

/**
 * Cleans a field, quotes it when RFC 4180 needs it, and defuses spreadsheet formulas (OWASP CSV
 * injection): text that starts with = + - or @ gets a leading apostrophe. Cleaning (lib/format/text.ts)
 * removes controls and turns tabs and line breaks into spaces: `curl` prints this CSV to a terminal,
 * and though the providers' text is cleaned when parsed, a store written by an older version may
 * still hold raw text.
 */
export function csvField(value: string): string {
  const text = cleanText(value);
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function renderCsvLine(row: CsvRow): string {
  const price = row.priceUsd === null ? "" : toPlainDecimal(row.priceUsd);
  return `${row.rank},${csvField(row.symbol)},${price}\r\n`;
}

export function renderCsv(rows: readonly CsvRow[]): string {
  let out = `${CSV_HEADER.join(",")}\r\n`;
  for (const row of rows) out += renderCsvLine(row);
  return out;
}
