// Example answers for the OpenAPI document and the /docs page. Typed with the contract's types, and
// each one is checked against its schema by the contract's unit test, so an example cannot mislead.
import type { z } from "zod";
import type {
  ambiguousSchema,
  coinBodySchema,
  errorSchema,
  historyBodySchema,
  sparklinesBodySchema,
  topBodySchema,
  versionBodySchema,
} from "./bodies";
import type { healthServingSchema, healthUnavailableSchema } from "./health";
import type { mergeCountsSchema, rowSchema, sourceMetaSchema } from "./rows";

const AT = "2026-11-28T12:00:01.000Z";

const source = (
  role: "ranking" | "pricing",
  provider: string,
  snapshotId: number,
): z.infer<typeof sourceMetaSchema> => ({
  source: role,
  provider,
  snapshotId,
  fetchedAt: "2026-11-28T11:59:00.000Z",
  checkedAt: "2026-11-28T12:00:00.000Z",
  ageSeconds: 1,
  stale: false,
  staleAfterSeconds: 180,
  refreshSeconds: 60,
  lastError: null,
  lastErrorAt: null,
  selection: { primary: provider, mode: "configured", reason: null, since: "2026-11-27T08:00:00.000Z" },
  creditsToday: role === "pricing" ? 41 : 0,
});

const merge: z.infer<typeof mergeCountsSchema> = {
  matched: 197,
  ambiguous: 1,
  notListed: 2,
  byRule: { id: 0, override: 0, contract: 12, evidence: 185 },
  pricedById: 31,
  contradicted: 0,
  unlinked: 0,
  duplicateRankingIds: 0,
  duplicatePricingIds: 0,
  priceCheckFlagged: 1,
};

const bitcoin: z.infer<typeof rowSchema> = {
  rank: 1,
  id: "bitcoin",
  symbol: "BTC",
  name: "Bitcoin",
  rankingId: "1182",
  rankChange: 0,
  pricingProvider: "coinmarketcap",
  pricingId: "1",
  priceUsd: 97123.456789,
  priceStatus: "ok",
  priceReason: null,
  matchedBy: "evidence",
  matchEvidence: "symbol, name and market agree",
  priceSource: "listing",
  marketCapUsd: 1.93e12,
  volume24hUsd: 4.1e10,
  change1hPct: 0.12,
  change24hPct: -1.5,
  change7dPct: 4.2,
  circulatingSupply: 19970762,
  lastUpdated: "2026-11-28T12:00:00.000Z",
  priceCheck: null,
  categories: [],
};

const meta = {
  generatedAt: AT,
  simulated: false,
  ranking: source("ranking", "cryptocompare", 41),
  pricing: source("pricing", "coinmarketcap", 97),
};

export const topExample: z.infer<typeof topBodySchema> = {
  data: [
    { rank: 1, id: "bitcoin", symbol: "BTC", name: "Bitcoin", priceUsd: 97123.456789 },
    { rank: 2, id: "ethereum", symbol: "ETH", name: "Ethereum", priceUsd: 3456.78 },
  ],
  meta: { limit: 2, offset: 0, count: 2, total: 200, sort: "rank", order: "asc", depth: 200, ...meta, merge },
};

export const topCsvExample = "Rank,Symbol,Name,Price USD\r\n1,BTC,Bitcoin,97123.456789\r\n2,ETH,Ethereum,3456.78\r\n";

export const coinExample: z.infer<typeof coinBodySchema> = {
  data: {
    ...bitcoin,
    ranked: true,
    providers: [
      {
        provider: "coinmarketcap",
        providerId: "1",
        symbol: "BTC",
        name: "Bitcoin",
        slug: "bitcoin",
        role: "pricing",
        rule: "evidence",
        madeBy: "auto",
        evidence: "symbol, name and market agree",
        firstConfirmedAt: "2026-11-07T16:00:00.000Z",
        lastConfirmedAt: "2026-11-28T12:00:00.000Z",
        contradictions: 0,
        lastContradiction: null,
      },
    ],
  },
  meta,
};

export const historyExample: z.infer<typeof historyBodySchema> = {
  id: "bitcoin",
  symbol: "BTC",
  name: "Bitcoin",
  range: "7d",
  resolution: "hour",
  points: [
    { t: 1795521600000, priceUsd: 90341.35, source: "cryptocompare" },
    { t: 1796126400000, priceUsd: 97123.456789, source: "coinmarketcap" },
  ],
  meta: { pricingKey: "coinmarketcap:1", rankingKey: "cryptocompare:BTC", generatedAt: AT, simulated: false },
};

export const sparklinesExample: z.infer<typeof sparklinesBodySchema> = {
  data: { "1182": [95012.3, 96110.2, 97123.5], "7605": [3401.12, 3456.78] },
  meta: {
    limit: 2,
    count: 2,
    points: 42,
    stepSeconds: 14400,
    from: "2026-11-21T12:00:00.000Z",
    to: "2026-11-28T12:00:00.000Z",
    generatedAt: AT,
  },
};

const store = {
  dialect: "sqlite",
  storeReachable: true,
  storeError: null,
  lastCheckAt: AT,
  missing: [],
  waiting: [],
} as const;

export const healthExample: z.infer<typeof healthServingSchema> = {
  status: "ok",
  problems: [],
  checkedAt: AT,
  simulated: false,
  store: { ...store, missing: [], waiting: [] },
  sources: { ranking: meta.ranking, pricing: meta.pricing },
  fx: null,
  leases: [{ role: "pricing", holder: "pricing-7f3a", token: 12, expiresAt: "2026-11-28T12:00:31.000Z", live: true }],
  processes: null,
  merge,
};

const waitingReason =
  "no data yet: waiting for the first pricing snapshot; coinmarketcap (pricing) has not delivered: network error (ECONNREFUSED), next try in 18 s";

export const healthUnavailableExample: z.infer<typeof healthUnavailableSchema> = {
  status: "unavailable",
  reason: waitingReason,
  checkedAt: AT,
  store: {
    ...store,
    missing: ["pricing"],
    waiting: [
      {
        role: "pricing",
        provider: "coinmarketcap",
        lastError: "network error (ECONNREFUSED)",
        lastErrorAt: "2026-11-28T12:00:00.000Z",
        nextAttemptAt: "2026-11-28T12:00:19.000Z",
      },
    ],
  },
  sources: null,
  processes: null,
};

export const versionExample: z.infer<typeof versionBodySchema> = {
  name: "topcoins",
  version: "0.1.0",
  node: "v20.20.2",
};

export const ambiguousExample: z.infer<typeof ambiguousSchema> = {
  error: {
    code: "ambiguous",
    message:
      '"HOT" is the symbol of 2 coins in the current top 200: holo (Holo, rank 71), hot-cross (Hot Cross, rank 190); ask for one by its id, e.g. /api/price/holo',
    candidates: [
      { id: "holo", symbol: "HOT", name: "Holo", rank: 71, priceUsd: 0.0012 },
      { id: "hot-cross", symbol: "HOT", name: "Hot Cross", rank: 190, priceUsd: 0.0045 },
    ],
  },
};

/** An error body for the examples of a status. */
export const errorExample = (code: string, message: string): z.infer<typeof errorSchema> => ({
  error: { code, message },
});

export const noDataExample = errorExample("no_data", waitingReason);
