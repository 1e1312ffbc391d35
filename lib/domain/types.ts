// Domain records shared by the providers, the store, the merge and the web layer.
// Every record is keyed by its provider's own id; a symbol is only a display string.
import type { CoinCategory } from "./categories";

/** The two roles a provider can play. */
export type SourceRole = "ranking" | "pricing";

/** One ranked coin as the ranking provider reports it. */
export interface RankingEntry {
  /** 1-based position in the ranking provider's list. */
  rank: number;
  /** The ranking provider's own id (CryptoCompare `CoinInfo.Id`). */
  providerId: string;
  /** The ranking provider's symbol (CryptoCompare `CoinInfo.Name`, unique there). */
  symbol: string;
  name: string;
  marketCapUsd: number | null;
  volume24hUsd: number | null;
  /** The ranking provider's own USD price, kept as a reference; not the served price. */
  priceUsd: number | null;
  /** The provider's slug, where it has one (CoinMarketCap, CoinGecko); identity compares it with names. */
  slug?: string | null;
  /** The ranking provider's circulating supply, for identity's market check. */
  circulatingSupply?: number | null;
  /** The ranking provider's total supply (CryptoCompare's SUPPLY), for identity's market check. */
  totalSupply?: number | null;
  /** When the provider last updated the entry's figures (ISO-8601), for identity's market check. */
  lastUpdated?: string | null;
  /** The coin's classes from the provider's tags or categories (categories.ts); null/absent: it said nothing. */
  categories?: CoinCategory[] | null;
}

/** One quote as the pricing provider reports it. */
export interface PriceQuote {
  /** The pricing provider's own id (CoinMarketCap `id`). */
  providerId: string;
  symbol: string;
  name: string;
  slug: string | null;
  priceUsd: number;
  marketCapUsd: number | null;
  volume24hUsd: number | null;
  change1hPct: number | null;
  change24hPct: number | null;
  change7dPct: number | null;
  circulatingSupply: number | null;
  /** The total supply, for identity's market check: providers disagree on what circulates. */
  totalSupply?: number | null;
  /** The provider's own `last_updated`, ISO-8601. */
  lastUpdated: string | null;
  /** `by_id`: fetched by id after the price list, the coin being deeper than the list; absent: the list. */
  source?: "listing" | "by_id";
  /** The coin's classes from the provider's tags or categories (categories.ts); null/absent: it said nothing. */
  categories?: CoinCategory[] | null;
}

/** A token contract a provider reports for one of its coins, chain and address as identity compares them. */
export interface ListingContract {
  providerId: string;
  /** The chain as Top Coins names it (lib/domain/identity/contracts.ts). */
  chain: string;
  address: string;
}

/** What a provider client returns for one fetch of the ranking. */
export interface RankingFetch {
  provider: string;
  entries: RankingEntry[];
  /** Token contracts the body carries for its coins; stored in the asset registry. */
  contracts?: ListingContract[];
  /** True when the upstream marked its answer as simulated data. */
  simulated: boolean;
}

/** What a provider client returns for one fetch of the prices. */
export interface PricingFetch {
  provider: string;
  quotes: PriceQuote[];
  /** Token contracts the body carries for its coins (CoinMarketCap `platform`); stored in the registry. */
  contracts?: ListingContract[];
  /** Provider credits this fetch cost (CoinMarketCap `status.credit_count`). */
  creditCount: number | null;
  simulated: boolean;
}

/** A stored ranking snapshot. */
export interface RankingSnapshot {
  id: number;
  provider: string;
  fetchedAt: Date;
  contentHash: string;
  entries: RankingEntry[];
}

/** A stored price snapshot. */
export interface PriceSnapshot {
  id: number;
  provider: string;
  fetchedAt: Date;
  contentHash: string;
  creditCount: number | null;
  quotes: PriceQuote[];
}

/**
 * How the provider serving a role came to serve it: as configured, as CoinGecko's keyless default
 * because the configured provider's key is not set, or as a fallback while the primary fails.
 */
export type SelectionMode = "configured" | "keyless_default" | "failover";

export interface ProviderSelection {
  /** The provider the role uses when all is well: the configured one, or the keyless default. */
  primary: string;
  mode: SelectionMode;
  /** Why, in a sentence users can read; null for a configured provider that is working. */
  reason: string | null;
  /** When this selection began (the switch to a fallback, or the return to the primary). */
  since: Date;
}

/** Per-source bookkeeping: what was fetched, when it was last confirmed, what went wrong. */
export interface SourceState {
  role: SourceRole;
  provider: string;
  /** Id of the latest snapshot of this role, or null before the first one. */
  snapshotId: number | null;
  /** When the current snapshot's content was first fetched. */
  fetchedAt: Date | null;
  /** When the upstream last confirmed the current content (a fetch with the same hash counts). */
  checkedAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** When the service tries again after a failure; null after a success or when it did not say. */
  nextAttemptAt: Date | null;
  /** The service's refresh interval, so readers can judge staleness. */
  intervalSeconds: number;
  simulated: boolean;
  /** Which provider serves the role and why; null until a service running migration 0003 reports. */
  selection: ProviderSelection | null;
  /** Provider credits spent on creditsDay (UTC, YYYY-MM-DD); only CoinMarketCap bills credits. */
  creditsToday: number;
  creditsDay: string | null;
}
