// Provider credits are counted per UTC day: CoinMarketCap's daily allowance resets at UTC midnight.
import type { SourceState } from "./types";

/** The UTC day of a moment, YYYY-MM-DD. */
export function utcDay(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError("utcDay needs a valid date");
  return at.toISOString().slice(0, 10);
}

/** The credits a source spent on the UTC day of `now` (0 when its count is from an earlier day). */
export function creditsSpentOn(state: Pick<SourceState, "creditsToday" | "creditsDay">, now: Date): number {
  return state.creditsDay === utcDay(now) ? state.creditsToday : 0;
}
