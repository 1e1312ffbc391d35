// The ranking service: polls the CryptoCompare toplist and writes ranking snapshots; after each
// cycle it backfills a few coins' price history in the background.
import { fetchCryptoCompareRanking } from "@/lib/providers/cryptocompare/client";
import { writeRankingSnapshot } from "@/lib/store";
import { runService } from "./bootstrap";
import { createBackfillRunner } from "./history-backfill";
import { runServiceLoop } from "./service-loop";

await runService(
  "ranking",
  (config) =>
    config.CRYPTOCOMPARE_API_KEY
      ? null
      : "CRYPTOCOMPARE_API_KEY is not set: the ranking service needs a CryptoCompare API key (or run `npm run demo` for the offline simulator)",
  async ({ config, logger, store, signal }) => {
    const backfill = createBackfillRunner({
      store,
      logger,
      baseUrl: config.CRYPTOCOMPARE_BASE_URL,
      apiKey: config.CRYPTOCOMPARE_API_KEY,
      perCycle: config.HISTORY_BACKFILL_PER_CYCLE,
      http: {
        timeoutMs: config.HTTP_TIMEOUT_MS,
        retries: config.HTTP_RETRIES,
        maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
        signal,
      },
    });
    await runServiceLoop(
      {
        role: "ranking",
        provider: "cryptocompare",
        intervalSeconds: config.RANKING_REFRESH_SECONDS,
        async fetch(fetchSignal) {
          const fetched = await fetchCryptoCompareRanking({
            baseUrl: config.CRYPTOCOMPARE_BASE_URL,
            apiKey: config.CRYPTOCOMPARE_API_KEY,
            toplist: config.CRYPTOCOMPARE_TOPLIST,
            depth: config.RANKING_DEPTH,
            timeoutMs: config.HTTP_TIMEOUT_MS,
            retries: config.HTTP_RETRIES,
            maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
            signal: fetchSignal,
          });
          return { ...fetched, records: fetched.entries };
        },
        write: (target, outcome, hash, fetchedAt) =>
          writeRankingSnapshot(target.db, {
            provider: outcome.provider,
            fetchedAt,
            contentHash: hash,
            entries: outcome.entries,
            intervalSeconds: config.RANKING_REFRESH_SECONDS,
            simulated: outcome.simulated,
          }),
        // Not awaited beyond the trigger: a slow backfill must not push back the next ranking fetch.
        afterCycle: ({ outcome }) => {
          backfill.trigger(outcome.entries);
        },
      },
      { store, logger, signal },
    );
    // The store closes when this returns; let a running round finish (its calls abort with the signal).
    await backfill.idle();
  },
);
