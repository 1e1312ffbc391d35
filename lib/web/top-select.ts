// Which rows an /api/top query returns, in which order and with which keys: the filter (`ids`,
// `symbols`, the bounds, `exclude`), the sort (`sort`, `order`), the page (`offset`, `limit`) and the projection
// (`fields`), over the merged rows of one view. Pure.
import type { MergedRow } from "../domain/merge";
import { csvField } from "../format/csv";
import { toPlainDecimal } from "../format/decimal";
import {
  DEFAULT_CSV_FIELDS,
  isCurrencyField,
  type RowField,
  type ServedRow,
  type SortKey,
  type TopQuery,
} from "./top-query";

export interface Selection {
  rows: MergedRow[];
  /** Rows that match the filter, before the page. */
  total: number;
}

/** Rows a query selects: filtered, sorted (missing values last in either order; ties by rank), paged. */
export function selectRows(all: readonly MergedRow[], query: TopQuery): Selection {
  const filtered = all.filter(matcher(query));
  const sorted = query.sort === "rank" && query.order === "asc" ? filtered : [...filtered].sort(comparer(query));
  return { rows: sorted.slice(query.offset, query.offset + query.limit), total: filtered.length };
}

/**
 * `ids` or `symbols` (either matches), the market cap and volume bounds (a missing value fails a
 * bound), and `exclude` (a coin of unknown class is kept).
 */
function matcher({ ids, symbols, minMarketCap, minVolume, exclude }: TopQuery): (row: MergedRow) => boolean {
  const listed = ids !== null || symbols !== null;
  const idSet = new Set(ids ?? []);
  const symbolSet = new Set(symbols ?? []);
  const atLeast = (value: number | null, bound: number | null) => bound === null || (value !== null && value >= bound);
  return (row) =>
    (!listed || idSet.has(row.id) || symbolSet.has(row.symbol.toUpperCase())) &&
    atLeast(row.marketCapUsd, minMarketCap) &&
    atLeast(row.volume24hUsd, minVolume) &&
    !(exclude !== null && row.categories?.some((category) => exclude.includes(category)));
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

function comparer({ sort, order }: { sort: SortKey; order: "asc" | "desc" }): (a: MergedRow, b: MergedRow) => number {
  const sign = order === "asc" ? 1 : -1;
  return (a, b) => {
    const x = a[sort];
    const y = b[sort];
    // A coin without the value (unpriced, no market cap) goes last whichever the order.
    if (x === null || y === null) return x === y ? a.rank - b.rank : x === null ? 1 : -1;
    const byValue = typeof x === "string" ? collator.compare(x, y as string) : (x as number) - (y as number);
    return byValue === 0 ? a.rank - b.rank : sign * byValue;
  };
}

/** A row with only the requested keys, in their order. */
export function projectRow(row: ServedRow, fields: readonly RowField[]): Partial<ServedRow> {
  const out: Record<string, unknown> = {};
  for (const field of fields) out[field] = row[field];
  return out as Partial<ServedRow>;
}

const WORDS: Record<string, string> = { Usd: "USD", Pct: "%", Id: "ID" };

/**
 * A CSV header from a row key, in title case: `priceUsd` → `Price USD`, `change24hPct` →
 * `Change 24h %`; a key in the quote currency names it: `price` with EUR → `Price EUR`.
 */
export function csvHeaderOf(field: RowField, currency: string | null = null): string {
  const words = field.match(/\d+[a-z]*|[A-Z]?[a-z]+|[A-Z]+/g) ?? [field];
  const header = words
    .map((word) => {
      const titled = (word[0] ?? "").toUpperCase() + word.slice(1);
      return WORDS[titled] ?? titled;
    })
    .join(" ");
  return isCurrencyField(field) ? `${header} ${currency ?? "USD"}` : header;
}

function csvValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? toPlainDecimal(value) : "";
  if (typeof value === "string") return csvField(value);
  if (typeof value === "boolean") return String(value);
  // A list of words (a row's categories) reads `stablecoin;wrapped`; empty when none or unknown.
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return csvField(value.join(";"));
  return csvField(JSON.stringify(value));
}

/**
 * RFC 4180 CSV of the rows with the given columns (default `Rank,Symbol,Price USD`), CRLF line
 * ends; `currency` names the quote currency of the `price`, `marketCap` and `volume24h` columns.
 */
export function renderRowsCsv(
  rows: readonly ServedRow[],
  fields: readonly RowField[] = DEFAULT_CSV_FIELDS,
  currency: string | null = null,
): string {
  let out = `${fields.map((field) => csvHeaderOf(field, currency)).join(",")}\r\n`;
  for (const row of rows) out += `${fields.map((field) => csvValue(row[field])).join(",")}\r\n`;
  return out;
}
