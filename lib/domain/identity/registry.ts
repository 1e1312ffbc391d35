// The asset registry as the merge reads it: one asset per coin identity, each provider's coin
// linked to it with the rule and evidence that made the link. Pure types and helpers.
import type { Contract } from "./contracts";
import { slugify } from "./normalize";

/**
 * How a link was made: `origin` (the coin the asset was created for), `override` (a reviewed
 * override), `contract` (the same token contract), `evidence` (two supporting signals, no
 * contradiction), `id` (one provider in both roles: its own id).
 */
export type LinkRule = "origin" | "override" | "contract" | "evidence" | "id";
export type LinkMaker = "auto" | "override";

/** One provider's coin linked to an asset. */
export interface StoredLink {
  assetId: string;
  provider: string;
  providerId: string;
  symbol: string;
  name: string;
  slug: string | null;
  rule: LinkRule;
  madeBy: LinkMaker;
  /** The evidence when the link was made or last confirmed, in words. */
  evidence: string;
  firstConfirmedAt: Date;
  lastConfirmedAt: Date;
  /** Consecutive snapshots whose evidence contradicted the link; 0 when the last one confirmed it. */
  contradictions: number;
  lastContradiction: string | null;
}

/** A provider's coin from its identity list (CoinMarketCap's map, CryptoCompare's coin list, CoinGecko's coin list). */
export interface ProviderCoin {
  providerId: string;
  symbol: string;
  name: string;
  slug: string | null;
  /** The provider's own rank, where its list has one (CoinMarketCap's map). */
  rank: number | null;
  contracts: Contract[];
}

/** What the merge reads from the registry. */
export interface RegistryInput {
  /** Stored links of the ranking and the pricing provider's coins. */
  links: readonly StoredLink[];
  /** Token contracts of provider coins, by listingKey(provider, id). */
  contracts?: ReadonlyMap<string, readonly Contract[]>;
  /** A link is dropped after this many consecutive contradicting snapshots (IDENTITY_UNLINK_AFTER). */
  unlinkAfter?: number;
}

export const DEFAULT_UNLINK_AFTER = 3;

/** The key of a provider's coin in maps: provider and id cannot run together. */
export function listingKey(provider: string, id: string): string {
  return `${provider}\u0000${id}`;
}

const MAX_ID_LENGTH = 48;

/** A URL-safe id base from a slug or name: never empty, never digits only (those are provider ids). */
export function assetIdBase(text: string): string {
  let base = slugify(text).slice(0, MAX_ID_LENGTH).replace(/-+$/, "");
  if (base === "") base = "coin";
  if (/^[0-9-]+$/.test(base)) base = `coin-${base}`;
  return base;
}

/**
 * A new asset's id: the first free one of the base (a provider slug or the name), the base with
 * the symbol, then the base with a number. Ids are never reused or changed once given.
 */
export function chooseAssetId(base: string, symbol: string, taken: (id: string) => boolean): string {
  const first = assetIdBase(base);
  if (!taken(first)) return first;
  const withSymbol = assetIdBase(`${first} ${symbol}`);
  if (withSymbol !== first && !taken(withSymbol)) return withSymbol;
  for (let n = 2; ; n++) {
    const numbered = `${first}-${n}`;
    if (!taken(numbered)) return numbered;
  }
}

/** The id a row shows while its coin has no asset yet (a store not yet reconciled): provider and id. */
export function provisionalAssetId(provider: string, providerId: string): string {
  return assetIdBase(`${provider} ${providerId}`);
}

/** Stable Top Coins ids and provisional ones alike: what a /coins/{id} path may hold. */
export const ASSET_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,126}[a-z0-9])?$/;
