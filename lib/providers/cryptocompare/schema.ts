// Zod schemas for the parts of CryptoCompare's toplist bodies we use. DISPLAY (pre-formatted
// strings such as "$ 90,176.2") is deliberately not modelled: it must never be parsed as a number.
import { z } from "zod";

const rawUsdSchema = z.object({
  // Each figure may be absent for a thin market; when present it must be a number.
  PRICE: z.number().nullish(),
  MKTCAP: z.number().nullish(),
  TOTALVOLUME24HTO: z.number().nullish(),
});

export const ccCoinSchema = z.object({
  CoinInfo: z.object({
    Id: z.string().min(1),
    Name: z.string(),
    FullName: z.string(),
  }),
  // A coin without a USD market has no RAW (or no RAW.USD); it still holds its rank.
  RAW: z.object({ USD: rawUsdSchema.nullish() }).nullish(),
});

export const ccToplistSchema = z.object({
  MetaData: z.object({ Count: z.number().int().nonnegative() }).nullish(),
  Data: z.array(ccCoinSchema),
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
  Message: z.string().nullish(),
  Type: z.number().int(),
  ParamWithError: z.string().nullish(),
  RateLimit: z.object({ calls_made: callWindows.optional(), max_calls: callWindows.optional() }).nullish(),
});

export type CcCoin = z.output<typeof ccCoinSchema>;
export type CcToplist = z.output<typeof ccToplistSchema>;
export type CcHistoryRow = z.output<typeof ccHistoryRowSchema>;
export type CcError = z.output<typeof ccErrorSchema>;
