// CoinMarketCap's GET /v1/key/info: the key's plan limits and what it has used. It costs no
// credits, which makes it the doctor's call for CoinMarketCap. The plan carries no name on the
// wire, only its limits; every field is optional here because plans without a daily cap omit it.
import { z } from "zod";
import { cmcStatusSchema } from "../../lib/providers/coinmarketcap/schema";
import { formatInteger } from "../../lib/ui/format";

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

/** "10,000 credits/month, 333 credits/day, 30 calls/minute", from whichever limits the plan has. */
export function describeCmcPlan(info: CmcKeyInfo): string | null {
  const { plan } = info.data;
  const parts: string[] = [];
  if (plan.credit_limit_monthly != null) parts.push(`${formatInteger(plan.credit_limit_monthly)} credits/month`);
  if (plan.credit_limit_daily != null) parts.push(`${formatInteger(plan.credit_limit_daily)} credits/day`);
  if (plan.rate_limit_minute != null) parts.push(`${formatInteger(plan.rate_limit_minute)} calls/minute`);
  return parts.length > 0 ? parts.join(", ") : null;
}

export function cmcCreditsLeft(info: CmcKeyInfo): CreditsLeft | null {
  const { usage } = info.data;
  const month = usage.current_month?.credits_left ?? null;
  const day = usage.current_day?.credits_left ?? null;
  return month === null && day === null ? null : { month, day };
}
