// Zod schemas for the parts of CryptoCompare's toplist bodies we use. DISPLAY (pre-formatted
// strings such as "$ 90,176.2") is deliberately not modelled: it must never be parsed as a number.
// Free text is cleaned of control characters; a coin with no printable symbol or name is left out.
import { z } from "zod";
import { listOf, optionalText, requiredText, upstreamText } from "../shared/text";

const PROVIDER = "cryptocompare";

const rawUsdSchema = z.object({
  // Each figure may be absent for a thin market; when present it must be a number.
  PRICE: z.number().nullish(),
  MKTCAP: z.number().nullish(),
  TOTALVOLUME24HTO: z.number().nullish(),
  // Read by identity's market check; a glitch in either loses the figure, not the coin.
  CIRCULATINGSUPPLY: z.number().nullish().catch(null),
  // The total supply in older bodies, the circulating one in current ones; read by identity too.
  SUPPLY: z.number().nullish().catch(null),
  /** Unix seconds. */
  LASTUPDATE: z.number().nullish().catch(null),
});

export const ccCoinSchema = z.object({
  CoinInfo: z.object({
    // An empty id fails the body, as before: it is not a hostile name but a broken answer.
    Id: upstreamText(PROVIDER, "id").pipe(z.string().min(1)),
    Name: requiredText(PROVIDER, "symbol"),
    FullName: requiredText(PROVIDER, "name"),
  }),
  // A coin without a USD market has no RAW (or no RAW.USD); it still holds its rank.
  RAW: z.object({ USD: rawUsdSchema.nullish() }).nullish(),
});

const metaDataSchema = z.object({ Count: z.number().int().nonnegative() }).nullish();

export const ccToplistSchema = z.object({
  MetaData: metaDataSchema,
  // A coin with no printable symbol or name is left out; any other bad coin fails the body.
  Data: listOf(ccCoinSchema),
});

// The pricing role reads more of RAW.USD. Kept apart from the ranking's schema so a glitch in a
// field only a price list needs cannot fail a ranking.
const pricedRawUsdSchema = rawUsdSchema.extend({
  CHANGEPCTHOUR: z.number().nullish(),
  CHANGEPCT24HOUR: z.number().nullish(),
  CIRCULATINGSUPPLY: z.number().nullish(),
  SUPPLY: z.number().nullish(),
  /** Unix seconds. */
  LASTUPDATE: z.number().nullish(),
});

export const ccPricedCoinSchema = ccCoinSchema.extend({
  RAW: z.object({ USD: pricedRawUsdSchema.nullish() }).nullish(),
});

export const ccPricedToplistSchema = z.object({
  MetaData: metaDataSchema,
  Data: listOf(ccPricedCoinSchema),
});

// /data/v2/histohour and /data/v2/histoday. Rows carry open/high/low/volumefrom too; a chart
// needs only the period's start and close, and volumeto (the volume in USD).
export const ccHistoryRowSchema = z.object({
  time: z.number().int(),
  close: z.number(),
  volumeto: z.number().nullish(),
});

export const ccHistorySchema = z.object({
  Data: z.object({ Data: z.array(ccHistoryRowSchema) }),
});

const callWindows = z.record(z.string(), z.number());

/** The error envelope, which usually arrives with HTTP 200. */
export const ccErrorSchema = z.object({
  Response: z.literal("Error"),
  // Both become an error's message, and so the health page's lastError and the logs.
  Message: optionalText(PROVIDER, "error_message"),
  Type: z.number().int(),
  ParamWithError: optionalText(PROVIDER, "error_message"),
  RateLimit: z.object({ calls_made: callWindows.optional(), max_calls: callWindows.optional() }).nullish(),
});

export type CcCoin = z.output<typeof ccCoinSchema>;
export type CcToplist = z.output<typeof ccToplistSchema>;
export type CcPricedCoin = z.output<typeof ccPricedCoinSchema>;
export type CcHistoryRow = z.output<typeof ccHistoryRowSchema>;
export type CcError = z.output<typeof ccErrorSchema>;

/** /data/all/coinlist: every coin CryptoCompare knows, keyed by its unique symbol. */
export const ccCoinListSchema = z.object({
  // Each coin is read on its own: one malformed entry drops that coin, not the list. The key (the
  // unique symbol) stands in for a missing Symbol; toProviderCoin cleans it like one.
  Data: z.record(z.string(), z.unknown()),
});

export const ccCoinListEntrySchema = z.object({
  Id: z.union([upstreamText(PROVIDER, "id").pipe(z.string().min(1)), z.number().int().transform(String)]),
  // Each of the four may be missing: the registry takes the first printable one (toProviderCoin).
  Symbol: optionalText(PROVIDER, "symbol"),
  Name: optionalText(PROVIDER, "symbol"),
  /** The plain name; FullName is "Bitcoin (BTC)". */
  CoinName: optionalText(PROVIDER, "name"),
  FullName: optionalText(PROVIDER, "name"),
  /** The chain a token is on, as the chain's ticker ("ETH", "BNB"); "N/A" for a coin. */
  BuiltOn: optionalText(PROVIDER, "platform").catch(null),
  SmartContractAddress: optionalText(PROVIDER, "token_address").catch(null),
});

export type CcCoinListEntry = z.output<typeof ccCoinListEntrySchema>;
