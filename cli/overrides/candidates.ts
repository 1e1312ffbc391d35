// For each ranked coin the merge left without a price, the price-list coins an operator should
// look at (same symbol, or same name) and override entries in the format of config/overrides.json.
// Pure: snapshots in, suggestions out.
import { type MergedRow, normalizeName } from "../../lib/domain/merge";
import type { PriceQuote, RankingEntry } from "../../lib/domain/types";

export interface Candidate {
  quote: PriceQuote;
  sameSymbol: boolean;
  sameName: boolean;
  /** The candidate's market cap over the ranking provider's; null when either is unknown. */
  capRatio: number | null;
}

/** One entry of config/overrides.json, keys in the file's order. */
export interface OverrideEntry {
  ranking: { provider: string; id: string };
  pricing: { provider: string; id: string };
  note: string;
}

export interface Suggestion {
  row: MergedRow;
  entry: RankingEntry;
  candidates: Candidate[];
  /** Every candidate of an ambiguous coin; the closest one of an unlisted coin; none without candidates. */
  overrides: OverrideEntry[];
}

export interface SuggestInput {
  rankingProvider: string;
  pricingProvider: string;
  entries: readonly RankingEntry[];
  quotes: readonly PriceQuote[];
  rows: readonly MergedRow[];
}

// How far a cap ratio is from 1, in either direction: 0.5 and 2 are equally far.
function capDistance(candidate: Candidate): number {
  return candidate.capRatio === null ? Number.POSITIVE_INFINITY : Math.abs(Math.log(candidate.capRatio));
}

function byCloseness(a: Candidate, b: Candidate): number {
  return (
    capDistance(a) - capDistance(b) ||
    Number(b.sameName) - Number(a.sameName) ||
    Number(b.sameSymbol) - Number(a.sameSymbol) ||
    (a.quote.providerId < b.quote.providerId ? -1 : a.quote.providerId > b.quote.providerId ? 1 : 0)
  );
}

/** The quotes sharing the entry's symbol or normalized name, closest market cap first. */
export function findCandidates(entry: RankingEntry, quotes: readonly PriceQuote[]): Candidate[] {
  const symbol = entry.symbol.toUpperCase();
  const name = normalizeName(entry.name);
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const quote of quotes) {
    // The merge keeps the first quote of a repeated id; so do the candidates.
    if (seen.has(quote.providerId)) continue;
    seen.add(quote.providerId);
    const sameSymbol = quote.symbol.toUpperCase() === symbol;
    const sameName = name !== "" && normalizeName(quote.name) === name;
    if (!sameSymbol && !sameName) continue;
    const capRatio =
      quote.marketCapUsd !== null && entry.marketCapUsd !== null && quote.marketCapUsd > 0 && entry.marketCapUsd > 0
        ? quote.marketCapUsd / entry.marketCapUsd
        : null;
    candidates.push({ quote, sameSymbol, sameName, capRatio });
  }
  return candidates.sort(byCloseness);
}

/** 0.92, 2.50; two significant digits for a ratio too small for two decimals. */
export function formatRatio(ratio: number): string {
  return ratio >= 0.01 ? ratio.toFixed(2) : ratio.toPrecision(2);
}

function overrideFor(input: SuggestInput, entry: RankingEntry, candidate: Candidate): OverrideEntry {
  const { quote } = candidate;
  const ratio = candidate.capRatio === null ? "" : `, market cap ratio ${formatRatio(candidate.capRatio)}`;
  return {
    ranking: { provider: input.rankingProvider, id: entry.providerId },
    pricing: { provider: input.pricingProvider, id: quote.providerId },
    note: `${entry.name} (${entry.symbol}) at ${input.rankingProvider} is ${quote.name} (${quote.symbol}, id ${quote.providerId}) at ${input.pricingProvider}${ratio}.`,
  };
}

// Objects inline, one key a line: the layout of config/overrides.json, so a pasted entry needs no reformatting.
function inlineObject(value: Record<string, string>): string {
  const fields = Object.entries(value).map(([key, field]) => `${JSON.stringify(key)}: ${JSON.stringify(field)}`);
  return `{ ${fields.join(", ")} }`;
}

/** The entry as lines of JSON, laid out like the entries of config/overrides.json. */
export function formatOverrideEntry(entry: OverrideEntry): string[] {
  return [
    "{",
    `  "ranking": ${inlineObject(entry.ranking)},`,
    `  "pricing": ${inlineObject(entry.pricing)},`,
    `  "note": ${JSON.stringify(entry.note)}`,
    "}",
  ];
}

/** A suggestion for every unpriced row, in rank order. */
export function suggestOverrides(input: SuggestInput): Suggestion[] {
  const entries = new Map(input.entries.map((entry) => [entry.providerId, entry]));
  const suggestions: Suggestion[] = [];
  for (const row of input.rows) {
    if (row.priceStatus === "ok") continue;
    const entry = entries.get(row.rankingId);
    if (entry === undefined) continue;
    const candidates = findCandidates(entry, input.quotes);
    const chosen = row.priceStatus === "ambiguous" ? candidates : candidates.slice(0, 1);
    suggestions.push({ row, entry, candidates, overrides: chosen.map((c) => overrideFor(input, entry, c)) });
  }
  return suggestions;
}
