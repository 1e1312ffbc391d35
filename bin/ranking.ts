// The ranking service: polls the ranking provider (the CryptoCompare toplist by default, CoinGecko
// without a key, or any provider named by RANKING_PROVIDER), failing over to RANKING_FALLBACK while
// it fails, and writes ranking snapshots. After each cycle served by CryptoCompare it backfills a
// few coins' price history from CryptoCompare in the background.
import { runService } from "../lib/ingest/bootstrap";
import { createRankingJob } from "../lib/ingest/jobs";
import { startLeaseKeeper } from "../lib/ingest/lease";
import { roleStartProblem } from "../lib/ingest/role-source";
import { runServiceLoop } from "../lib/ingest/service-loop";

await runService(
  "ranking",
  (config) => roleStartProblem(config, "ranking"),
  async (context) => {
    // Only the replica holding the ranking lease fetches; the others stand by.
    const lease = startLeaseKeeper(context, "ranking");
    const job = createRankingJob(context);
    await runServiceLoop(job, { ...context, lease });
    // The store closes when this returns; let a running round finish (its calls abort with the signal).
    await job.idle();
    await lease.stopped();
  },
);
