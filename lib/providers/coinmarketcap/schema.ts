// Zod schemas for the parts of CoinMarketCap's listings/latest body we use. Unknown keys are
// stripped; the fields we read are checked strictly (a price sent as a string fails the body), and
// free text is cleaned of control characters (a coin with no printable symbol or name is left out).
import { z } from "zod";
import { listOf, nullableText, optionalText, requiredText, upstreamText } from "../shared/text";

const PROVIDER = "coinmarketcap";

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
  // Becomes an error's message, and so the health page's lastError and the logs.
  error_message: optionalText(PROVIDER, "error_message"),
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
  last_updated: nullableText(PROVIDER, "last_updated"),
});

// The token a coin is on another chain ("platform"): identity's one definitive automatic signal.
// A malformed platform loses the contract, never the listing.
const platformSchema = z
  .object({
    name: optionalText(PROVIDER, "platform"),
    slug: optionalText(PROVIDER, "platform"),
    token_address: optionalText(PROVIDER, "token_address"),
  })
  .nullish()
  .catch(null);

// `tags`: plain slugs in listings/latest and v1 quotes, {slug, name, category} objects in v2 quotes.
// Only their slugs are read, for the coin's classes (domain/categories.ts); a malformed list loses
// the classes (unknown), never the listing.
const tagsSchema = z
  .array(z.union([z.string(), z.object({ slug: z.string() }).transform((tag) => tag.slug)]))
  .nullish()
  .catch(null);

export const cmcListingSchema = z.object({
  id: z.number().int(),
  symbol: requiredText(PROVIDER, "symbol"),
  name: requiredText(PROVIDER, "name"),
  // Always sent; null only when nothing printable was in it.
  slug: upstreamText(PROVIDER, "slug").transform((slug): string | null => slug || null),
  // CoinMarketCap's rank by market cap; only the ranking role reads it, and a listing without one
  // is left out of the ranking, not the price list.
  cmc_rank: z.number().int().positive().nullish(),
  circulating_supply: z.number().nullable(),
  // Read by identity's market check only; a glitch in it loses the figure, not the listing.
  total_supply: z.number().nullish().catch(null),
  last_updated: nullableText(PROVIDER, "last_updated"),
  platform: platformSchema,
  tags: tagsSchema,
  // We ask for convert=USD, so a body without quote.USD did not answer our question.
  quote: z.object({ USD: usdQuoteSchema }),
});

export const cmcListingsSchema = z.object({
  status: cmcStatusSchema,
  // A listing with no printable symbol or name is left out; any other bad listing fails the body.
  data: listOf(cmcListingSchema),
});

export type CmcListing = z.output<typeof cmcListingSchema>;
export type CmcListings = z.output<typeof cmcListingsSchema>;

/** /v1/cryptocurrency/map: every coin CoinMarketCap tracks, with its slug and token contract. */
export const cmcMapItemSchema = z.object({
  id: z.number().int(),
  symbol: requiredText(PROVIDER, "symbol"),
  name: requiredText(PROVIDER, "name"),
  slug: optionalText(PROVIDER, "slug"),
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
 * object per key; a symbol query an array (symbols collide); both are read, as a list per key.
 */
export const cmcQuotesSchema = z.object({
  status: cmcStatusSchema,
  data: z.record(
    z.string(),
    z
      .unknown()
      .transform((value) => (Array.isArray(value) ? value : [value]))
      .pipe(listOf(cmcListingSchema)),
  ),
});

export type CmcMapItem = z.output<typeof cmcMapItemSchema>;
export type CmcQuotes = z.output<typeof cmcQuotesSchema>;
