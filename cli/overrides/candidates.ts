// For each ranked coin the merge left without a price, the listings an operator should look at,
// weighed with the merge's own evidence (lib/domain/merge.ts, candidatesFor), and override entries
// in the format of config/overrides.json. Pure: a merge input in, suggestions out.
import { type CandidateReport, candidatesFor, type MergedRow, type MergeInput } from "../../lib/domain/merge";
import type { RankingEntry } from "../../lib/domain/types";

/** One entry of config/overrides.json, keys in the file's order. */
export interface OverrideEntry {
  ranking: { provider: string; id: string };
  pricing: { provider: string; id: string };
  note: string;
}

export interface Suggestion {
  row: MergedRow;
  entry: RankingEntry;
  candidates: CandidateReport[];
  /**
   * Every uncontradicted candidate of an ambiguous coin; the strongest uncontradicted one of an
   * unlisted coin; none when the evidence contradicts every candidate (a link there would be wrong).
   */
  overrides: OverrideEntry[];
}

/** The candidates an operator reviews: at most this many per coin, strongest evidence first. */
const SHOWN = 5;

function overrideFor(input: MergeInput, entry: RankingEntry, candidate: CandidateReport): OverrideEntry {
  return {
    ranking: { provider: input.rankingProvider, id: entry.providerId },
    pricing: { provider: input.pricingProvider, id: candidate.providerId },
    note: `${entry.name} (${entry.symbol}) at ${input.rankingProvider} is ${candidate.name} (${candidate.symbol}, id ${candidate.providerId}) at ${input.pricingProvider}: ${candidate.evidence}.`,
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
export function suggestOverrides(input: MergeInput, rows: readonly MergedRow[]): Suggestion[] {
  const entries = new Map(input.entries.map((entry) => [entry.providerId, entry]));
  const suggestions: Suggestion[] = [];
  for (const row of rows) {
    if (row.priceStatus === "ok") continue;
    const entry = entries.get(row.rankingId);
    if (entry === undefined) continue;
    const candidates = candidatesFor(input, entry).slice(0, SHOWN);
    // An unlisted coin's first candidate is the one its evidence comes closest to; a coin with
    // several candidates of equal footing needs a person to choose among them.
    const plausible = candidates.filter((candidate) => !candidate.contradicted);
    const chosen = row.priceStatus === "ambiguous" ? plausible : plausible.slice(0, 1);
    suggestions.push({ row, entry, candidates, overrides: chosen.map((c) => overrideFor(input, entry, c)) });
  }
  return suggestions;
}
