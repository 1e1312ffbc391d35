// The pricing service: polls CoinMarketCap listings, writes price snapshots and appends each
// stored snapshot's prices to the price history.
import { fetchCoinMarketCapListings } from "@/lib/providers/coinmarketcap/client";
import { writePriceSnapshot } from "@/lib/store";
import { runService } from "./bootstrap";
import { createPriceHistoryRecorder } from "./price-history";
import { runServiceLoop } from "./service-loop";

await runService(
  "pricing",
  (config) =>
    config.CMC_API_KEY
      ? null
      : "CMC_API_KEY is not set: the pricing service needs a CoinMarketCap API key (or run `npm run demo` for the offline simulator)",
  async ({ config, logger, store, signal }) => {
    const recordHistory = createPriceHistoryRecorder({ store, logger });
    await runServiceLoop(
      {
        role: "pricing",
        provider: "coinmarketcap",
        intervalSeconds: config.PRICING_REFRESH_SECONDS,
        async fetch(fetchSignal) {
          const fetched = await fetchCoinMarketCapListings({
            baseUrl: config.CMC_BASE_URL,
            apiKey: config.CMC_API_KEY,
            depth: config.PRICING_DEPTH,
            timeoutMs: config.HTTP_TIMEOUT_MS,
            retries: config.HTTP_RETRIES,
            maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
            signal: fetchSignal,
          });
          return { ...fetched, records: fetched.quotes };
        },
        write: (target, outcome, hash, fetchedAt) =>
          writePriceSnapshot(target.db, {
            provider: outcome.provider,
            fetchedAt,
            contentHash: hash,
            quotes: outcome.quotes,
            creditCount: outcome.creditCount,
            intervalSeconds: config.PRICING_REFRESH_SECONDS,
            simulated: outcome.simulated,
          }),
        afterCycle: (cycle) => recordHistory(cycle),
      },
      { store, logger, signal },
    );
  },
);
