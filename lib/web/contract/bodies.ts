// The contract of every JSON body the API answers with: /api/top, /api/coins/{id}, its history,
// /api/sparklines, /api/health, /api/version, the cron refresh and the one error shape. The
// handlers type their bodies with these schemas' types, so a change on either side shows in `tsc`.
import { z } from "zod";
import { HISTORY_RANGE_NAMES } from "../../domain/history";
import type { RefreshSummary } from "../../ingest/one-shot";
import type { CoinHistoryBody } from "../history-handler";
import { SORT_KEYS } from "../top-query";
import type { TopMeta } from "../view";
import { type Check, type Conforms, isoTime, named } from "./registry";
import { currencyMetaSchema, mergeCountsSchema, rowSchema, sourceMetaSchema, topRowSchema } from "./rows";

export const errorSchema = named(
  "Error",
  "The one error shape: a stable `code` and a `message` that names the parameter and what it allows.",
  z.object({
    error: z.object({
      code: z.string().meta({ example: "invalid_limit" }),
      message: z.string().meta({ example: 'limit must be an integer from 1 to 200; got "abc"' }),
    }),
  }),
);

export const priceCandidateSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  name: z.string(),
  rank: z.number().int(),
  priceUsd: z.number().nullable(),
});

export const ambiguousSchema = named(
  "AmbiguousError",
  "A symbol several ranked coins share: the error shape with the candidates, to ask again by id.",
  z.object({
    error: z.object({ code: z.literal("ambiguous"), message: z.string(), candidates: z.array(priceCandidateSchema) }),
  }),
);

export const topMetaSchema = named(
  "TopMeta",
  "What the answer holds (limit, offset, count, total, sort, order) and how fresh its sources are.",
  z.object({
    limit: z.number().int(),
    offset: z.number().int(),
    count: z.number().int().meta({ description: "Rows in this answer" }),
    total: z.number().int().meta({ description: "Rows that match ids, symbols and the bounds, before the page" }),
    sort: z.enum(SORT_KEYS),
    order: z.enum(["asc", "desc"]),
    generatedAt: isoTime(),
    simulated: z.boolean().meta({ description: "True when the data comes from the market simulator" }),
    depth: z.number().int().meta({ description: "How many coins the ranking holds (RANKING_DEPTH)" }),
    ranking: sourceMetaSchema,
    pricing: sourceMetaSchema,
    merge: mergeCountsSchema,
    currency: currencyMetaSchema.optional().meta({ description: "The `vs` currency; present when `vs` is given" }),
  }),
);

export const topBodySchema = named(
  "TopBody",
  "GET /api/top as JSON: the selected rows and their meta.",
  z.object({ data: z.array(topRowSchema), meta: topMetaSchema }),
);

export const providerLinkSchema = z.object({
  provider: z.string(),
  providerId: z.string(),
  symbol: z.string(),
  name: z.string(),
  slug: z.string().nullable(),
  role: z.enum(["ranking", "pricing"]).nullable().meta({ description: "The role the provider plays now" }),
  rule: z.enum(["origin", "override", "contract", "evidence", "id"]),
  madeBy: z.enum(["auto", "override"]),
  evidence: z.string(),
  firstConfirmedAt: isoTime(),
  lastConfirmedAt: isoTime(),
  contradictions: z.number().int().min(0),
  lastContradiction: z.string().nullable(),
});

export const coinBodySchema = named(
  "CoinBody",
  "GET /api/coins/{id}: the coin's row, its coin at every provider with each link's rule and evidence, and freshness.",
  z.object({
    data: z.union([
      rowSchema.extend({
        ranked: z.literal(true).meta({ description: "The coin is in the ranking, at `rank`" }),
        providers: z.array(providerLinkSchema),
      }),
      // A coin the price list holds below the ranking's depth: no rank, no ranking id, and no
      // stable id when the registry never linked it (it is then named `<pricing provider>:<its id>`).
      rowSchema.extend({
        rank: z.null(),
        id: z.string().nullable(),
        rankingId: z.null(),
        ranked: z.literal(false).meta({ description: "The coin is below the ranking's depth: priced, not ranked" }),
        providers: z.array(providerLinkSchema),
      }),
    ]),
    meta: z.object({
      generatedAt: isoTime(),
      simulated: z.boolean(),
      ranking: sourceMetaSchema,
      pricing: sourceMetaSchema,
    }),
  }),
);

export const historyBodySchema = named(
  "HistoryBody",
  "GET /api/coins/{id}/history: the coin's USD price series for a range, oldest first.",
  z.object({
    id: z.string(),
    symbol: z.string(),
    name: z.string(),
    range: z.enum(HISTORY_RANGE_NAMES as [string, ...string[]]),
    resolution: z.enum(["raw", "hour", "day"]),
    points: z.array(
      z.object({
        t: z.number().int().meta({ description: "Milliseconds since the epoch: the start of the point's period" }),
        priceUsd: z.number(),
        source: z.string().meta({ description: "The provider that reported the point", example: "coinmarketcap" }),
      }),
    ),
    meta: z.object({
      pricingKey: z.string().nullable(),
      rankingKey: z.string(),
      generatedAt: isoTime(),
      simulated: z.boolean(),
    }),
  }),
);

export const sparklinesBodySchema = named(
  "SparklinesBody",
  "GET /api/sparklines: up to 42 closes of 4-hour periods over 7 days per coin, keyed by rankingId, oldest first.",
  z.object({
    data: z.record(z.string(), z.array(z.number())),
    meta: z.object({
      limit: z.number().int(),
      count: z.number().int(),
      points: z.number().int(),
      stepSeconds: z.number().int(),
      from: isoTime(),
      to: isoTime(),
      generatedAt: isoTime(),
    }),
  }),
);

export const versionBodySchema = named(
  "VersionBody",
  "GET /api/version: what is running.",
  z.object({ name: z.string(), version: z.string(), node: z.string().meta({ example: "v20.20.2" }) }),
);

const cycleSchema = z.object({
  result: z.enum(["stored", "unchanged", "error", "skipped"]),
  provider: z.string(),
  snapshotId: z.number().int().nullable(),
  error: z.string().optional(),
  reason: z.string().optional().meta({ description: "Why a skipped role was not fetched" }),
});

export const cronBodySchema = named(
  "CronRefreshBody",
  "GET /api/cron/refresh: each role's result of one refresh, and the exchange rates' when conversion is on.",
  z.object({ ranking: cycleSchema, pricing: cycleSchema, fx: cycleSchema.optional() }),
);

type TopQueryMeta = Pick<
  z.infer<typeof topMetaSchema>,
  "limit" | "offset" | "count" | "total" | "sort" | "order" | "currency"
>;

export type Checks = [
  // The view's part of the meta; top-body.ts adds the query's part (`satisfies` the whole body).
  Check<Conforms<TopMeta, Omit<z.infer<typeof topMetaSchema>, keyof TopQueryMeta>>>,
  Check<Conforms<CoinHistoryBody, z.infer<typeof historyBodySchema>>>,
  Check<Conforms<RefreshSummary, z.infer<typeof cronBodySchema>>>,
];
