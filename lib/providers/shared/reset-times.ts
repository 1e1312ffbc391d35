// Provider quotas reset on calendar boundaries in UTC; these turn "resets at midnight" into a wait.

const DAY_MS = 86_400_000;

/** Milliseconds from `now` to the next 00:00 UTC (a full day when `now` is exactly midnight). */
export function msUntilNextUtcMidnight(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  return next - now.getTime();
}

/** Milliseconds from `now` to 00:00 UTC on the first day of the next month. */
export function msUntilNextUtcMonth(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - now.getTime();
}
