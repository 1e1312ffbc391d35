// Zod schemas for the parts of CoinGecko's v3 bodies we use. Unknown keys (image, ath, roi,
// sparkline_in_7d, …) are stripped; the fields we read are checked strictly, so a price sent as a
// string fails the body. Integer-valued numbers arrive without decimals (78751), which is still a number.
// Free text is cleaned of control characters; a coin with no printable symbol or name is left out.
import { z } from "zod";
import { listOf, nullableText, optionalText, requiredText, upstreamText } from "../shared/text";

const PROVIDER = "coingecko";

// The id is also the slug, and appears in every answer about the coin: cleaned like other text, and
// an empty one still fails the body.
const coinId = upstreamText(PROVIDER, "id").pipe(z.string().min(1));

const figure = z.number().nullable();

// CoinGecko omits a field as often as it nulls it (a young coin has no 7d change yet).
const optionalFigure = z.number().nullish();

export const cgMarketSchema = z.object({
  /** The unique slug ("bitcoin"); the symbol is lowercase and not unique ("trump" is two coins). */
  id: coinId,
  symbol: requiredText(PROVIDER, "symbol"),
  name: requiredText(PROVIDER, "name"),
  current_price: figure,
  market_cap: figure,
  // null for coins CoinGecko tracks but does not rank (no market cap).
  market_cap_rank: z.number().int().positive().nullable(),
  total_volume: figure,
  circulating_supply: figure,
  // Read by identity's market check only; a glitch in it loses the figure, not the coin.
  total_supply: z.number().nullish().catch(null),
  /** null = no maximum. */
  max_supply: optionalFigure,
  price_change_percentage_24h: optionalFigure,
  // Present only when asked for with price_change_percentage=1h,24h,7d.
  price_change_percentage_1h_in_currency: optionalFigure,
  price_change_percentage_24h_in_currency: optionalFigure,
  price_change_percentage_7d_in_currency: optionalFigure,
  last_updated: nullableText(PROVIDER, "last_updated"),
});

/**
 * /coins/markets answers with a bare array: there is no envelope to read a total from. A coin with
 * no printable symbol or name is left out; any other bad coin fails the body.
 */
export const cgMarketsSchema = listOf(cgMarketSchema);

// [ms since the epoch, value]; a value can be null where CoinGecko has a gap.
const chartPoint = z.tuple([z.number(), z.number().nullable()]);

/** /coins/{id}/market_chart. market_caps are not used: a chart needs the price and the volume. */
export const cgMarketChartSchema = z.object({
  prices: z.array(chartPoint),
  total_volumes: z.array(chartPoint).nullish(),
});

// CoinGecko sends error_code as a number; a numeric string is read the same way.
const errorCode = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/, "must be a numeric code")
    .transform(Number),
]);

export const cgStatusSchema = z.object({
  error_code: errorCode,
  // Becomes an error's message, and so the health page's lastError and the logs.
  error_message: optionalText(PROVIDER, "error_message"),
});

/**
 * The three JSON error shapes: `{status:{…}}` (401, 429), `{error:{status:{…}}}` (some 401s) and
 * `{error:"text"}` (400, 404).
 */
export const cgErrorSchema = z.union([
  z.object({ status: cgStatusSchema }),
  z.object({ error: z.object({ status: cgStatusSchema }) }),
  z.object({ error: upstreamText(PROVIDER, "error_message") }),
]);

export type CgMarket = z.output<typeof cgMarketSchema>;
export type CgMarketChart = z.output<typeof cgMarketChartSchema>;
export type CgError = z.output<typeof cgErrorSchema>;

/** /coins/list?include_platform=true: every coin CoinGecko knows, with its contracts per platform. */
export const cgCoinsListSchema = z.array(z.unknown());

export const cgCoinsListEntrySchema = z.object({
  id: coinId,
  symbol: requiredText(PROVIDER, "symbol"),
  name: requiredText(PROVIDER, "name"),
  // { "ethereum": "0x…", "": "" } for a native coin; a malformed map loses the contracts only.
  platforms: z
    .record(upstreamText(PROVIDER, "platform"), nullableText(PROVIDER, "token_address"))
    .nullish()
    .catch(null),
});

export type CgCoinsListEntry = z.output<typeof cgCoinsListEntrySchema>;
