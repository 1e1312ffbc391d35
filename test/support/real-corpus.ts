// The real-data regression corpus (test/fixtures/real/): ranking and pricing bodies that other
// people recorded from the providers, with a hand-checked truth per ranked coin. Each set is read
// through the providers' own schemas and transforms and merged as the web merges; the result is
// scored against the truth.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Contract } from "@/lib/domain/identity/contracts";
import { listingKey } from "@/lib/domain/identity/registry";
import { type MergedRow, mergeTop } from "@/lib/domain/merge";
import type { PriceQuote, RankingEntry } from "@/lib/domain/types";
import { cgMarketsSchema } from "@/lib/providers/coingecko/schema";
import { fromMarkets } from "@/lib/providers/coingecko/transform";
import { cmcListingsSchema, cmcQuotesSchema } from "@/lib/providers/coinmarketcap/schema";
import { listingContracts, toPriceQuotes } from "@/lib/providers/coinmarketcap/transform";
import { ccToplistSchema } from "@/lib/providers/cryptocompare/schema";
import { toRankingEntries } from "@/lib/providers/cryptocompare/transform";

export const CORPUS_DIR = path.join(import.meta.dirname, "../fixtures/real");

const truthSchema = z.object({
  ranking: z.object({ provider: z.string(), file: z.string() }),
  pricing: z.object({ provider: z.string(), file: z.string() }),
  coins: z.array(
    z.object({
      rank: z.number(),
      rankingId: z.string(),
      symbol: z.string(),
      name: z.string(),
      pricingId: z.string().nullable(),
      note: z.string().nullish(),
      uncertain: z.boolean().optional(),
    }),
  ),
});

export interface CorpusSet {
  name: string;
  rankingProvider: string;
  pricingProvider: string;
  entries: RankingEntry[];
  quotes: PriceQuote[];
  contracts: Map<string, Contract[]>;
  truth: z.output<typeof truthSchema>["coins"];
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}

function readRanking(provider: string, body: unknown): RankingEntry[] {
  if (provider === "cryptocompare") {
    const toplist = ccToplistSchema.parse(body);
    return toRankingEntries(toplist.Data, toplist.Data.length).entries;
  }
  if (provider === "coingecko") return fromMarkets(cgMarketsSchema.parse(body), 5000).entries;
  throw new Error(`the corpus has no reader for ${provider} rankings`);
}

function readPricing(
  provider: string,
  body: unknown,
): { quotes: PriceQuote[]; contracts: ReturnType<typeof listingContracts> } {
  if (provider === "coinmarketcap") {
    // A listings body (`data` an array) or a quotes body (`data` keyed by id or symbol).
    const listings = Array.isArray((body as { data?: unknown }).data)
      ? cmcListingsSchema.parse(body).data
      : Object.values(cmcQuotesSchema.parse(body).data).flat();
    return { quotes: toPriceQuotes(listings).quotes, contracts: listingContracts(listings) };
  }
  if (provider === "coingecko") return { quotes: fromMarkets(cgMarketsSchema.parse(body), 5000).quotes, contracts: [] };
  throw new Error(`the corpus has no reader for ${provider} price lists`);
}

export function readCorpus(dir = CORPUS_DIR): CorpusSet[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const setDir = path.join(dir, entry.name);
      const truth = truthSchema.parse(readJson(path.join(setDir, "truth.json")));
      const pricing = readPricing(truth.pricing.provider, readJson(path.join(setDir, truth.pricing.file)));
      const contracts = new Map<string, Contract[]>();
      for (const contract of pricing.contracts) {
        const key = listingKey(truth.pricing.provider, contract.providerId);
        contracts.set(key, [...(contracts.get(key) ?? []), { chain: contract.chain, address: contract.address }]);
      }
      return {
        name: entry.name,
        rankingProvider: truth.ranking.provider,
        pricingProvider: truth.pricing.provider,
        entries: readRanking(truth.ranking.provider, readJson(path.join(setDir, truth.ranking.file))),
        quotes: pricing.quotes,
        contracts,
        truth: truth.coins,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface CorpusScore {
  name: string;
  ranked: number;
  /** Coins whose listing is in the pricing body, per the truth. */
  matchable: number;
  /** Matchable coins priced from their own listing. */
  priced: number;
  /** Coins priced from a listing the truth says is another asset (or with no listing at all). */
  wrong: Array<{ rankingId: string; symbol: string; pricedBy: string; truth: string | null }>;
  /** Matchable coins left unpriced, with the merge's reason. */
  missed: Array<{ rankingId: string; symbol: string; reason: string | null }>;
  /** Matchable coins unpriced only because another ranked coin holds the same listing (one listing, one coin). */
  sharedListing: number;
}

/** Merges one set as the web would (no registry yet, the default price check) and scores it. */
export function scoreSet(set: CorpusSet): { score: CorpusScore; rows: MergedRow[] } {
  const { rows } = mergeTop({
    rankingProvider: set.rankingProvider,
    pricingProvider: set.pricingProvider,
    entries: set.entries,
    quotes: set.quotes,
    registry: { links: [], contracts: set.contracts },
  });
  const byId = new Map(rows.map((row) => [row.rankingId, row]));
  const truthOf = new Map(set.truth.map((coin) => [coin.rankingId, coin.pricingId]));
  const claimed = new Map<string, number>();
  for (const coin of set.truth) if (coin.pricingId) claimed.set(coin.pricingId, (claimed.get(coin.pricingId) ?? 0) + 1);
  const score: CorpusScore = {
    name: set.name,
    ranked: rows.length,
    matchable: 0,
    priced: 0,
    wrong: [],
    missed: [],
    sharedListing: 0,
  };
  for (const row of rows) {
    const expected = truthOf.has(row.rankingId) ? (truthOf.get(row.rankingId) ?? null) : null;
    if (row.pricingId !== null && row.pricingId !== expected) {
      score.wrong.push({ rankingId: row.rankingId, symbol: row.symbol, pricedBy: row.pricingId, truth: expected });
    }
    if (expected === null) continue;
    score.matchable++;
    if (row.pricingId === expected) score.priced++;
    else if (row.pricingId === null) {
      score.missed.push({ rankingId: row.rankingId, symbol: row.symbol, reason: row.priceReason });
      if ((claimed.get(expected) ?? 0) > 1 && rows.some((other) => other.pricingId === expected)) score.sharedListing++;
    }
  }
  for (const coin of set.truth)
    if (!byId.has(coin.rankingId)) throw new Error(`${set.name}: truth names ${coin.rankingId}, not ranked`);
  return { score, rows };
}
