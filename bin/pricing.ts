// The pricing service: polls the pricing provider (CoinMarketCap listings by default, CoinGecko
// without a key, or any provider named by PRICING_PROVIDER), failing over to PRICING_FALLBACK
// while it fails; writes price snapshots and appends each stored snapshot's prices to the history.
// It also keeps the exchange-rate table `vs=` converts with (lib/ingest/fx.ts).
import { runService } from "../lib/ingest/bootstrap";
import { runFxLoop } from "../lib/ingest/fx";
import { createPricingJob } from "../lib/ingest/jobs";
import { startLeaseKeeper } from "../lib/ingest/lease";
import { roleStartProblem } from "../lib/ingest/role-source";
import { runServiceLoop } from "../lib/ingest/service-loop";

await runService(
  "pricing",
  (config) => roleStartProblem(config, "pricing"),
  async (context) => {
    // Only the replica holding the pricing lease fetches; the others stand by.
    const lease = startLeaseKeeper(context, "pricing");
    // The exchange rates `vs=` converts with come from the same replica, on their own interval.
    await Promise.all([
      runServiceLoop(createPricingJob(context), { ...context, lease }),
      runFxLoop(context, { lease }),
    ]);
    await lease.stopped();
  },
);
