// The pricing service: polls the pricing provider (CoinMarketCap listings by default, or CoinGecko),
// writes price snapshots and appends each stored snapshot's prices to the price history.
import { writePriceSnapshot } from "@/lib/store";
import { runService } from "./bootstrap";
import { createPriceHistoryRecorder } from "./price-history";
import { intervalFor, missingKeyFor, pricingSource } from "./providers";
import { runServiceLoop } from "./service-loop";

await runService(
  "pricing",
  (config) => missingKeyFor(config, "pricing"),
  async ({ config, logger, store, signal }) => {
    const recordHistory = createPriceHistoryRecorder({ store, logger });
    const source = pricingSource(config);
    const intervalSeconds = intervalFor(config, "pricing", logger);
    await runServiceLoop(
      {
        role: "pricing",
        provider: source.provider,
        intervalSeconds,
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
            intervalSeconds,
            simulated: outcome.simulated,
          }),
        afterCycle: (cycle) => recordHistory(cycle),
      },
      { store, logger, signal },
    );
  },
);
