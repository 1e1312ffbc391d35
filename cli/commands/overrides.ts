// `topcoins overrides suggest`: the ranked coins the latest merge left without a price, each with
// its candidates from the price list and override entries ready to paste into the overrides file.
import type { AppConfig } from "../../lib/config";
import { type CandidateReport, type MergeInput, mergeTop } from "../../lib/domain/merge";
import {
  describeStoreUrl,
  type RegistrySnapshot,
  readLatestPriceSnapshot,
  readLatestRankingSnapshot,
  readRegistryFor,
} from "../../lib/store";
import { compactUsd } from "../../lib/ui/numbers";
import { parseCommandArgs, UsageError } from "../args";
import { alignColumns } from "../columns";
import { OVERRIDES_HELP, OVERRIDES_SUGGEST_HELP } from "../help";
import { type CliIo, cliConfig, writeLines } from "../io";
import { formatOverrideEntry, type Suggestion, suggestOverrides } from "../overrides/candidates";
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
  let registry: RegistrySnapshot | null = null;
  try {
    [ranking, pricing] = await Promise.all([
      readLatestRankingSnapshot(opened.store.db),
      readLatestPriceSnapshot(opened.store.db),
    ]);
    if (ranking && pricing) {
      registry = await readRegistryFor(opened.store.db, {
        rankingProvider: ranking.provider,
        rankingSnapshotId: ranking.id,
        pricingProvider: pricing.provider,
        pricingSnapshotId: pricing.id,
      });
    }
  } catch (error) {
    return fail(`cannot read the store ${describeStoreUrl(config.DATABASE_URL)}: ${messageOf(error)}`);
  } finally {
    await opened.store.close();
  }
  if (ranking === null || pricing === null || registry === null) {
    const missing = [ranking === null ? "ranking" : null, pricing === null ? "price" : null].filter(Boolean);
    return fail(
      `the store ${describeStoreUrl(config.DATABASE_URL)} has no ${missing.join(" and no ")} snapshot yet: ${SERVICES_HINT}`,
    );
  }

  // The web's merge of the same pair, through the same registry: the same rows and reasons.
  const input: MergeInput = {
    rankingProvider: ranking.provider,
    pricingProvider: pricing.provider,
    entries: ranking.entries,
    quotes: pricing.quotes,
    overrides,
    divergencePct: config.PRICE_DIVERGENCE_PCT,
    registry: { links: registry.links, contracts: registry.contracts, unlinkAfter: config.IDENTITY_UNLINK_AFTER },
    deeper: registry.deeper,
    registryIsCurrent: true,
  };
  const { rows, counts } = mergeTop(input);
  const lines = [
    `Latest merge: ranking snapshot #${ranking.id} (${ranking.provider}), price snapshot #${pricing.id} (${pricing.provider}), overrides from ${config.OVERRIDES_FILE}.`,
  ];
  const { ambiguous, notListed } = counts;
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
  const suggestions = suggestOverrides(input, rows);
  lines.push(
    `${ambiguous + notListed} ranked coin(s) have no price: ${ambiguous} ambiguous, ${notListed} not listed. Check both providers' pages before adding an entry to the "overrides" array.`,
  );
  const providers = {
    ranking: ranking.provider,
    pricing: pricing.provider,
    listed: pricing.quotes.length,
    deeper: registry.deeper?.size ?? 0,
  };
  for (const suggestion of suggestions) lines.push("", ...describeSuggestion(suggestion, providers));
  writeLines(io.stdout, lines);
  return 0;
}

const STATUS_WORDS: Record<string, string> = { ambiguous: "ambiguous", not_listed: "not listed" };

function capText(cap: number | null): string {
  return cap === null ? "market cap unknown" : `market cap ${compactUsd(cap)}`;
}

function candidateCells(candidate: CandidateReport): string[] {
  return [
    `id ${candidate.providerId}`,
    candidate.symbol,
    candidate.name,
    candidate.listed ? capText(candidate.marketCapUsd) : "deeper: priced by id once linked",
    candidate.evidence,
  ];
}

interface Providers {
  ranking: string;
  pricing: string;
  /** How many coins the price snapshot holds. */
  listed: number;
  /** How many coins the pricing provider's identity list holds (0 before its first fetch). */
  deeper: number;
}

function describeSuggestion(suggestion: Suggestion, providers: Providers): string[] {
  const { row, entry, candidates, overrides } = suggestion;
  const lines = [
    `#${row.rank} ${entry.symbol} "${entry.name}" (${providers.ranking} id ${entry.providerId}, ${capText(entry.marketCapUsd)})`,
    `  ${STATUS_WORDS[row.priceStatus] ?? row.priceStatus}: ${row.priceReason ?? "no price"}`,
  ];
  if (candidates.length === 0) {
    const searched =
      providers.deeper > 0
        ? `the ${providers.listed} coins of ${providers.pricing}'s price list and the ${providers.deeper} of its coin list`
        : `the ${providers.listed} coins of ${providers.pricing}'s price list (its coin list is not fetched yet)`;
    lines.push(`  no candidate: nothing in ${searched} shares this coin's symbol, a name word or a contract`);
    return lines;
  }
  lines.push("  candidates (strongest evidence first):");
  for (const line of alignColumns(candidates.map(candidateCells), [])) lines.push(`    ${line}`);
  if (overrides.length === 0) {
    lines.push(
      "  no entry: the evidence contradicts every candidate, so none is this coin; if it is listed under another symbol and name, write an entry by hand with that listing's id",
    );
    return lines;
  }
  lines.push(overrides.length > 1 ? "  override entries (keep only the right one):" : "  override entry:");
  overrides.forEach((override, index) => {
    const entryLines = formatOverrideEntry(override);
    // Entries of an ambiguous coin are separated as array items are, so all of them paste at once.
    if (index < overrides.length - 1) entryLines[entryLines.length - 1] += ",";
    for (const line of entryLines) lines.push(`    ${line}`);
  });
  return lines;
}
