/**
 * What the simulated CoinMarketCap key has spent: calls in the current minute and credits in the
 * current UTC day and month. /v1/key/info reports it, so a client sees what its listings calls cost.
 * CoinMarketCap counts its days and months from the subscription date; the simulator uses UTC ones.
 */

/** The simulated key's plan: CoinMarketCap's free Basic plan as documented in the upstream notes. */
export const SIM_CMC_PLAN = { creditLimitDaily: 333, creditLimitMonthly: 10_000, rateLimitMinute: 30 } as const;

interface Charge {
  atMs: number;
  credits: number;
}

export interface CmcUsageSummary {
  requestsThisMinute: number;
  creditsToday: number;
  creditsThisMonth: number;
}

export function startOfUtcMinute(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}

export function startOfUtcDay(ms: number): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

export function startOfUtcMonth(ms: number, monthsAhead = 0): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + monthsAhead, 1);
}

export class CmcUsage {
  private charges: Charge[] = [];

  /** One answered data call and the credits it cost. */
  record(atMs: number, credits: number): void {
    const monthStart = startOfUtcMonth(atMs);
    // Nothing older than the current month is ever reported.
    this.charges = this.charges.filter((charge) => charge.atMs >= monthStart);
    this.charges.push({ atMs, credits });
  }

  reset(): void {
    this.charges = [];
  }

  summary(nowMs: number): CmcUsageSummary {
    const minute = startOfUtcMinute(nowMs);
    const day = startOfUtcDay(nowMs);
    const month = startOfUtcMonth(nowMs);
    const summary: CmcUsageSummary = { requestsThisMinute: 0, creditsToday: 0, creditsThisMonth: 0 };
    for (const { atMs, credits } of this.charges) {
      if (atMs > nowMs) continue;
      if (atMs >= minute) summary.requestsThisMinute += 1;
      if (atMs >= day) summary.creditsToday += credits;
      if (atMs >= month) summary.creditsThisMonth += credits;
    }
    return summary;
  }
}
