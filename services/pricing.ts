// The pricing service: polls the pricing provider (CoinMarketCap listings by default, or CoinGecko),
// writes price snapshots and appends each stored snapshot's prices to the price history.
import { writePriceSnapshot } from "@/lib/store";
import { runService } from "./bootstrap";
import { createPriceHistoryRecorder } from "./price-history";
import { effectiveInterval, missingKeyFor, pricingSource } from "./providers";
import { runServiceLoop } from "./service-loop";

await runService(
  "pricing",
  (config) => missingKeyFor(config, "pricing"),
  async ({ config, logger, store, signal }) => {
    const recordHistory = createPriceHistoryRecorder({ store, logger });
    const source = pricingSource(config);
    const interval = effectiveInterval(config, "pricing");
    if (interval.raisedBy) {
      logger.warn(
        { configured: config.PRICING_REFRESH_SECONDS, effective: interval.seconds, reason: interval.raisedBy },
        interval.raisedBy === "credit_budget"
          ? `polling every ${interval.seconds} s to stay within CMC_DAILY_CREDITS=${config.CMC_DAILY_CREDITS} a day (0 turns the budget off)`
          : "PRICING_REFRESH_SECONDS is below the provider's own refresh of 60 s; polling its public host every 60 s",
      );
    }
    await runServiceLoop(
      {
        role: "pricing",
        provider: source.provider,
        intervalSeconds: interval.seconds,
        async fetch(fetchSignal) {
          const fetched = await source.fetch(fetchSignal);
          return { ...fetched, records: fetched.quotes };
        },
        write: (target, outcome, hash, fetchedAt) =>
          writePriceSnapshot(target.db, {
            provider: outcome.provider,
            fetchedAt,
            contentHash: hash,
            quotes: outcome.quotes,
            creditCount: outcome.creditCount,
            intervalSeconds: interval.seconds,
            simulated: outcome.simulated,
          }),
        afterCycle: (cycle) => recordHistory(cycle),
      },
      { store, logger, signal },
    );
  },
);
