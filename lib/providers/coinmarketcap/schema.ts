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

export const cmcListingSchema = z.object({
  id: z.number().int(),
  symbol: z.string(),
  name: z.string(),
  slug: z.string(),
  // CoinMarketCap's rank by market cap; only the ranking role reads it, and a listing without one
  // is left out of the ranking, not the price list.
  cmc_rank: z.number().int().positive().nullish(),
  circulating_supply: z.number().nullable(),
  last_updated: z.string().nullable(),
  // We ask for convert=USD, so a body without quote.USD did not answer our question.
  quote: z.object({ USD: usdQuoteSchema }),
});

export const cmcListingsSchema = z.object({
  status: cmcStatusSchema,
  data: z.array(cmcListingSchema),
});

export type CmcListing = z.output<typeof cmcListingSchema>;
export type CmcListings = z.output<typeof cmcListingsSchema>;
