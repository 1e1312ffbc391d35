// RFC 4180 CSV for the top list: header `Rank,Symbol,Price USD`, CRLF line ends,
// prices in plain decimal and an empty field for a missing price.
import { toPlainDecimal } from "./decimal";

export const CSV_HEADER = ["Rank", "Symbol", "Price USD"] as const;

export interface CsvRow {
  rank: number;
  symbol: string;
  priceUsd: number | null;
}

/**
 * Quotes a field when RFC 4180 needs it, and defuses spreadsheet formulas (OWASP CSV injection):
 * upstream text that starts with = + - @ tab or CR gets a leading apostrophe.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replaceAll('"', '""')}"` : safe;
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
