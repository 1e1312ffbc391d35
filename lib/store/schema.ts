// The Kysely view of the store's tables. One interface serves SQLite and PostgreSQL, so the
// select types are the union of what the two drivers return; rows.ts normalizes them.
import type { ColumnType, Generated } from "kysely";

/**
 * A point in time. Written as an ISO-8601 string on both databases (better-sqlite3 cannot bind a
 * Date); read back as that string from SQLite's text column or as a Date from PostgreSQL's timestamptz.
 */
export type Timestamp = ColumnType<Date | string, string, string>;

/** A nullable point in time. */
export type NullableTimestamp = ColumnType<Date | string | null, string | null, string | null>;

/**
 * A boolean. Written as 0/1, which SQLite stores as an integer and PostgreSQL's boolean input
 * accepts; read back as a number from SQLite or a boolean from PostgreSQL.
 */
export type Flag = ColumnType<number | boolean, number, number>;

export interface RankingSnapshotTable {
  id: Generated<number>;
  provider: string;
  fetched_at: Timestamp;
  content_hash: string;
  entry_count: number;
}

export interface RankingEntryTable {
  snapshot_id: number;
  rank: number;
  provider_id: string;
  symbol: string;
  name: string;
  market_cap_usd: number | null;
  volume_24h_usd: number | null;
  price_usd: number | null;
  slug: ColumnType<string | null, string | null | undefined, string | null>;
  circulating_supply: ColumnType<number | null, number | null | undefined, number | null>;
  total_supply: ColumnType<number | null, number | null | undefined, number | null>;
  last_updated: ColumnType<string | null, string | null | undefined, string | null>;
  /** The coin's classes (migration 0008): NULL unknown, '' none, else comma-separated (domain/categories.ts). */
  categories: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PriceSnapshotTable {
  id: Generated<number>;
  provider: string;
  fetched_at: Timestamp;
  content_hash: string;
  quote_count: number;
  credit_count: number | null;
}

export interface PriceQuoteTable {
  snapshot_id: number;
  provider_id: string;
  symbol: string;
  name: string;
  slug: string | null;
  price_usd: number;
  market_cap_usd: number | null;
  volume_24h_usd: number | null;
  change_1h_pct: number | null;
  change_24h_pct: number | null;
  change_7d_pct: number | null;
  circulating_supply: number | null;
  total_supply: ColumnType<number | null, number | null | undefined, number | null>;
  last_updated: string | null;
  /** 'listing' (the price list) or 'by_id' (fetched by id after it); a CHECK constraint enforces it. */
  source: ColumnType<string, string | undefined, string>;
  /** The coin's classes (migration 0008): NULL unknown, '' none, else comma-separated (domain/categories.ts). */
  categories: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SourceStateTable {
  /** 'ranking' or 'pricing' (a CHECK constraint enforces it). */
  role: string;
  provider: string;
  /** Points at ranking_snapshot.id or price_snapshot.id depending on the role, so no foreign key. */
  snapshot_id: number | null;
  fetched_at: NullableTimestamp;
  checked_at: NullableTimestamp;
  last_error: string | null;
  last_error_at: NullableTimestamp;
  interval_seconds: number;
  simulated: Flag;
  updated_at: Timestamp;
  /** The role's configured provider (or CoinGecko's keyless default); null before migration 0003 wrote it. */
  primary_provider: string | null;
  /** 'configured', 'keyless_default' or 'failover' (a CHECK constraint enforces it). */
  selection_mode: string | null;
  selection_reason: string | null;
  selection_since: NullableTimestamp;
  /** The UTC day, YYYY-MM-DD, that credits_today counts. */
  credits_day: string | null;
  credits_today: ColumnType<number, number | undefined, number>;
  /** When the service tries a failing source next; null after a success (migration 0006). */
  next_attempt_at: ColumnType<string | Date | null, string | null | undefined, string | null>;
}

export interface PriceHistoryTable {
  /** `<provider>:<provider's id>`, e.g. `coinmarketcap:1` or `cryptocompare:BTC`. */
  coin_key: string;
  /** 'raw', 'hour' or 'day' (a CHECK constraint enforces it); see HistoryResolution. */
  resolution: string;
  ts: Timestamp;
  price_usd: number;
  market_cap_usd: number | null;
  volume_24h_usd: number | null;
  /** The provider that reported the point. */
  source: string;
}

export interface HistoryBackfillTable {
  coin_key: string;
  /** 'hour' or 'day'. */
  resolution: string;
  /** The last successful backfill; null while every attempt failed. */
  fetched_at: NullableTimestamp;
  attempted_at: Timestamp;
  last_error: string | null;
}

export interface LeaseTable {
  /** 'ranking' or 'pricing' (a CHECK constraint enforces it). */
  role: string;
  holder: string;
  /** Grows by one whenever the lease changes hands (or is taken again after lapsing). */
  token: number;
  acquired_at: Timestamp;
  renewed_at: Timestamp;
  expires_at: Timestamp;
}

export interface AssetTable {
  /** The stable Top Coins id: URL-safe, never reused or changed. */
  id: string;
  name: string;
  symbol: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AssetAliasTable {
  /** The id of an asset merged into another. */
  id: string;
  asset_id: string;
  created_at: Timestamp;
}

export interface AssetLinkTable {
  provider: string;
  provider_id: string;
  asset_id: string;
  symbol: string;
  name: string;
  slug: string | null;
  /** origin, override, contract, evidence or id (a CHECK constraint enforces it). */
  rule: string;
  /** auto or override. */
  made_by: string;
  evidence: string;
  first_confirmed_at: Timestamp;
  last_confirmed_at: Timestamp;
  contradictions: ColumnType<number, number | undefined, number>;
  last_contradiction: string | null;
}

export interface ProviderCoinTable {
  provider: string;
  provider_id: string;
  symbol: string;
  name: string;
  slug: string | null;
  rank: number | null;
  seen_at: Timestamp;
}

export interface ProviderContractTable {
  provider: string;
  provider_id: string;
  /** The chain as Top Coins names it (lib/domain/identity/contracts.ts). */
  chain: string;
  address: string;
}

export interface IdentityFetchTable {
  provider: string;
  fetched_at: NullableTimestamp;
  attempted_at: Timestamp;
  last_error: string | null;
  coin_count: ColumnType<number, number | undefined, number>;
}

export interface RegistryStateTable {
  id: number;
  version: number;
  updated_at: Timestamp;
}

export interface FxRatesTable {
  /** Always 1: one table of rates. */
  id: number;
  provider: string;
  /** JSON object of units per US dollar by currency code; null before the first success. */
  rates: string | null;
  content_hash: string | null;
  fetched_at: NullableTimestamp;
  checked_at: NullableTimestamp;
  last_error: string | null;
  last_error_at: NullableTimestamp;
  next_attempt_at: NullableTimestamp;
  interval_seconds: number;
  simulated: ColumnType<number | boolean, number | undefined, number>;
  updated_at: Timestamp;
}

export interface Database {
  ranking_snapshot: RankingSnapshotTable;
  ranking_entry: RankingEntryTable;
  price_snapshot: PriceSnapshotTable;
  price_quote: PriceQuoteTable;
  source_state: SourceStateTable;
  price_history: PriceHistoryTable;
  history_backfill: HistoryBackfillTable;
  lease: LeaseTable;
  asset: AssetTable;
  asset_alias: AssetAliasTable;
  asset_link: AssetLinkTable;
  provider_coin: ProviderCoinTable;
  provider_contract: ProviderContractTable;
  identity_fetch: IdentityFetchTable;
  registry_state: RegistryStateTable;
  fx_rates: FxRatesTable;
}
