// Zod schemas for the parts of CoinMarketCap's listings/latest body we use. Unknown keys are
// stripped; the fields we read are checked strictly (a price sent as a string fails the body).
import { z } from "zod";

// v1 sends error_code as a number, v3 as a numeric string ("0"); both mean the same code.
const errorCode = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/, "must be a numeric code")
    .transform(Number),
]);

export const cmcStatusSchema = z.object({
  error_code: errorCode,
  error_message: z.string().nullish(),
  credit_count: z.number().nullish(),
  timestamp: z.string().nullish(),
});

/** What every CoinMarketCap body carries; an error body carries nothing else. */
export const cmcEnvelopeSchema = z.object({ status: cmcStatusSchema });

const usdQuoteSchema = z.object({
  // null when CoinMarketCap tracks the asset but has no USD price for it (the item is dropped).
  price: z.number().nullable(),
  market_cap: z.number().nullable(),
  volume_24h: z.number().nullable(),
  percent_change_1h: z.number().nullable(),
  percent_change_24h: z.number().nullable(),
  percent_change_7d: z.number().nullable(),
  last_updated: z.string().nullable(),
});

// The token a coin is on another chain ("platform"): identity's one definitive automatic signal.
// A malformed platform loses the contract, never the listing.
const platformSchema = z
  .object({
    name: z.string().nullish(),
    slug: z.string().nullish(),
    token_address: z.string().nullish(),
  })
  .nullish()
  .catch(null);

export const cmcListingSchema = z.object({
  id: z.number().int(),
  symbol: z.string(),
  name: z.string(),
  slug: z.string(),
  // CoinMarketCap's rank by market cap; only the ranking role reads it, and a listing without one
  // is left out of the ranking, not the price list.
  cmc_rank: z.number().int().positive().nullish(),
  circulating_supply: z.number().nullable(),
  // Read by identity's market check only; a glitch in it loses the figure, not the listing.
  total_supply: z.number().nullish().catch(null),
  last_updated: z.string().nullable(),
  platform: platformSchema,
  // We ask for convert=USD, so a body without quote.USD did not answer our question.
  quote: z.object({ USD: usdQuoteSchema }),
});

export const cmcListingsSchema = z.object({
  status: cmcStatusSchema,
  data: z.array(cmcListingSchema),
});

export type CmcListing = z.output<typeof cmcListingSchema>;
export type CmcListings = z.output<typeof cmcListingsSchema>;

/** /v1/cryptocurrency/map: every coin CoinMarketCap tracks, with its slug and token contract. */
export const cmcMapItemSchema = z.object({
  id: z.number().int(),
  symbol: z.string(),
  name: z.string(),
  slug: z.string().nullish(),
  rank: z.number().int().nullish(),
  platform: platformSchema,
});

export const cmcMapSchema = z.object({
  status: cmcStatusSchema,
  // Each coin is read on its own: one malformed entry drops that coin, not the list.
  data: z.array(z.unknown()),
});

/**
 * /v2/cryptocurrency/quotes/latest: `data` keyed by the id asked for. An id query answers one
 * object per key; a symbol query an array (symbols collide); both are read.
 */
export const cmcQuotesSchema = z.object({
  status: cmcStatusSchema,
  data: z.record(z.string(), z.union([cmcListingSchema, z.array(cmcListingSchema)])),
});

export type CmcMapItem = z.output<typeof cmcMapItemSchema>;
export type CmcQuotes = z.output<typeof cmcQuotesSchema>;
