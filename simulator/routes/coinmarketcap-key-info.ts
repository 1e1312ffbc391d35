/**
 * CoinMarketCap's GET /v1/key/info: the key's plan limits and what it has used. It costs no
 * credits (credit_count 0), so a health check can call it freely. The plan has no name on the wire:
 * only its limits, with each reset as a timestamp and as a phrase ("In 11 hours, 25 minutes").
 */
import { type CmcUsage, SIM_CMC_PLAN, startOfUtcDay, startOfUtcMonth } from "../cmc-usage";

export const CMC_KEY_INFO_PATH = "/v1/key/info";

const DAY_MS = 86_400_000;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** How CoinMarketCap words a reset time: "In 19 days, 17 hours, 26 minutes". */
export function describeReset(fromMs: number, toMs: number): string {
  const minutes = Math.max(0, Math.floor((toMs - fromMs) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = [plural(hours, "hour"), plural(minutes % 60, "minute")];
  if (days > 0) parts.unshift(plural(days, "day"));
  return `In ${parts.join(", ")}`;
}

export function keyInfoBody(usage: CmcUsage, nowMs: number) {
  const used = usage.summary(nowMs);
  const dayReset = startOfUtcDay(nowMs) + DAY_MS;
  const monthReset = startOfUtcMonth(nowMs, 1);
  return {
    status: {
      timestamp: new Date(nowMs).toISOString(),
      error_code: 0,
      error_message: null,
      elapsed: 3,
      credit_count: 0,
      notice: null,
    },
    data: {
      plan: {
        credit_limit_daily: SIM_CMC_PLAN.creditLimitDaily,
        credit_limit_daily_reset: describeReset(nowMs, dayReset),
        credit_limit_daily_reset_timestamp: new Date(dayReset).toISOString(),
        credit_limit_monthly: SIM_CMC_PLAN.creditLimitMonthly,
        credit_limit_monthly_reset: describeReset(nowMs, monthReset),
        credit_limit_monthly_reset_timestamp: new Date(monthReset).toISOString(),
        rate_limit_minute: SIM_CMC_PLAN.rateLimitMinute,
      },
      usage: {
        current_minute: {
          requests_made: used.requestsThisMinute,
          requests_left: Math.max(0, SIM_CMC_PLAN.rateLimitMinute - used.requestsThisMinute),
        },
        current_day: {
          credits_used: used.creditsToday,
          credits_left: Math.max(0, SIM_CMC_PLAN.creditLimitDaily - used.creditsToday),
        },
        current_month: {
          credits_used: used.creditsThisMonth,
          credits_left: Math.max(0, SIM_CMC_PLAN.creditLimitMonthly - used.creditsThisMonth),
        },
      },
    },
  };
}
