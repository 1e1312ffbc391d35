/**
 * One asset of the simulated universe: a stable identity plus the listing each provider has for it.
 * A provider "lists" the asset when its identity field is non-null. The expected merge outcome is
 * stored with the asset because the simulator knows the ground truth by construction.
 */
import { checksumAddress } from "./keccak";
import { between, intBetween, pick, type Rng } from "./prng";

export interface CryptoCompareListing {
  id: string;
  /** CryptoCompare's unique symbol ("Name" in CoinInfo). */
  name: string;
  fullName: string;
  /** false = no USD market there: the toplist item has no RAW/DISPLAY. */
  hasUsdMarket: boolean;
  imageUrl: string;
  algorithm: string;
  proofType: string;
  launchDate: string;
  blockTime: number;
  blockReward: number;
  /**
   * How the coinlist writes the token's contract (the asset's CoinMarketCap platform address):
   * CryptoCompare often lower-cases it where CoinMarketCap checksums it.
   */
  lowerCaseContract: boolean;
}

export interface PlatformInfo {
  id: number;
  name: string;
  symbol: string;
  slug: string;
  token_address: string;
}

export interface CoinMarketCapListing {
  id: number;
  symbol: string;
  name: string;
  slug: string;
  tags: string[];
  platform: PlatformInfo | null;
  dateAdded: string;
  numMarketPairs: number;
  /**
   * CoinMarketCap does not vouch for the supply: it reports circulating_supply and market_cap as 0
   * and the project's figures as self_reported_*. The listing still ranks by the self-reported cap.
   */
  unverifiedSupply?: boolean;
}

export type Expected = "priced" | "not_listed" | "ambiguous";

/** What kind of coin a designed stablecoin or wrapped token is (asset-kinds.ts); absent for the others. */
export type AssetKind = "stablecoin" | "wrapped";

export interface Asset {
  /** Position in the universe: the order every per-tick draw follows. */
  index: number;
  /** Stable identity, independent of either provider. */
  key: string;
  cc: CryptoCompareListing | null;
  cmc: CoinMarketCapListing | null;
  /** Shown in SponsoredData only, never ranked. */
  sponsored: boolean;
  /** The right merge answer for a ranked CryptoCompare coin. */
  expected: Expected;
  basePrice: number;
  circulatingSupply: number;
  totalSupply: number;
  maxSupply: number | null;
  baseVolumeUsd: number;
  /** Per-tick standard deviation of the log price. */
  sigma: number;
  /** Share of volume CoinMarketCap reports relative to CryptoCompare's total volume. */
  cmcVolumeFactor: number;
  /** Index of the asset whose price shocks this one reuses: keeps designed cap ratios stable. */
  walkWith: number | null;
  kind?: AssetKind;
}

const TAGS = ["defi", "layer-1", "layer-2", "gaming", "memes", "ai-big-data", "dao", "payments", "storage", "oracles"];
const ALGORITHMS = ["SHA-256", "Scrypt", "Ethash", "X11", "Equihash", "N/A"];
const PROOF_TYPES = ["PoW", "PoS", "DPoS", "PoA", "N/A"];

/** Synthetic identifiers derive from the universe index, so they are unique by construction. */
export const syntheticCcId = (index: number): string => String(100_000 + index * 17 + 3);
export const syntheticCmcId = (index: number): number => 10_000 + index * 7 + 1;

export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function isoDay(rng: Rng, fromYear: number, toYear: number): string {
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.UTC(toYear, 11, 31);
  const day = new Date(from + Math.floor(rng() * (to - from)));
  day.setUTCHours(0, 0, 0, 0);
  return day.toISOString();
}

function hex(rng: Rng, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += Math.floor(rng() * 16).toString(16);
  return out;
}

/** CryptoCompare-side details that only need to look plausible. */
export function makeCcListing(
  rng: Rng,
  id: string,
  name: string,
  fullName: string,
  imageId: number,
  hasUsdMarket = true,
): CryptoCompareListing {
  return {
    id,
    name,
    fullName,
    hasUsdMarket,
    imageUrl: `/media/${imageId}/${name.toLowerCase().replace(/[^a-z0-9]/g, "")}.png`,
    algorithm: pick(rng, ALGORITHMS),
    proofType: pick(rng, PROOF_TYPES),
    launchDate: isoDay(rng, 2014, 2025).slice(0, 10),
    blockTime: intBetween(rng, 0, 600),
    blockReward: Math.round(between(rng, 0, 50) * 1000) / 1000,
    lowerCaseContract: true,
  };
}

/**
 * CoinMarketCap-side details; about 40% of synthetic assets are Ethereum tokens, whose address
 * CoinMarketCap writes EIP-55 checksummed (mixed case).
 */
export function makeCmcListing(
  rng: Rng,
  id: number,
  symbol: string,
  name: string,
  token: boolean,
  slug = slugOf(name),
): CoinMarketCapListing {
  const tags = TAGS.filter(() => rng() < 0.2);
  const platform = token
    ? {
        id: 1027,
        name: "Ethereum",
        symbol: "ETH",
        slug: "ethereum",
        token_address: checksumAddress(`0x${hex(rng, 40)}`),
      }
    : null;
  return {
    id,
    symbol,
    name,
    slug,
    tags,
    platform,
    dateAdded: isoDay(rng, 2014, 2025),
    numMarketPairs: intBetween(rng, 3, 900),
  };
}
