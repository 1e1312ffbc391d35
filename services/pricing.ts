// The pricing service: polls the pricing provider (CoinMarketCap listings by default, CoinGecko
// without a key, or any provider named by PRICING_PROVIDER), failing over to PRICING_FALLBACK
// while it fails; writes price snapshots and appends each stored snapshot's prices to the history.
import { writePriceSnapshot } from "@/lib/store";
import { runService } from "./bootstrap";
import { createPriceHistoryRecorder } from "./price-history";
import { pricingFetcher } from "./providers";
import { createRoleSource, roleStartProblem } from "./role-source";
import { runServiceLoop } from "./service-loop";

await runService(
  "pricing",
  (config) => roleStartProblem(config, "pricing"),
  async ({ config, logger, store, signal }) => {
    const recordHistory = createPriceHistoryRecorder({ store, logger });
    const source = createRoleSource(config, "pricing", logger, pricingFetcher);
    await runServiceLoop(
      {
        role: "pricing",
        get provider() {
          return source.provider;
        },
        get intervalSeconds() {
          return source.intervalSeconds;
        },
        selection: () => source.selection,
        async fetch(fetchSignal) {
          const { outcome, selection } = await source.fetch(fetchSignal);
          return { ...outcome, records: outcome.quotes, selection };
        },
        write: (target, outcome, hash, fetchedAt) =>
          writePriceSnapshot(target.db, {
            provider: outcome.provider,
            fetchedAt,
            contentHash: hash,
            quotes: outcome.quotes,
            creditCount: outcome.creditCount,
            intervalSeconds: source.intervalSeconds,
            simulated: outcome.simulated,
            selection: outcome.selection,
          }),
        afterCycle: (cycle) => recordHistory(cycle),
      },
      { store, logger, signal },
    );
  },
);
