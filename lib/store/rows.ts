// Conversions between domain records and table rows. The two drivers return different types
// for the same column (a Date or an ISO string, a boolean or 0/1); everything is normalized here.
import type { Insertable, Selectable } from "kysely";
import { categoriesFromText, categoriesToText } from "../domain/categories";
import type { PriceQuote, RankingEntry } from "../domain/types";
import { StoreError } from "./errors";
import type { PriceQuoteTable, RankingEntryTable } from "./schema";

/** Reads a timestamp column: a Date from PostgreSQL, an ISO-8601 string from SQLite. */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export function toNullableDate(value: Date | string | null): Date | null {
  return value === null ? null : toDate(value);
}

/** Writes a timestamp column. An invalid Date would otherwise fail deep inside a driver. */
export function toIso(value: Date, field: string): string {
  if (Number.isNaN(value.getTime())) throw new StoreError(`${field} is an invalid date`);
  return value.toISOString();
}

export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

export function fromFlag(value: number | boolean): boolean {
  return value === true || value === 1;
}

// SQLite stores NaN as NULL and PostgreSQL stores it as NaN: refuse it so both behave alike.
function finite(value: number, field: string): number {
  if (!Number.isFinite(value)) throw new StoreError(`${field} must be a finite number, got ${value}`);
  return value;
}

function finiteOrNull(value: number | null, field: string): number | null {
  return value === null ? null : finite(value, field);
}

export function entryToRow(snapshotId: number, entry: RankingEntry): Insertable<RankingEntryTable> {
  const where = `ranking entry ${entry.rank} (${entry.providerId})`;
  return {
    snapshot_id: snapshotId,
    rank: entry.rank,
    provider_id: entry.providerId,
    symbol: entry.symbol,
    name: entry.name,
    market_cap_usd: finiteOrNull(entry.marketCapUsd, `${where} marketCapUsd`),
    volume_24h_usd: finiteOrNull(entry.volume24hUsd, `${where} volume24hUsd`),
    price_usd: finiteOrNull(entry.priceUsd, `${where} priceUsd`),
    slug: entry.slug ?? null,
    circulating_supply: finiteOrNull(entry.circulatingSupply ?? null, `${where} circulatingSupply`),
    total_supply: finiteOrNull(entry.totalSupply ?? null, `${where} totalSupply`),
    last_updated: entry.lastUpdated ?? null,
    categories: categoriesToText(entry.categories),
  };
}

export function rowToEntry(row: Selectable<RankingEntryTable>): RankingEntry {
  return {
    rank: row.rank,
    providerId: row.provider_id,
    symbol: row.symbol,
    name: row.name,
    marketCapUsd: row.market_cap_usd,
    volume24hUsd: row.volume_24h_usd,
    priceUsd: row.price_usd,
    slug: row.slug,
    circulatingSupply: row.circulating_supply,
    totalSupply: row.total_supply,
    lastUpdated: row.last_updated,
    // Absent when unknown, as a record written without classes has none: read equals written.
    categories: categoriesFromText(row.categories ?? null) ?? undefined,
  };
}

export function quoteToRow(snapshotId: number, quote: PriceQuote): Insertable<PriceQuoteTable> {
  const where = `price quote ${quote.providerId}`;
  return {
    snapshot_id: snapshotId,
    provider_id: quote.providerId,
    symbol: quote.symbol,
    name: quote.name,
    slug: quote.slug,
    price_usd: finite(quote.priceUsd, `${where} priceUsd`),
    market_cap_usd: finiteOrNull(quote.marketCapUsd, `${where} marketCapUsd`),
    volume_24h_usd: finiteOrNull(quote.volume24hUsd, `${where} volume24hUsd`),
    change_1h_pct: finiteOrNull(quote.change1hPct, `${where} change1hPct`),
    change_24h_pct: finiteOrNull(quote.change24hPct, `${where} change24hPct`),
    change_7d_pct: finiteOrNull(quote.change7dPct, `${where} change7dPct`),
    circulating_supply: finiteOrNull(quote.circulatingSupply, `${where} circulatingSupply`),
    total_supply: finiteOrNull(quote.totalSupply ?? null, `${where} totalSupply`),
    last_updated: quote.lastUpdated,
    source: quote.source ?? "listing",
    categories: categoriesToText(quote.categories),
  };
}

export function rowToQuote(row: Selectable<PriceQuoteTable>): PriceQuote {
  return {
    providerId: row.provider_id,
    symbol: row.symbol,
    name: row.name,
    slug: row.slug,
    priceUsd: row.price_usd,
    marketCapUsd: row.market_cap_usd,
    volume24hUsd: row.volume_24h_usd,
    change1hPct: row.change_1h_pct,
    change24hPct: row.change_24h_pct,
    change7dPct: row.change_7d_pct,
    circulatingSupply: row.circulating_supply,
    totalSupply: row.total_supply,
    lastUpdated: row.last_updated,
    source: row.source === "by_id" ? "by_id" : "listing",
    categories: categoriesFromText(row.categories ?? null) ?? undefined,
  };
}

// SQLite allows 32766 bound variables per statement (as compiled into better-sqlite3), PostgreSQL
// 65535; one budget under both keeps the insert code free of dialect checks.
const MAX_BOUND_PARAMETERS = 32_766;

/** Splits rows into groups that each fit in one multi-row INSERT. */
export function insertBatches<Row extends object>(rows: Row[]): Row[][] {
  const first = rows[0];
  if (first === undefined) return [];
  const rowsPerBatch = Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / Object.keys(first).length));
  const batches: Row[][] = [];
  for (let start = 0; start < rows.length; start += rowsPerBatch) {
    batches.push(rows.slice(start, start + rowsPerBatch));
  }
  return batches;
}
