// CoinMarketCap's GET /v1/key/info: the key's plan limits and what it has used. It costs no
// credits, which makes it the cheap call for checking a key. The plan carries no name on the
// wire, only its limits; every field is optional here because plans without a daily cap omit it.
import { z } from "zod";
import { cmcStatusSchema } from "./schema";

export const CMC_KEY_INFO_ENDPOINT = "key/info";

const count = z.number().nullish();
const creditsSchema = z.object({ credits_used: count, credits_left: count }).nullish();

export const cmcKeyInfoSchema = z.object({
  status: cmcStatusSchema,
  data: z.object({
    plan: z.object({
      credit_limit_daily: count,
      credit_limit_monthly: count,
      rate_limit_minute: count,
    }),
    usage: z.object({ current_day: creditsSchema, current_month: creditsSchema }),
  }),
});

export type CmcKeyInfo = z.output<typeof cmcKeyInfoSchema>;

export interface CreditsLeft {
  month: number | null;
  day: number | null;
}

/** The credits the key has left this month and today; null when the plan reports neither. */
export function cmcCreditsLeft(info: CmcKeyInfo): CreditsLeft | null {
  const { usage } = info.data;
  const month = usage.current_month?.credits_left ?? null;
  const day = usage.current_day?.credits_left ?? null;
  return month === null && day === null ? null : { month, day };
}
