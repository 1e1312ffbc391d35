// `topcoins overrides suggest`: the ranked coins the latest merge left without a price, each with
// its candidates from the price list and override entries ready to paste into the overrides file.
import type { AppConfig } from "../../lib/config";
import { describeStoreUrl, readLatestPriceSnapshot, readLatestRankingSnapshot } from "../../lib/store";
import { compactUsd } from "../../lib/ui/format";
import { mergeSnapshots } from "../../lib/web/view";
import { parseCommandArgs, UsageError } from "../args";
import { alignColumns } from "../columns";
import { OVERRIDES_HELP, OVERRIDES_SUGGEST_HELP } from "../help";
import { type CliIo, cliConfig, writeLines } from "../io";
import {
  type Candidate,
  formatOverrideEntry,
  formatRatio,
  type Suggestion,
  suggestOverrides,
} from "../overrides/candidates";
import { readOverridesFile } from "../overrides-file";
import { messageOf, openExistingStore, SERVICES_HINT } from "../store-access";

export async function runOverrides(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined) {
    io.stderr.write(OVERRIDES_HELP);
    return 2;
  }
  if (sub === "-h" || sub === "--help") {
    io.stdout.write(OVERRIDES_HELP);
    return 0;
  }
  if (sub !== "suggest")
    throw new UsageError(`unknown subcommand ${JSON.stringify(sub)}; the one subcommand is suggest`, "overrides");
  const { values } = parseCommandArgs("overrides suggest", rest, { help: { type: "boolean", short: "h" } });
  if (values.help) {
    io.stdout.write(OVERRIDES_SUGGEST_HELP);
    return 0;
  }
  return suggest(cliConfig(io), io);
}

async function suggest(config: AppConfig, io: CliIo): Promise<number> {
  const fail = (problem: string) => {
    io.stderr.write(`topcoins overrides suggest: ${problem}\n`);
    return 1;
  };
  const overrides = readOverridesFile(config.OVERRIDES_FILE);
  const opened = openExistingStore(config.DATABASE_URL);
  if (!opened.ok) return fail(opened.problem);
  let ranking: Awaited<ReturnType<typeof readLatestRankingSnapshot>>;
  let pricing: Awaited<ReturnType<typeof readLatestPriceSnapshot>>;
  try {
    [ranking, pricing] = await Promise.all([
      readLatestRankingSnapshot(opened.store.db),
      readLatestPriceSnapshot(opened.store.db),
    ]);
  } catch (error) {
    return fail(`cannot read the store ${describeStoreUrl(config.DATABASE_URL)}: ${messageOf(error)}`);
  } finally {
    await opened.store.close();
  }
  if (ranking === null || pricing === null) {
    const missing = [ranking === null ? "ranking" : null, pricing === null ? "price" : null].filter(Boolean);
    return fail(
      `the store ${describeStoreUrl(config.DATABASE_URL)} has no ${missing.join(" and no ")} snapshot yet: ${SERVICES_HINT}`,
    );
  }

  const merged = mergeSnapshots(ranking, pricing, overrides, null, config.PRICE_DIVERGENCE_PCT);
  const lines = [
    `Latest merge: ranking snapshot #${ranking.id} (${ranking.provider}), price snapshot #${pricing.id} (${pricing.provider}), overrides from ${config.OVERRIDES_FILE}.`,
  ];
  const { ambiguous, notListed } = merged.counts;
  if (ambiguous + notListed === 0) {
    writeLines(io.stdout, [...lines, "Every ranked coin has a price: nothing to suggest."]);
    return 0;
  }
  if (ranking.provider === pricing.provider) {
    // One provider in both roles: the merge joins by its own ids and overrides do not apply.
    lines.push(
      `${notListed} ranked coin(s) have no price, but ${ranking.provider} plays both roles: the merge joins its own ids and overrides do not apply.`,
    );
    writeLines(io.stdout, lines);
    return 0;
  }
  const suggestions = suggestOverrides({
    rankingProvider: ranking.provider,
    pricingProvider: pricing.provider,
    entries: ranking.entries,
    quotes: pricing.quotes,
    rows: merged.rows,
  });
  lines.push(
    `${ambiguous + notListed} ranked coin(s) have no price: ${ambiguous} ambiguous, ${notListed} not listed. Check both providers' pages before adding an entry to the "overrides" array.`,
  );
  const providers = { ranking: ranking.provider, pricing: pricing.provider, listed: pricing.quotes.length };
  for (const suggestion of suggestions) lines.push("", ...describeSuggestion(suggestion, providers));
  writeLines(io.stdout, lines);
  return 0;
}

const STATUS_WORDS: Record<string, string> = { ambiguous: "ambiguous", not_listed: "not listed" };

function capText(cap: number | null): string {
  return cap === null ? "market cap unknown" : `market cap ${compactUsd(cap)}`;
}

function candidateCells(candidate: Candidate): string[] {
  const { quote } = candidate;
  const matches = [candidate.sameSymbol ? "same symbol" : null, candidate.sameName ? "same name" : null];
  return [
    `id ${quote.providerId}`,
    quote.symbol,
    quote.name,
    capText(quote.marketCapUsd),
    candidate.capRatio === null ? "cap ratio —" : `cap ratio ${formatRatio(candidate.capRatio)}`,
    matches.filter(Boolean).join(", "),
  ];
}

interface Providers {
  ranking: string;
  pricing: string;
  /** How many coins the price snapshot holds. */
  listed: number;
}

function describeSuggestion(suggestion: Suggestion, providers: Providers): string[] {
  const { row, entry, candidates, overrides } = suggestion;
  const lines = [
    `#${row.rank} ${entry.symbol} "${entry.name}" (${providers.ranking} id ${entry.providerId}, ${capText(entry.marketCapUsd)})`,
    `  ${STATUS_WORDS[row.priceStatus] ?? row.priceStatus}: ${row.priceReason ?? "no price"}`,
  ];
  if (candidates.length === 0) {
    lines.push(
      `  no candidate: none of the ${providers.listed} ${providers.pricing} coins in the price list has this symbol or name; it may be listed further down (raise PRICING_DEPTH) or not at all`,
    );
    return lines;
  }
  lines.push("  candidates (closest market cap first):");
  for (const line of alignColumns(candidates.map(candidateCells), [])) lines.push(`    ${line}`);
  lines.push(overrides.length > 1 ? "  override entries (keep only the right one):" : "  override entry:");
  overrides.forEach((override, index) => {
    const entry = formatOverrideEntry(override);
    // Entries of an ambiguous coin are separated as array items are, so all of them paste at once.
    if (index < overrides.length - 1) entry[entry.length - 1] += ",";
    for (const line of entry) lines.push(`    ${line}`);
  });
  return lines;
}
