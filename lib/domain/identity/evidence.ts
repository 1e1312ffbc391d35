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
  totalSupply?: number | null;
  /** When the figures were current (ISO-8601): two records far apart in time agree less closely. */
  lastUpdated?: string | null;
}

/**
 * A record with its provider, its contracts and its comparison keys, each worked out once and only
 * when asked for: most pairs agree on the symbol and spell their names alike, and never need them.
 */
export class PreparedRecord {
  readonly symbol: string;
  readonly contractKeys: readonly string[];
  private nameKeys: NameKeys | undefined;
  private slugKeys: NameKeys | null | undefined;
  private updated: number | null | undefined;

  constructor(
    readonly provider: string,
    readonly listing: IdentityListing,
    readonly contracts: readonly Contract[],
  ) {
    this.symbol = symbolKey(provider, listing.symbol);
    this.contractKeys = contracts.length === 0 ? NO_KEYS : contracts.map(contractKey);
  }

  get name(): NameKeys {
    this.nameKeys ??= keysOf(words(this.listing.name));
    return this.nameKeys;
  }

  /** The slug's keys when it spells something else than the name ("pol" for "POL (prev. MATIC)"); else null. */
  get slug(): NameKeys | null {
    if (this.slugKeys === undefined) {
      const slug = this.listing.slug ? words(this.listing.slug) : null;
      this.slugKeys = slug === null || sameWords(slug, words(this.listing.name)) ? null : keysOf(slug);
    }
    return this.slugKeys;
  }

  /** lastUpdated in ms since the epoch; null when unknown. */
  get updatedMs(): number | null {
    if (this.updated === undefined) {
      this.updated = this.listing.lastUpdated ? Date.parse(this.listing.lastUpdated) || null : null;
    }
    return this.updated;
  }
}

export function prepareRecord(
  provider: string,
  listing: IdentityListing,
  contracts: readonly Contract[],
): PreparedRecord {
  return new PreparedRecord(provider, listing, contracts);
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
  /** Price within the divergence threshold, and market cap within 2× or a supply within 10%. */
  market: boolean;
  /** The larger price over the smaller; null when either is unknown. */
  priceRatio: number | null;
  capRatio: number | null;
  /** The closest pair of the two records' supplies (circulating or total), larger over smaller. */
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
/** Market caps within this factor agree. */
export const CAP_FACTOR = 2;
/** Supplies within this factor (10%) agree. */
export const SUPPLY_FACTOR = 1.1;

// CryptoCompare and CoinGecko report an unknown supply, and so an unknown market cap, as 0: their
// 0 says nothing. CoinMarketCap reports 0 for a coin whose supply it does not vouch for: a real report.
const ZERO_CAP_IS_UNKNOWN = new Set(["cryptocompare", "coingecko"]);

const positive = (value: number | null): value is number => value !== null && Number.isFinite(value) && value > 0;

function ratio(a: number | null, b: number | null): number | null {
  return positive(a) && positive(b) ? Math.max(a, b) / Math.min(a, b) : null;
}

/**
 * The closest agreement between the two records' supplies. Providers disagree on what circulates
 * (CryptoCompare's older SUPPLY is the total supply; CoinMarketCap counts locked tokens out), so
 * a circulating figure is compared with the other side's circulating and total figures alike.
 */
function closestSupplyRatio(a: IdentityListing, b: IdentityListing): number | null {
  const aCirculating = a.circulatingSupply ?? null;
  const aTotal = a.totalSupply ?? null;
  const bCirculating = b.circulatingSupply ?? null;
  const bTotal = b.totalSupply ?? null;
  return closer(
    closer(ratio(aCirculating, bCirculating), ratio(aCirculating, bTotal)),
    closer(ratio(aTotal, bCirculating), ratio(aTotal, bTotal)),
  );
}

function closer(x: number | null, y: number | null): number | null {
  return x === null ? y : y === null || x <= y ? x : y;
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

const HAS_LETTER_OR_DIGIT = /[A-Za-z0-9]/;

function nameSignal(a: PreparedRecord, b: PreparedRecord): NameSignal {
  // The common case, two providers spelling the name alike, needs no words.
  if (a.listing.name === b.listing.name && HAS_LETTER_OR_DIGIT.test(a.listing.name)) return "exact";
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
  const supplyRatio = closestSupplyRatio(a, b);
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
