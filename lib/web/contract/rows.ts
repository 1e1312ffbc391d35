// The contract of a merged row and of the freshness and merge figures every data answer carries.
// Each of MergedRow's keys has its schema, checked against the key's type at compile time, so a key
// added to the row without its schema fails `tsc` (and the contract test at run time).
import { z } from "zod";
import { COIN_CATEGORIES } from "../../domain/categories";
import type { MergeCounts, MergedRow } from "../../domain/merge";
import type { CurrencyMeta } from "../quote-currency";
import type { CurrencyField, ServedRow } from "../top-query";
import type { FxMeta, SourceMeta } from "../view";
import { type Check, type Conforms, isoTime, named, type Same } from "./registry";

const usd = (what: string) =>
  z
    .number()
    .nullable()
    .meta({ description: `${what} in USD; null when unknown` });
const pct = (span: string) =>
  z
    .number()
    .nullable()
    .meta({ description: `Price change over ${span}, in percent` });

const ROW_SHAPE = {
  rank: z.number().int().min(1).meta({ description: "Position in the ranking provider's list, from 1" }),
  id: z.string().meta({ description: "The coin's stable Top Coins id (its page is /coins/{id})", example: "bitcoin" }),
  symbol: z.string().meta({ description: "The ticker, a display string: several coins may share one" }),
  name: z.string(),
  rankingId: z.string().meta({ description: "The ranking provider's own id" }),
  rankChange: z
    .number()
    .int()
    .nullable()
    .meta({ description: "Places moved since the previous ranking (2 = up two); null = new in the list" }),
  pricingProvider: z.string().nullable().meta({ description: "The provider that priced the row; null when unpriced" }),
  pricingId: z.string().nullable().meta({ description: "The pricing provider's own id" }),
  priceUsd: z.number().positive().nullable().meta({ description: "The price in USD; null when unpriced, never 0" }),
  priceStatus: z.enum(["ok", "not_listed", "ambiguous"]),
  priceReason: z.string().nullable().meta({ description: "Why there is no price, in words; null when priced" }),
  matchedBy: z.enum(["id", "override", "contract", "evidence"]).nullable(),
  matchEvidence: z.string().nullable().meta({ description: "The evidence for the price's link, in words" }),
  priceSource: z.enum(["listing", "by_id"]).nullable(),
  marketCapUsd: usd("Market cap"),
  volume24hUsd: usd("24 h volume"),
  change1hPct: pct("1 h"),
  change24hPct: pct("24 h"),
  change7dPct: pct("7 days"),
  circulatingSupply: z.number().nullable(),
  lastUpdated: z
    .string()
    .nullable()
    .meta({ description: "When the pricing provider last updated the quote (ISO-8601)" }),
  priceCheck: z
    .object({
      referenceUsd: z.number(),
      divergencePct: z.number(),
      flagged: z.literal(true),
    })
    .nullable()
    .meta({ description: "Set when the ranking provider's own price is over the threshold away from this one" }),
  categories: z
    .array(z.enum(COIN_CATEGORIES))
    .nullable()
    .meta({
      description:
        "What kind of coin it is, from the providers' tags: `stablecoin`, `wrapped`; null when no provider said",
      example: ["stablecoin"],
    }),
} satisfies { [K in keyof MergedRow]-?: z.ZodType<MergedRow[K]> };

const inCurrency = (what: string) =>
  z
    .number()
    .nullable()
    .optional()
    .meta({ description: `${what} in the \`vs\` currency; present when \`vs\` is given` });
const CURRENCY_SHAPE = {
  price: inCurrency("The price"),
  marketCap: inCurrency("Market cap"),
  volume24h: inCurrency("24 h volume"),
} satisfies Record<CurrencyField, z.ZodType>;

export const rowSchema = named(
  "Row",
  "One coin of the served list: its rank, identity, USD price and how the price was linked to it.",
  z.object({ ...ROW_SHAPE, ...CURRENCY_SHAPE }),
);

export const topRowSchema = named(
  "TopRow",
  "A row of /api/top: every key of a Row, or only those `fields` names, in that order.",
  rowSchema.partial(),
);

export const sourceMetaSchema = named(
  "SourceMeta",
  "One source's freshness: which provider serves it, when its data was fetched and last confirmed, and its last error.",
  z.object({
    source: z.enum(["ranking", "pricing"]),
    provider: z.string(),
    snapshotId: z.number().int().nullable(),
    fetchedAt: isoTime().nullable().meta({ description: "When the current content was first fetched" }),
    checkedAt: isoTime().nullable().meta({ description: "When the provider last confirmed it" }),
    ageSeconds: z.number().int().min(0).nullable().meta({ description: "Age of checkedAt when the body was built" }),
    stale: z.boolean(),
    staleAfterSeconds: z.number(),
    refreshSeconds: z.number(),
    lastError: z.string().nullable(),
    lastErrorAt: isoTime().nullable(),
    selection: z
      .object({
        primary: z.string(),
        mode: z.enum(["configured", "keyless_default", "failover"]),
        reason: z.string().nullable(),
        since: isoTime(),
      })
      .nullable()
      .meta({ description: "Which provider serves the source and why; null until a service has reported it" }),
    creditsToday: z.number().int().min(0).meta({ description: "Provider credits spent today (UTC)" }),
  }),
);

export const mergeCountsSchema = named(
  "MergeCounts",
  "The merge's counts: priced rows by rule, unpriced rows by reason, contradictions and duplicates.",
  z.object({
    matched: z.number().int(),
    ambiguous: z.number().int(),
    notListed: z.number().int(),
    byRule: z.object({
      id: z.number().int(),
      override: z.number().int(),
      contract: z.number().int(),
      evidence: z.number().int(),
    }),
    pricedById: z.number().int(),
    contradicted: z.number().int(),
    unlinked: z.number().int(),
    duplicateRankingIds: z.number().int(),
    duplicatePricingIds: z.number().int(),
    priceCheckFlagged: z.number().int(),
  }),
);

/** The exchange-rate table's freshness (FxMeta), as /api/health may show it. */
export const fxSourceSchema = named(
  "FxSource",
  "The exchange-rate source's freshness, judged like the ranking and pricing sources'.",
  z.object({
    provider: z.string(),
    fetchedAt: isoTime().nullable(),
    checkedAt: isoTime().nullable(),
    ageSeconds: z.number().int().min(0).nullable(),
    stale: z.boolean(),
    staleAfterSeconds: z.number(),
    refreshSeconds: z.number(),
    lastError: z.string().nullable(),
    lastErrorAt: isoTime().nullable(),
    nextAttemptAt: isoTime().nullable(),
  }),
);

export const currencyMetaSchema = named(
  "CurrencyMeta",
  "The `vs` currency of the amounts in `price`, `marketCap` and `volume24h`, and how fresh its rate is.",
  z.object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(["fiat", "crypto"]),
    perUsd: z.number().positive().meta({ description: "Units of the currency per US dollar (1 for USD)" }),
    source: z.string().nullable().meta({ description: "Where the rate came from; null for USD, which needs none" }),
    fetchedAt: isoTime().nullable(),
    checkedAt: isoTime().nullable(),
    ageSeconds: z.number().int().min(0).nullable(),
    stale: z.boolean(),
    staleAfterSeconds: z.number().nullable(),
    refreshSeconds: z.number().nullable(),
    lastError: z.string().nullable(),
  }),
);

export type Checks = [
  Check<Same<z.infer<typeof sourceMetaSchema>, SourceMeta>>,
  Check<Same<z.infer<typeof mergeCountsSchema>, MergeCounts>>,
  Check<Same<z.infer<typeof currencyMetaSchema>, CurrencyMeta>>,
  Check<Same<z.infer<typeof fxSourceSchema>, FxMeta>>,
  Check<Same<z.infer<z.ZodObject<typeof ROW_SHAPE>>, MergedRow>>,
  Check<Conforms<ServedRow, z.infer<typeof rowSchema>>>,
];
