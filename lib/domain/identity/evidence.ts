// The evidence that two providers' records are one coin (DESIGN.md, "Identity and the merge
// policy"). Definitive: the same contract on the same chain (a reviewed override is decided before
// any evidence is read). Supporting: the symbol without provider quirks; name or slug agreement;
// same-minute market agreement. Contradicting: prices an order of magnitude apart; names with no
// word in common while only the symbol agrees; a market cap of 0 against a real one. A link needs
// a definitive signal, or two supporting signals and no contradiction. Pure.
import { type Contract, contractKey } from "./contracts";
import { keysOf, type NameAgreement, type NameKeys, namesAgree, namesShareAWord, symbolKey, words } from "./normalize";

/**
 * One provider's record of a coin, as identity reads it. A ranking entry and a price quote are
 * both such records as they stand; an identity list's coin is one without market figures.
 */
export interface IdentityListing {
  providerId: string;
  symbol: string;
  name: string;
  slug?: string | null;
  /** Market figures from the same minute, when the record comes with them (a listing, a quote). */
  priceUsd: number | null;
  marketCapUsd: number | null;
  circulatingSupply?: number | null;
  /** When the figures were current (ISO-8601): two records far apart in time agree less closely. */
  lastUpdated?: string | null;
}

/** A record with its provider, its contracts and its comparison keys worked out once. */
export interface PreparedRecord {
  provider: string;
  listing: IdentityListing;
  symbol: string;
  name: NameKeys;
  slug: NameKeys | null;
  contracts: readonly Contract[];
  contractKeys: readonly string[];
  /** lastUpdated in ms since the epoch; null when unknown. */
  updatedMs: number | null;
}

export function prepareRecord(
  provider: string,
  listing: IdentityListing,
  contracts: readonly Contract[],
): PreparedRecord {
  const nameWords = words(listing.name);
  const slug = listing.slug ? words(listing.slug) : null;
  return {
    provider,
    listing,
    symbol: symbolKey(provider, listing.symbol),
    name: keysOf(nameWords),
    // Most slugs spell the name ("hydro-protocol"): only a different one adds a key.
    slug: slug === null || sameWords(slug, nameWords) ? null : keysOf(slug),
    contracts,
    contractKeys: contracts.length === 0 ? NO_KEYS : contracts.map(contractKey),
    updatedMs: listing.lastUpdated ? Date.parse(listing.lastUpdated) || null : null,
  };
}

const NO_KEYS: readonly string[] = [];

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export type Contradiction = "prices_apart" | "names_disjoint" | "cap_zero";
export type NameSignal = NameAgreement | "slug";

export interface Evidence {
  /** The shared contract: definitive. */
  contract: Contract | null;
  symbol: boolean;
  name: NameSignal;
  /** Price within the divergence threshold, and market cap within 2× or circulating supply within 10%. */
  market: boolean;
  /** The larger price over the smaller; null when either is unknown. */
  priceRatio: number | null;
  capRatio: number | null;
  supplyRatio: number | null;
  /** Which side reports a market cap of exactly 0 while the other reports a real one. */
  zeroCapAt: "ranked" | "candidate" | null;
  contradictions: Contradiction[];
  /** How many of symbol, name and market agree. */
  supporting: number;
}

export interface EvidenceOptions {
  /** PRICE_DIVERGENCE_PCT: prices further apart than this, in percent, do not agree. */
  divergencePct: number;
}

/** Prices this many times apart belong to two different assets. */
export const PRICE_APART_FACTOR = 10;
const CAP_FACTOR = 2;
const SUPPLY_FACTOR = 1.1;

// CryptoCompare and CoinGecko report an unknown supply, and so an unknown market cap, as 0: their
// 0 says nothing. CoinMarketCap reports 0 for a coin whose supply it does not vouch for: a real report.
const ZERO_CAP_IS_UNKNOWN = new Set(["cryptocompare", "coingecko"]);

const positive = (value: number | null): value is number => value !== null && Number.isFinite(value) && value > 0;

function ratio(a: number | null, b: number | null): number | null {
  return positive(a) && positive(b) ? Math.max(a, b) / Math.min(a, b) : null;
}

function reportsZeroCap(record: PreparedRecord): boolean {
  return record.listing.marketCapUsd === 0 && !ZERO_CAP_IS_UNKNOWN.has(record.provider);
}

function sharedContract(a: PreparedRecord, b: PreparedRecord): Contract | null {
  if (a.contractKeys.length === 0 || b.contractKeys.length === 0) return null;
  for (let i = 0; i < a.contractKeys.length; i++) {
    if (b.contractKeys.includes(a.contractKeys[i] as string)) return a.contracts[i] ?? null;
  }
  return null;
}

function nameSignal(a: PreparedRecord, b: PreparedRecord): NameSignal {
  const byName = namesAgree(a.name, b.name);
  if (byName) return byName;
  // A slug is the provider's own spelling of the name ("polygon-ecosystem-token").
  if (b.slug && (namesAgree(a.name, b.slug) === "exact" || (a.slug && namesAgree(a.slug, b.slug) === "exact"))) {
    return "slug";
  }
  if (a.slug && namesAgree(a.slug, b.name) === "exact") return "slug";
  return null;
}

function sharesAWord(a: PreparedRecord, b: PreparedRecord): boolean {
  if (namesShareAWord(a.name, b.name)) return true;
  return (b.slug !== null && namesShareAWord(a.name, b.slug)) || (a.slug !== null && namesShareAWord(a.slug, b.name));
}

const DAY_MS = 86_400_000;
// A day's typical move of a coin's price, in percent: figures a day apart agree to about three of it.
const DAILY_DRIFT_PCT = 4;

/**
 * How far apart two prices may be and still agree. Same-minute figures agree within the
 * divergence threshold; figures recorded further apart in time may drift by about three daily
 * moves times the square root of the days between them, up to three thresholds.
 */
export function marketTolerancePct(divergencePct: number, a: PreparedRecord, b: PreparedRecord): number {
  if (a.updatedMs === null || b.updatedMs === null) return divergencePct;
  const days = Math.abs(a.updatedMs - b.updatedMs) / DAY_MS;
  return Math.min(3 * divergencePct, divergencePct + 3 * DAILY_DRIFT_PCT * Math.sqrt(days));
}

/** The evidence that `ranked` (the coin to price) and `candidate` (a listing) are one coin. */
export function compareRecords(ranked: PreparedRecord, candidate: PreparedRecord, options: EvidenceOptions): Evidence {
  const a = ranked.listing;
  const b = candidate.listing;
  const contract = sharedContract(ranked, candidate);
  const symbol = ranked.symbol !== "" && ranked.symbol === candidate.symbol;
  const name = nameSignal(ranked, candidate);
  const priceRatio = ratio(a.priceUsd, b.priceUsd);
  const capRatio = ratio(a.marketCapUsd, b.marketCapUsd);
  const supplyRatio = ratio(a.circulatingSupply ?? null, b.circulatingSupply ?? null);
  const tolerancePct = marketTolerancePct(options.divergencePct, ranked, candidate);
  const priceAgrees = priceRatio !== null && (priceRatio - 1) * 100 <= tolerancePct;
  const capFactor = CAP_FACTOR * (1 + (tolerancePct - options.divergencePct) / 100);
  const market =
    priceAgrees &&
    ((capRatio !== null && capRatio <= capFactor) || (supplyRatio !== null && supplyRatio <= SUPPLY_FACTOR));
  const zeroCapAt =
    reportsZeroCap(candidate) && positive(a.marketCapUsd)
      ? "candidate"
      : reportsZeroCap(ranked) && positive(b.marketCapUsd)
        ? "ranked"
        : null;

  const contradictions: Contradiction[] = [];
  if (priceRatio !== null && priceRatio >= PRICE_APART_FACTOR) contradictions.push("prices_apart");
  if (symbol && name === null && !market && !sharesAWord(ranked, candidate)) contradictions.push("names_disjoint");
  // A reported 0 against a real cap says the listing is another (or dead) asset, unless the two
  // markets price it alike this minute.
  if (zeroCapAt !== null && !priceAgrees) contradictions.push("cap_zero");
  const supporting = Number(symbol) + Number(name !== null) + Number(market);
  return { contract, symbol, name, market, priceRatio, capRatio, supplyRatio, zeroCapAt, contradictions, supporting };
}

/** A definitive signal, or two supporting signals and no contradiction. */
export function isLinkable(evidence: Evidence): boolean {
  return evidence.contract !== null || (evidence.supporting >= 2 && evidence.contradictions.length === 0);
}

/**
 * How strongly evidence ties two records, to choose between candidates: a contract first, then the
 * number of supporting signals, then how closely the names agree. Two candidates with equal
 * strength cannot be told apart.
 */
export function evidenceStrength(evidence: Evidence): number {
  const nameRank = evidence.name === "exact" ? 3 : evidence.name === "slug" ? 2 : evidence.name ? 1 : 0;
  return (
    (evidence.contract ? 10_000 : 0) +
    evidence.supporting * 100 +
    nameRank * 10 +
    (evidence.symbol ? 5 : 0) -
    evidence.contradictions.length * 1000
  );
}

/** The strength of the identity signals alone (contract, symbol, name), leaving the market aside. */
export function identityStrength(evidence: Evidence): number {
  if (!evidence.market) return evidenceStrength(evidence);
  return evidenceStrength({ ...evidence, market: false, supporting: evidence.supporting - 1 });
}

/** Whether identity alone (no market figures) would link: a contract, or symbol and name. */
export function isLinkableOnIdentity(evidence: Evidence): boolean {
  return (
    evidence.contract !== null || (evidence.symbol && evidence.name !== null && evidence.contradictions.length === 0)
  );
}
