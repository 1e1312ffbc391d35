// The pricing service: polls the pricing provider (CoinMarketCap listings by default, CoinGecko
// without a key, or any provider named by PRICING_PROVIDER), failing over to PRICING_FALLBACK
// while it fails; writes price snapshots and appends each stored snapshot's prices to the history.
import { runService } from "../lib/ingest/bootstrap";
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
    await runServiceLoop(createPricingJob(context), { ...context, lease });
    await lease.stopped();
  },
);
